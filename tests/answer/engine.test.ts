import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCorpusEngine, UnknownSourceError } from '../../src/answer/openEngine.js';
import { seedCorpus } from '../support/seedCorpus.js';

const { config, projectRoot } = seedCorpus();
const engine = await openCorpusEngine(config, { log: () => undefined });
const fileText = (source: string) => readFileSync(path.join(projectRoot, source), 'utf8');

describe('answers are verbatim and cited', () => {
  it('every quote and highlight reproduces the file, over many questions', async () => {
    let checked = 0;
    const questions = ['How many soldiers were deployed?', 'dying like dogs', 'What did the nurse say?', 'casualties', 'Kim Jong Un'];
    for (const q of questions) {
      const answer = await engine.ask(q, { k: 10 });
      for (const quote of answer.quotes) {
        const text = fileText(quote.source);
        expect(text.slice(quote.start, quote.end)).toBe(quote.text);
        expect(quote.highlight).not.toBeNull();
        expect(quote.highlight!.start).toBeGreaterThanOrEqual(quote.start);
        expect(quote.highlight!.end).toBeLessThanOrEqual(quote.end);
        expect(quote.title.length).toBeGreaterThan(0);
        expect(quote.paragraph).toBeGreaterThanOrEqual(1);
        checked += 1;
      }
    }
    // Each question brings at least its closest passages.
    expect(checked).toBeGreaterThanOrEqual(questions.length);
  });

  it('finds an exact phrase first, with the phrase highlighted', async () => {
    const answer = await engine.ask('dying like dogs');
    expect(answer.answered).toBe(true);
    const [first] = answer.quotes;
    expect(first!.source).toMatch(/002_/u);
    expect(fileText(first!.source).slice(first!.highlight!.start, first!.highlight!.end)).toContain('dying like dogs');
  });

  it('cites the paragraph that holds the highlight', async () => {
    const [first] = (await engine.ask('K Battalion')).quotes;
    const window = engine.paragraphWindow(first!.source, first!.paragraph, 0)!;
    expect(window.paragraphs[0]!.text).toContain('K Battalion');
  });

  it('quotes disagreeing sources side by side, each with its own citation', async () => {
    const answer = await engine.ask('How many North Korean casualties have there been?', { k: 5 });
    const sources = new Set(answer.quotes.map((q) => q.source));
    expect(sources.size).toBeGreaterThanOrEqual(2);
    const all = answer.quotes.map((q) => q.text).join(' ');
    expect(all).toMatch(/1,100|3,000|1,000/u);
  });

  it('merges overlapping windows instead of showing a spot twice', async () => {
    const answer = await engine.ask('North Korean soldiers Russia deployment', { k: 25 });
    const bySource = new Map<string, Array<{ start: number; end: number }>>();
    for (const q of answer.quotes) bySource.set(q.source, [...(bySource.get(q.source) ?? []), q]);
    // Some article gives several quotes, so there are neighbours to compare.
    expect(Math.max(...[...bySource.values()].map((spans) => spans.length))).toBeGreaterThan(1);
    for (const spans of bySource.values()) {
      const sorted = spans.sort((a, b) => a.start - b.start);
      for (let i = 1; i < sorted.length; i += 1) expect(sorted[i]!.start).toBeGreaterThanOrEqual(sorted[i - 1]!.end);
    }
  });

  it('pages with offset without repeating quotes', async () => {
    const first = await engine.ask('soldiers', { k: 3 });
    const next = await engine.ask('soldiers', { k: 3, offset: 3 });
    const key = (q: { source: string; start: number }) => `${q.source}:${q.start}`;
    expect(next.quotes.map(key).some((k) => first.quotes.map(key).includes(k))).toBe(false);
  });
});

