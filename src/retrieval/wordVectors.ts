/**
 * Vectors of single words, for matching a question word to a passage word of similar meaning.
 * They come from the same embedding model as the passages (a word embedded on its own) and are
 * kept for the life of the engine: a corpus has a bounded vocabulary, so after the first
 * questions nearly every word is already known and a question costs no model call for it.
 */
import { indexWords } from '../index/lexical.js';
import type { WordVectors } from './searchPassages.js';

export interface WordVectorCache {
  vectors: WordVectors;
  /** Embeds the words of `texts` that are not known yet. */
  load(texts: Iterable<string>): Promise<void>;
}

export function createWordVectorCache(embedWords: (words: string[]) => Promise<Float32Array[]>): WordVectorCache {
  const vectors = new Map<string, Float32Array>();
  return {
    vectors,
    async load(texts) {
      const missing = new Set<string>();
      for (const text of texts) {
        for (const { word } of indexWords(text)) if (!vectors.has(word)) missing.add(word);
      }
      if (missing.size === 0) return;
      const words = [...missing];
      const embedded = await embedWords(words);
      words.forEach((word, i) => vectors.set(word, embedded[i] as Float32Array));
    },
  };
}
