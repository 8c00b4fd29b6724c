import { describe, expect, it } from 'vitest';
import { seededRandom } from '../support/seededRandom.js';
import { topRows } from '../../src/vectors/denseScan.js';

describe('topRows', () => {
  it('matches a full sort on random scores, with row offsets', () => {
    const random = seededRandom(7);
    for (const size of [0, 1, 5, 40, 1000]) {
      const scores = Float32Array.from({ length: size }, () => random() * 2 - 1);
      const expected = [...scores.keys()]
        .sort((a, b) => (scores[b] as number) - (scores[a] as number))
        .slice(0, 10)
        .map((i) => i + 100);
      expect(topRows(scores, 100, 10)).toEqual(expected);
    }
  });
});
