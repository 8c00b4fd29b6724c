import { describe, expect, it } from 'vitest';
import { termCoverage, wordSimilarity } from '../../src/retrieval/candidateFeatures.js';
import type { PassageStore } from '../../src/index/passageStore.js';
import { indexWords } from '../../src/index/lexical.js';
import { analyseQuestion } from '../../src/question/analyseQuestion.js';

/** Only what termCoverage reads: passage count and document frequencies. */
const frequencies = new Map([
  ['parent', 2],
  ['worri', 1],
]);
const store = { passageCount: 10, documentFrequency: (term: string) => frequencies.get(term) ?? 0 } as unknown as PassageStore;
const softMatch = { floor: 0.5, full: 0.9 };
const noNames = { isName: () => false };

const unit = (...xs: number[]) => {
  const norm = Math.hypot(...xs);
  return Float32Array.from(xs, (x) => x / norm);
};
const close = new Map([
  ['mothers', unit(1, 0.1)],
  ['parents', unit(1, 0.12)],
  ['worried', unit(0, 1)],
  ['were', unit(0.3, -1)],
]);

describe('termCoverage', () => {
  const PASSAGE = indexWords('The parents were worried.');
  const question = analyseQuestion('mothers worried', noNames);

  it('counts exact terms only without soft matching', () => {
    const coverage = termCoverage({ store, similarity: wordSimilarity(close), softMatch }, question, PASSAGE, false);
    expect(coverage).toBeGreaterThan(0);
    expect(coverage).toBeLessThan(0.5); // "mothers" is missing and, never seen in the corpus, weighs the most
  });

  it('credits a missing common word by its closest word in the text, fully above the soft-match ceiling', () => {
    expect(termCoverage({ store, similarity: wordSimilarity(close), softMatch }, question, PASSAGE, true)).toBeCloseTo(1, 5);
  });

  it('never credits a missing name by similarity', () => {
    const named = analyseQuestion('Mothers worried', { isName: (term) => term === 'mother' });
    expect(named.anchors.map((a) => a.term)).toEqual(['mother']);
    const exact = termCoverage({ store, similarity: wordSimilarity(close), softMatch }, named, PASSAGE, false);
    expect(termCoverage({ store, similarity: wordSimilarity(close), softMatch }, named, PASSAGE, true)).toBeCloseTo(exact, 5);
  });

  it('gives no credit for a word that is only loosely related', () => {
    const loose = new Map([
      ['mothers', unit(1, 0)],
      ['parents', unit(0.4, 1)], // cosine ≈ 0.37, below the floor
      ['worried', unit(0, 1)],
    ]);
    const context = { store, similarity: wordSimilarity(loose), softMatch };
    expect(termCoverage(context, question, PASSAGE, true)).toBeCloseTo(termCoverage(context, question, PASSAGE, false), 5);
  });
});
