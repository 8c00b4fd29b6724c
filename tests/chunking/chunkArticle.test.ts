import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkArticle, estimateTokens } from '../../src/chunking/chunkArticle.js';
import { splitSentences } from '../../src/chunking/sentences.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { loadCorpus, parseArticle, parseConvertedArticle } from '../../src/corpus/loadCorpus.js';
import { AnswerKind } from '../../src/language/english.js';
import type { Article } from '../../src/types.js';

const sentencesOf = (text: string) => splitSentences(text, { start: 0, end: text.length }).map((s) => text.slice(s.start, s.end));

describe('splitSentences', () => {
  it('does not break after abbreviations, initials, titles or decimals', () => {
    expect(sentencesOf('The U.S. and South Korea agreed. Mr. Kim met Gen. Park on Jan. 5 in Seoul. It cost 1.2 million won.')).toEqual([
      'The U.S. and South Korea agreed.',
      'Mr. Kim met Gen. Park on Jan. 5 in Seoul.',
      'It cost 1.2 million won.',
    ]);
  });

  it('keeps closing quotes with their sentence', () => {
    expect(sentencesOf('“Until they arrived, I thought it was a hoax,” he added. Most came with wounds.')).toEqual([
      '“Until they arrived, I thought it was a hoax,” he added.',
      'Most came with wounds.',
    ]);
    expect(sentencesOf('"Is it true?" she asked. Nobody knew.')).toEqual(['"Is it true?" she asked.', 'Nobody knew.']);
  });

  it('returns trimmed spans in the coordinates of the whole text', () => {
    const text = 'Header\n\n  First one. Second one.  ';
    const spans = splitSentences(text, { start: 8, end: text.length });
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['First one.', 'Second one.']);
  });
});

describe('chunkArticle over the real corpus', async () => {
  const { articles } = await loadCorpus(path.join(PROJECT_ROOT, 'corpus'), PROJECT_ROOT);
  const passages = articles.flatMap((a) => chunkArticle(a, { maxTokens: 256 }).map((p) => ({ a, p })));

  it('reproduces every passage and sentence from the file exactly', () => {
    expect(passages.length).toBeGreaterThan(40);
    for (const { a, p } of passages) {
      const file = readFileSync(path.join(PROJECT_ROOT, p.source), 'utf8');
      expect(file.slice(p.start, p.end)).toBe(p.text);
      expect(p.id).toBe(`${a.source}#${p.start}-${p.end}`);
      expect(p.sentences[0]!.start).toBe(p.start);
      expect(p.sentences.at(-1)!.end).toBe(p.end);
      for (const s of p.sentences) {
        expect(s.start).toBeGreaterThanOrEqual(p.start);
        expect(s.end).toBeLessThanOrEqual(p.end);
      }
    }
  });

  it('stays inside the model window and cites existing paragraphs', () => {
    for (const { a, p } of passages) {
      if (p.sentences.length > 1) expect(estimateTokens(p.text)).toBeLessThanOrEqual(Math.floor(256 * 0.6));
      expect(p.paragraphs.length).toBeGreaterThan(0);
      for (const n of p.paragraphs) expect(a.paragraphs.some((q) => q.number === n && !q.heading)).toBe(true);
    }
  });

  it('covers every sentence of every prose paragraph', () => {
    for (const a of articles) {
      const covered = chunkArticle(a, { maxTokens: 256 }).flatMap((p) => p.sentences.map((s) => s.start));
      for (const paragraph of a.paragraphs.filter((p) => !p.heading)) {
        for (const s of splitSentences(a.text, paragraph)) expect(covered).toContain(s.start);
      }
    }
  });

  it('never indexes residue', () => {
    for (const { p } of passages) expect(p.text).not.toMatch(/Leave a Reply|RECOMMENDATIONS|Next Post|#secrecy|\(ASIAPRESS\)\s*$/u);
  });
});

describe('chunkArticle windows', () => {
  const longParagraph = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} talks about soldiers and the front line.`).join(' ');
  const article = parseArticle(
    'corpus/long.txt',
    new TextEncoder().encode(
      `${longParagraph}\n\nShort tail.\n\nAnother paragraph that is long enough to stand alone as its own passage here.`,
    ),
  ) as Article;

  it('splits a long paragraph into overlapping windows of whole sentences', () => {
    const passages = chunkArticle(article, { maxTokens: 128 });
    const windows = passages.filter((p) => p.paragraphs[0] === 1);
    expect(windows.length).toBeGreaterThan(2);
    for (let i = 1; i < windows.length; i += 1) {
      expect(windows[i]!.sentences[0]).toEqual(windows[i - 1]!.sentences.at(-1));
    }
  });

  it('joins a very short paragraph to the next one', () => {
    const passages = chunkArticle(article, { maxTokens: 128 });
    const joined = passages.find((p) => p.text.startsWith('Short tail.'))!;
    expect(joined.paragraphs).toEqual([2, 3]);
  });

  it('cuts a single over-long sentence into passages that drop no text', () => {
    const sentence = `${'word '.repeat(400)}end.`;
    const a = parseArticle('corpus/one.txt', new TextEncoder().encode(sentence)) as Article;
    const passages = chunkArticle(a, { maxTokens: 128 });
    expect(passages.length).toBeGreaterThan(1);
    expect(passages[0]!.start).toBe(0);
    expect(passages.at(-1)!.end).toBe(sentence.length);
    // Each passage starts at or before the end of the one before it (past a space at most).
    for (let i = 1; i < passages.length; i += 1) expect(passages[i]!.start).toBeLessThanOrEqual(passages[i - 1]!.end + 1);
  });
});

describe('chunkArticle on a Markdown procedure and its code', () => {
  it('keeps a list of steps in one passage with the sentence leading into it, and a code block in a passage of its own', async () => {
    const page = [
      '# Backups',
      '## Making a backup',
      'To make a backup:',
      '1. Stop the Harbor service so that the database is not written to.',
      '2. Copy the whole data folder to another disk or machine, keeping the folder names as they are.',
      '3. Start the Harbor service again.',
      'The copy can be checked with this command:',
      '```sh\nharbor-check --data ./backup\n```',
    ].join('\n\n');
    const article = (await parseConvertedArticle('docs/backups.md', 'markdown', new TextEncoder().encode(page))) as Article;
    const passages = chunkArticle(article, { maxTokens: 128 });
    expect(passages.map((p) => p.text)).toEqual([
      'To make a backup:\n\nStop the Harbor service so that the database is not written to.\n\n' +
        'Copy the whole data folder to another disk or machine, keeping the folder names as they are.\n\nStart the Harbor service again.',
      'The copy can be checked with this command:',
      'harbor-check --data ./backup',
    ]);
    const [steps, , code] = passages;
    // Each numbered item is a step; the code block is one sentence, of code only.
    expect(steps?.sentenceKinds.map((k) => (k & AnswerKind.steps) !== 0)).toEqual([false, true, true, true]);
    expect(code?.sentenceKinds).toEqual([AnswerKind.code]);
  });
});
