import { describe, expect, it } from 'vitest';
import { analyseQuestion, termCoverage, wordSimilarity } from '../../src/retrieval/searchPassages.js';
import type { IndexSnapshot } from '../../src/index/loadIndex.js';
import { indexWords } from '../../src/index/lexical.js';

/** Only what termCoverage reads: passage count and document frequencies. */
const snapshot = {
  passages: new Array(10),
  documentFrequencies: new Map([
    ['parent', 2],
    ['worri', 1],
  ]),
} as unknown as IndexSnapshot;

const unit = (...xs: number[]) => {
  const norm = Math.hypot(...xs);
  return Float32Array.from(xs, (x) => x / norm);
};

describe('termCoverage', () => {
  const PASSAGE = indexWords('The parents were worried.');
  const question = analyseQuestion('mothers worried');

  it('counts exact terms only when no word vectors are given', () => {
    const coverage = termCoverage(snapshot, question.terms, PASSAGE);
    expect(coverage).toBeGreaterThan(0);
    expect(coverage).toBeLessThan(0.5); // "mothers" is missing and, never seen in the corpus, weighs the most
  });

  it('credits a missing word by its closest word in the text, fully above the soft-match ceiling', () => {
    const close = new Map([
      ['mothers', unit(1, 0.1)],
      ['parents', unit(1, 0.12)],
      ['worried', unit(0, 1)],
      ['were', unit(0.3, -1)],
    ]);
    expect(termCoverage(snapshot, question.terms, PASSAGE, wordSimilarity(close))).toBeCloseTo(1, 5);
  });

  it('gives no credit for a word that is only loosely related', () => {
    const loose = new Map([
      ['mothers', unit(1, 0)],
      ['parents', unit(0.4, 1)], // cosine ≈ 0.37, below the floor
      ['worried', unit(0, 1)],
    ]);
    const exactOnly = termCoverage(snapshot, question.terms, PASSAGE);
    expect(termCoverage(snapshot, question.terms, PASSAGE, wordSimilarity(loose))).toBeCloseTo(exactOnly, 5);
  });
});
