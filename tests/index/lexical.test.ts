import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import {
  buildLexicalIndex,
  deserialiseLexicalIndex,
  lexicalDocumentFrequencies,
  processTerm,
  lexicalQueryOf,
  searchLexical,
  serialiseLexicalIndex,
} from '../../src/index/lexical.js';

/** The real corpus's paragraphs, as passages. */
async function corpusParagraphs(): Promise<string[]> {
  const dir = path.join(PROJECT_ROOT, 'corpus');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.txt'));
  const texts = await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')));
  return texts.flatMap((text) => text.split(/\n\s*\n/u)).filter((p) => p.trim().length > 0);
}

const QUESTIONS = [
  'How many soldiers were deployed to Russia?',
  'What did the president say about the talks?',
  'soldiers soldiers Russia',
  'kimchi',
];

describe('lexical index', () => {
  it('ranks as the MiniSearch BM25 index it replaces, after a round trip through its files', async () => {
    const texts = await corpusParagraphs();
    const miniSearch = new MiniSearch<{ id: number; text: string }>({
      fields: ['text'],
      storeFields: [],
      processTerm,
      searchOptions: { combineWith: 'OR' },
    });
    miniSearch.addAll(texts.map((text, id) => ({ id, text })));
    const { terms, binary } = serialiseLexicalIndex(buildLexicalIndex(texts));
    const index = deserialiseLexicalIndex(terms, Uint8Array.from(binary));
    for (const question of QUESTIONS) {
      const expected = miniSearch.search(question).map((r) => ({ row: r.id as number, score: r.score }));
      const found = searchLexical(index, lexicalQueryOf(question), { first: 0, end: texts.length }, texts.length);
      expect(found.map((h) => h.row)).toEqual(expected.map((h) => h.row));
      found.forEach((hit, i) => expect(hit.score).toBeCloseTo((expected[i] as { score: number }).score, 6));
    }
  });

  it('returns the best rows of a range only', () => {
    const texts = ['soldiers', 'soldiers soldiers', 'no match', 'soldiers here', 'soldiers soldiers soldiers'];
    const index = buildLexicalIndex(texts);
    // BM25+ (k 1.2, b 0.7; length = distinct tokens, mean 1.4): more "soldiers" in as short a row ranks higher,
    // so 4 (three), 1 (two), 0 (one, length 1), 3 (one, length 2); row 2 does not match.
    expect(searchLexical(index, lexicalQueryOf('soldiers'), { first: 0, end: 5 }, 5).map((h) => h.row)).toEqual([4, 1, 0, 3]);
    expect(searchLexical(index, lexicalQueryOf('soldiers'), { first: 1, end: 4 }, 2).map((h) => h.row)).toEqual([1, 3]);
    expect(searchLexical(index, lexicalQueryOf('soldiers'), { first: -10, end: 99 }, 9).map((h) => h.row)).toEqual([4, 1, 0, 3]);
  });

  it('counts document frequencies from its postings', () => {
    const texts = ['Soldiers marched.', 'The soldiers rested; soldiers ate.', 'Nobody marched.'];
    const df = new Map(lexicalDocumentFrequencies(buildLexicalIndex(texts)));
    // Porter stems, "The" a stop word; "soldiers" twice in one text counts once.
    expect(df).toEqual(
      new Map([
        ['soldier', 2],
        ['march', 2],
        ['rest', 1],
        ['at', 1],
        ['nobodi', 1],
      ]),
    );
  });

  it('refuses a damaged binary', () => {
    const { terms, binary } = serialiseLexicalIndex(buildLexicalIndex(['one text', 'another text']));
    expect(() => deserialiseLexicalIndex(terms, binary.slice(0, binary.length - 2))).toThrow(/damaged/u);
  });
});
