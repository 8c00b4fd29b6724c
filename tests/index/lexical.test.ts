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
  termsOf,
} from '../../src/index/lexical.js';

/** The real corpus's paragraphs, as passages. */
async function corpusParagraphs(): Promise<string[]> {
  const dir = path.join(PROJECT_ROOT, 'corpus');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.txt'));
  const texts = await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')));
  return texts.flatMap((text) => text.split(/\n\s*\n/u)).filter((p) => p.trim().length > 0);
}

const QUESTIONS = ['How many soldiers were deployed to Russia?', 'What did the president say about the talks?', 'soldiers soldiers Russia', 'kimchi'];

describe('lexical index', () => {
  it('ranks as the MiniSearch BM25 index it replaces, after a round trip through its files', async () => {
    const texts = await corpusParagraphs();
    const miniSearch = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], storeFields: [], processTerm, searchOptions: { combineWith: 'OR' } });
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
    const all = searchLexical(index, lexicalQueryOf('soldiers'), { first: 0, end: 5 }, 5).map((h) => h.row);
    const inRange = all.filter((row) => row >= 1 && row < 4).slice(0, 2);
    expect(searchLexical(index, lexicalQueryOf('soldiers'), { first: 1, end: 4 }, 2).map((h) => h.row)).toEqual(inRange);
    expect(searchLexical(index, lexicalQueryOf('soldiers'), { first: -10, end: 99 }, 9).map((h) => h.row)).toEqual(all);
  });

  it('counts document frequencies from its postings', () => {
    const texts = ['Soldiers marched.', 'The soldiers rested; soldiers ate.', 'Nobody marched.'];
    const df = new Map(lexicalDocumentFrequencies(buildLexicalIndex(texts)));
    const expected = new Map<string, number>();
    for (const text of texts) for (const term of new Set(termsOf(text))) expected.set(term, (expected.get(term) ?? 0) + 1);
    expect(df).toEqual(expected);
  });

  it('refuses a damaged binary', () => {
    const { terms, binary } = serialiseLexicalIndex(buildLexicalIndex(['one text', 'another text']));
    expect(() => deserialiseLexicalIndex(terms, binary.slice(0, binary.length - 2))).toThrow(/damaged/u);
  });
});
