import { describe, expect, it } from 'vitest';
import { chunkArticle } from '../../src/chunking/chunkArticle.js';
import { MAX_SENTENCE_CHARS, splitSentences } from '../../src/chunking/sentences.js';
import { parseArticle } from '../../src/corpus/loadCorpus.js';
import type { Article } from '../../src/types.js';

describe('overlong sentences', () => {
  it('a 255 KB line without a full stop becomes bounded passages, cut at clauses or words, offsets exact', () => {
    const clause = 'the committee heard evidence from residents of the valley about the closure of the branch line, ';
    const line = `Intro ${clause.repeat(Math.ceil(255_000 / clause.length))}and nobody disagreed`;
    const article = parseArticle('corpus/dump.txt', new TextEncoder().encode(`Long dump\n\n${line}\n`)) as Article;
    const passages = chunkArticle(article, { maxTokens: 256 });
    expect(passages.length).toBeGreaterThan(255_000 / MAX_SENTENCE_CHARS / 4);
    for (const passage of passages) {
      expect(passage.end - passage.start).toBeLessThanOrEqual(4 * MAX_SENTENCE_CHARS);
      expect(article.text.slice(passage.start, passage.end)).toBe(passage.text);
    }
    const sentences = splitSentences(
      article.text,
      article.paragraphs.find((p) => !p.heading)!,
    );
    // Cut after a comma (a clause), never inside a word.
    for (const s of sentences.slice(0, -1)) expect(article.text.slice(s.start, s.end)).toMatch(/,$/u);
    expect(sentences.map((s) => article.text.slice(s.start, s.end)).join(' ')).toBe(line);
  });

  it('without clause marks, cuts between words; a text without spaces is cut at the limit, never inside a character', () => {
    const words = 'word '.repeat(400).trim();
    const cut = splitSentences(words, { start: 0, end: words.length });
    expect(cut.length).toBeGreaterThan(1);
    for (const s of cut) expect(words.slice(s.start, s.end)).toMatch(/^word( word)*$/u);
    const emoji = '😀'.repeat(700);
    const pieces = splitSentences(emoji, { start: 0, end: emoji.length });
    expect(pieces.map((s) => emoji.slice(s.start, s.end)).join('')).toBe(emoji);
    for (const s of pieces) expect(emoji.slice(s.start, s.end)).toMatch(/^(😀)+$/u);
  });

  it('leaves ordinary sentences as they are', () => {
    const text = 'First sentence here. Second one, with a comma; and a clause.';
    expect(splitSentences(text, { start: 0, end: text.length }).map((s) => text.slice(s.start, s.end))).toEqual([
      'First sentence here.',
      'Second one, with a comma; and a clause.',
    ]);
  });
});
