/**
 * Vectors of single words, for matching a question word to a passage word of similar meaning.
 * They come from the same embedding model as the passages (a word embedded on its own). Words
 * of the corpus are kept for the life of the engine: its vocabulary is bounded, so after the
 * first questions a question costs no model call for them. Words only questions use (typos,
 * other topics) are embedded for their question alone, so what users type cannot grow memory.
 */
import type { WordVectors } from './candidateFeatures.js';

export interface WordVectorCache {
  /** The vectors of `words` (lower-cased, as `indexWords` gives them): the corpus's from the cache, the others embedded now. */
  vectorsFor(words: Iterable<string>): Promise<WordVectors>;
}

export function createWordVectorCache(
  embedWords: (words: string[]) => Promise<Float32Array[]>,
  isCorpusWord: (word: string) => boolean,
): WordVectorCache {
  const corpusWords = new Map<string, Float32Array>();
  return {
    async vectorsFor(words) {
      const missing = new Set<string>();
      for (const word of words) if (!corpusWords.has(word)) missing.add(word);
      const questionOnly = new Map<string, Float32Array>();
      if (missing.size > 0) {
        const toEmbed = [...missing];
        const embedded = await embedWords(toEmbed);
        toEmbed.forEach((word, i) => (isCorpusWord(word) ? corpusWords : questionOnly).set(word, embedded[i] as Float32Array));
      }
      return { get: (word) => corpusWords.get(word) ?? questionOnly.get(word) };
    },
  };
}
