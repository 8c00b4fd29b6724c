import { describe, expect, it } from 'vitest';
import { int8ParallelScan } from '../../src/vectors/int8ParallelScan.js';
import { seededRandom } from '../support/seededRandom.js';
import { allocatePackedVectors, loopScan } from '../../src/vectors/denseScan.js';

function randomUnitVectors(
  rows: number,
  dimensions: number,
  seed: number,
  into: Float32Array = new Float32Array(rows * dimensions),
): Float32Array {
  const random = seededRandom(seed);
  for (let row = 0; row < rows; row += 1) {
    let norm = 0;
    for (let d = 0; d < dimensions; d += 1) {
      const x = random() - 0.5;
      into[row * dimensions + d] = x;
      norm += x * x;
    }
    for (let d = 0; d < dimensions; d += 1) into[row * dimensions + d] = (into[row * dimensions + d] as number) / Math.sqrt(norm);
  }
  return into;
}

describe('dense scan', () => {
  // 384 and 100 are the two models' sizes and take the SIMD kernel; 6 takes the plain loop.
  it.each([384, 100, 6])('returns the exact top rows at %i dimensions, over the whole index and over one article', (dimensions) => {
    const rows = 3000;
    const packed = allocatePackedVectors(rows, dimensions);
    randomUnitVectors(rows, dimensions, 1, packed.vectors);
    const reference = loopScan(packed.vectors, dimensions);
    const queries = randomUnitVectors(20, dimensions, 2);
    for (let q = 0; q < 20; q += 1) {
      const query = queries.subarray(q * dimensions, (q + 1) * dimensions);
      for (const range of [
        { first: 0, end: rows },
        { first: 1234, end: 1250 },
        { first: 10, end: 10 },
      ]) {
        expect(packed.scan.topRows(query, range, 40)).toEqual(reference.topRows(query, range, 40));
      }
    }
  });

  it('rejects a query of the wrong size', () => {
    const packed = allocatePackedVectors(10, 8);
    expect(() => packed.scan.topRows(new Float32Array(4), { first: 0, end: 10 }, 5)).toThrow(/4 dimensions/u);
  });

  it('int8 across two threads, rescored, keeps the exact top 5 on random data', async () => {
    const rows = 20_000;
    const dimensions = 384;
    const vectors = randomUnitVectors(rows, dimensions, 3);
    const reference = loopScan(vectors, dimensions);
    const scan = int8ParallelScan(vectors, dimensions, 100);
    try {
      const queries = randomUnitVectors(50, dimensions, 4);
      for (let q = 0; q < 50; q += 1) {
        const query = queries.subarray(q * dimensions, (q + 1) * dimensions);
        const all = { first: 0, end: rows };
        expect(scan.topRows(query, all, 5)).toEqual(reference.topRows(query, all, 5));
      }
    } finally {
      await scan.close();
    }
  });
});
