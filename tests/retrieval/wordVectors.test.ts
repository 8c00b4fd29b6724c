import { describe, expect, it } from 'vitest';
import { createWordVectorCache } from '../../src/retrieval/wordVectors.js';

describe('word vector cache', () => {
  it('keeps the corpus words it embeds, but embeds question-only words for their question alone', async () => {
    const embedded: string[][] = [];
    const cache = createWordVectorCache(
      async (words) => {
        embedded.push(words);
        return words.map((_, i) => Float32Array.of(i + 1));
      },
      (word) => word === 'soldiers',
    );
    const first = await cache.vectorsFor(['soldiers', 'kimchi', 'soldiers']);
    expect(first.get('soldiers')).toBeDefined();
    expect(first.get('kimchi')).toBeDefined();
    const second = await cache.vectorsFor(['soldiers', 'kimchi', 'soldiers']);
    expect(second.get('kimchi')).toBeDefined();
    // "soldiers" was kept from the first question; "kimchi" had to be embedded again.
    expect(embedded).toEqual([['soldiers', 'kimchi'], ['kimchi']]);
  });
});
