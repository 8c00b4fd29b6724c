import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { type EvalCorpus, evalCorpora } from '../../src/eval/evalCorpora.js';
import { expectedPassages } from '../../src/calibration/expectedPassages.js';

const SEED_DIR = path.join(PROJECT_ROOT, 'corpus');
const NO_DEV_CORPORA = path.join(PROJECT_ROOT, 'tests', 'eval', 'no-such-folder');
const GENRES = ['docs', 'novel', 'speeches'];

/** The three genre corpora, checked to be all there so no loop over them runs empty. */
function genreCorpora(): EvalCorpus[] {
  const corpora = evalCorpora(PROJECT_ROOT, SEED_DIR, NO_DEV_CORPORA).filter((c) => GENRES.includes(c.name));
  expect(corpora).toHaveLength(GENRES.length);
  return corpora;
}
const goldOf = (corpus: EvalCorpus) => corpus.questions.flatMap((q) => expectedPassages(q).map((e) => ({ id: q.id, ...e })));

describe('evalCorpora', () => {
  let temp: string | undefined;
  afterEach(() => {
    if (temp) rmSync(temp, { recursive: true, force: true });
    temp = undefined;
  });

  it('reads the seed corpus and the committed genre corpora, with no dev corpora when their folder is absent', () => {
    const names = evalCorpora(PROJECT_ROOT, SEED_DIR, NO_DEV_CORPORA).map((c) => c.name);
    expect(names.sort()).toEqual(['docs', 'novel', 'seed', 'speeches']);
  });

  it('finds every gold fragment verbatim in the article it names, 4 to 12 words long', () => {
    for (const corpus of genreCorpora()) {
      const gold = goldOf(corpus);
      expect(gold.length, corpus.name).toBeGreaterThanOrEqual(40);
      const missing = gold.filter((g) => !corpus.fileText(g.source).includes(g.fragment)).map((g) => `${corpus.name}:${g.id}`);
      const badLength = gold
        .filter((g) => {
          const n = g.fragment.split(/\s+/u).length;
          return n < 4 || n > 12;
        })
        .map((g) => `${corpus.name}:${g.id}`);
      expect({ missing, badLength }).toEqual({ missing: [], badLength: [] });
    }
  });

  it('reads a Markdown page as the index quotes it, without markup, and finds its gold fragments there', () => {
    const docs = genreCorpora().find((c) => c.name === 'docs') as EvalCorpus;
    const sources = [...new Set(goldOf(docs).map((g) => g.source))];
    expect(sources.length).toBeGreaterThanOrEqual(10);
    expect(sources.every((source) => source.endsWith('.md'))).toBe(true);
    const api = docs.fileText('articles/api.md');
    expect(api).toContain('The minimum level to log: Pino will not log messages');
    // The raw page has code fences and inline code marks; the snapshot that is quoted has neither,
    // but keeps the code of a code block as written.
    expect(api).not.toMatch(/^\s*```/mu);
    expect(api).toContain('The default logging methods are trace, debug, info, warn, error, and fatal.');
    expect(api).toContain("logger.info({ userId: '123' }) // ✅ Works fine");
  });

  it('puts answerable questions in both the fit and the held-out part of each genre corpus', () => {
    for (const corpus of genreCorpora()) {
      const answerable = corpus.questions.filter((q) => expectedPassages(q).length > 0);
      const parts = new Set(answerable.map((q) => q.part));
      expect([corpus.name, ...[...parts].sort()]).toEqual([corpus.name, 'fit', 'heldout']);
    }
  });

  it('gives every unanswerable question an empty gold and one of the three sub-kinds, each used', () => {
    for (const corpus of genreCorpora()) {
      const unanswerable = corpus.questions.filter((q) => q.kind === 'unanswerable');
      expect(unanswerable.length, corpus.name).toBeGreaterThanOrEqual(15);
      expect(unanswerable.filter((q) => expectedPassages(q).length > 0)).toEqual([]);
      expect([...new Set(unanswerable.map((q) => q.subkind))].sort()).toEqual(['offtopic', 'ontopic-absent', 'swapped-name']);
    }
  });

  it('opens each chapter and address with its heading line', () => {
    const firstLines = (name: string) => {
      const corpus = genreCorpora().find((c) => c.name === name) as EvalCorpus;
      return [...new Set(goldOf(corpus).map((g) => g.source))].map((source) => corpus.fileText(source).split('\n')[0]);
    };
    const chapters = firstLines('novel');
    const addresses = firstLines('speeches');
    expect(chapters.length).toBeGreaterThanOrEqual(12);
    expect(addresses.length).toBeGreaterThanOrEqual(12);
    expect(chapters.filter((line) => !/^CHAPTER \d+\. \S/u.test(line ?? ''))).toEqual([]);
    expect(addresses.filter((line) => !/^State of the Union, \d{4} — \S/u.test(line ?? ''))).toEqual([]);
  });

  it('refuses a dev corpus named like a committed one, since indexes and --corpus go by name', () => {
    temp = mkdtempSync(path.join(tmpdir(), 'verbatim-dev-corpora-'));
    mkdirSync(path.join(temp, 'novel', 'articles'), { recursive: true });
    writeFileSync(path.join(temp, 'novel', 'articles', 'a.txt'), 'A title\n\nSome text of an article.\n');
    writeFileSync(path.join(temp, 'novel', 'questions.jsonl'), '{"id":"x1","kind":"unanswerable","q":"what?","gold":[]}\n');
    expect(() => evalCorpora(PROJECT_ROOT, SEED_DIR, temp as string)).toThrow('Two eval corpora are called "novel"');
  });
});