describe('filters and abstention', () => {
  it('restricts the search to one article by file name or title', async () => {
    const byFile = await engine.ask('soldiers', { source: '003_61072db9a6740825.txt', k: 10 });
    expect(byFile.quotes.every((q) => q.source.endsWith('003_61072db9a6740825.txt'))).toBe(true);
    const byTitle = await engine.ask('soldiers', { source: 'north korea is still hiding deployment of troops to russia from the people' });
    expect(byTitle.quotes.every((q) => q.source.includes('001_'))).toBe(true);
    await expect(engine.ask('soldiers', { source: 'no-such-article' })).rejects.toThrow(UnknownSourceError);
  });

  it('says nothing was found for off-topic questions', async () => {
    for (const q of ['What is the recipe for kimchi?', 'How do I reset my Discord password?', 'What is the capital of Australia?']) {
      expect((await engine.ask(q)).answered, q).toBe(false);
    }
  });

  it('puts the passages with the kind of answer asked for first, and answers only from them', async () => {
    // "When will the war end?" has no dated answer in the corpus.
    expect((await engine.ask('When will the war in Ukraine end?')).answered).toBe(false);
    // "sent" is not the corpus's word ("deployed"), so this one is not answered outright, but the
    // figures come before the better-worded "The soldiers sent to Russia have had no training…".
    const close = await engine.ask('How many North Korean soldiers were sent to Russia?');
    expect(close.quotes[0]!.text).toMatch(/12,000/u);
    const answered = await engine.ask('How many soldiers has North Korea deployed to Russia?');
    expect(answered.level).toBe('answer');
    expect(answered.confidence).toBeGreaterThanOrEqual(engine.levels.answerLevel);
    expect(answered.quotes[0]!.text).toContain('12,000');
    const answering = answered.quotes.filter((q) => q.answers);
    expect(answering.length).toBeGreaterThan(0);
    for (const quote of answering) expect(quote.text).toMatch(/\d/u);
  });

  it('never answers with a passage that lacks a name or number the question gives', async () => {
    const right = await engine.ask('How many soldiers has North Korea deployed to Russia?');
    expect(right.answered).toBe(true);
    for (const swapped of [
      'How many soldiers has China deployed to Russia?',
      'How many soldiers has North Korea deployed to Japan?',
      'How many soldiers has North Korea deployed to Russia in 1995?',
      'Which Canadian general commands the North Korean troops?',
    ]) {
      const answer = await engine.ask(swapped);
      expect(answer.answered, swapped).toBe(false);
    }
  });

  it('gives the same answer to the same question however it is wrapped or cased', async () => {
    const base = await engine.ask('How many soldiers has North Korea deployed to Russia?');
    for (const variant of [
      'quick question: How many soldiers has North Korea deployed to Russia?',
      'Do you know how many soldiers North Korea has deployed to Russia?',
      'Can you tell me how many soldiers has North Korea deployed to Russia',
      'I was wondering how many soldiers has North Korea deployed to Russia?',
      'In the articles, how many soldiers has North Korea deployed to Russia?',
      'how many soldiers has north korea deployed to russia',
      'HOW MANY SOLDIERS HAS NORTH KOREA DEPLOYED TO RUSSIA?',
      'How many soldiers has North Korea deployed to Russia? thanks!',
    ]) {
      const answer = await engine.ask(variant);
      expect(answer.answered, variant).toBe(base.answered);
      expect(answer.quotes[0]?.start, variant).toBe(base.quotes[0]?.start);
    }
  });

  it('copes with empty, huge, emoji, control-character and stop-word-only questions', async () => {
    expect(await engine.ask('   ')).toEqual({ question: '   ', answered: false, level: 'none', confidence: 0, quotes: [] });
    const huge = await engine.ask('soldiers '.repeat(1200));
    expect(huge.question).toHaveLength(10_800);
    const emoji = await engine.ask('🪖🇰🇵 soldiers? 🤔');
    expect(emoji.quotes.length).toBeGreaterThan(0);
    const control = await engine.ask('soldiers\u0000\u0007 deployed\u001b[31m');
    expect(control.quotes.length).toBeGreaterThan(0);
    const stopWords = await engine.ask('what is the of and to');
    expect(stopWords.answered).toBe(false);
    const korean = await engine.ask('북한군은 몇 명입니까?');
    expect(korean.answered).toBe(false);
  });
});

describe('articles and paragraphs', () => {
  it('lists articles with counts, finds them for autocomplete, and shows paragraph windows', () => {
    const articles = engine.listArticles();
    expect(articles).toHaveLength(5);
    expect(articles.every((a) => a.paragraphs > 0 && a.passages > 0)).toBe(true);
    expect(engine.findArticles('secrecy', 25).map((a) => a.source)).toEqual(['corpus/004_ff486813183256c4.txt']);
    expect(engine.findArticles('', 2)).toHaveLength(2);
    const window = engine.paragraphWindow('004_ff486813183256c4.txt', 2)!;
    expect(window.paragraphs.map((p) => p.number)).toEqual([1, 2, 3]);
    for (const p of window.paragraphs) expect(fileText(window.source).slice(p.start, p.end)).toBe(p.text);
    expect(engine.paragraphWindow('004_ff486813183256c4.txt', 999)).toBeNull();
  });
});

describe('follow-ups', () => {
  it('answers "and how many were wounded?" with the earlier question as context', async () => {
    const earlier = 'How many North Korean soldiers were sent to Russia?';
    const first = await engine.ask(earlier);
    const alone = await engine.ask('and how many were wounded?');
    const followUp = await engine.ask('and how many were wounded?', {
      context: { earlierQuestions: [earlier], citedSources: first.quotes.slice(0, 2).map((q) => q.source) },
    });
    const top = followUp.quotes[0]!;
    expect(top.text).toMatch(/wounded/u);
    expect(top.text).toMatch(/\d|twenty|hundred/u);
    expect(top.text).toMatch(/North Korea/u);
    expect(followUp.question).toBe('and how many were wounded?');
    expect(followUp.quotes.map((q) => q.start)).not.toEqual(alone.quotes.map((q) => q.start));
  });
});
