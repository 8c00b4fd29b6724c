/**
 * The store the query side reads an index through, and its one door into src/index/: the
 * dense and lexical candidate steps, fetching passages by row, and the article records quotes
 * are cited from. The file index implements it (fileStore.ts); a server-backed store (a vector
 * database) is one more module implementing it, with nothing above it changed. The candidate
 * steps return promises so such a store can answer them over the network.
 */
import type { Article, Passage } from '../types.js';
import type { IndexCalibration, ModelIdentity } from './manifest.js';

/** Rows `[first, end)`; a store numbers its passages from 0. */
export interface RowRange {
  first: number;
  end: number;
}

export interface LexicalHit {
  row: number;
  score: number;
}

/** One question's BM25 scores over a store. */
export interface LexicalScores {
  /** The BM25 score of a row (0 where no question term is in it). */
  of(row: number): number;
  /** The `k` best-scoring rows (of one article's when `source` is given), best first. */
  best(k: number, source?: string): LexicalHit[];
}

/** The text a quote from an article is checked against before it is shown. */
export interface StoredText {
  /** The file's text, or null when it cannot be read. */
  text: string | null;
  /** Why the article is stale (the file cannot be read, or is not what was indexed), or null. */
  problem: string | null;
}

export interface PassageStore {
  readonly model: ModelIdentity;
  /** Changes with every committed change to the store; a reload is due when it differs. */
  readonly generation: number;
  /** The store's own levels (probes at ingest, or labelled questions), when measured. */
  readonly calibration?: IndexCalibration;
  /** In store order. */
  readonly articles: readonly Article[];
  article(source: string): Article | undefined;
  /** The rows of an article's passages, contiguous and in reading order. */
  rowsOf(source: string): RowRange | undefined;
  readonly passageCount: number;
  passage(row: number): Passage | undefined;
  /** How many passages hold an index term (0 for a term the store does not hold). */
  documentFrequency(term: string): number;
  /** Up to `limit` rows whose passage holds an index term, in row order. */
  rowsWithTerm(term: string, limit: number): number[];
  /** Dense candidate step: the `k` rows (of one article's when `source` is given) nearest a unit query vector, best first. */
  nearest(query: Float32Array, k: number, source?: string): Promise<number[]>;
  /** Lexical candidate step: BM25 of index term counts over every passage. */
  lexical(terms: ReadonlyMap<string, number>): Promise<LexicalScores>;
  /**
   * Cosine similarity of each row's vector with a unit query vector, in the order of `rows`:
   * one batch a question, so a store whose vectors live in a server fetches them once.
   */
  similarities(query: Float32Array, rows: readonly number[]): Promise<number[]>;
  /** Reads the text an article's quotes must match: its source file, or its text snapshot. */
  storedText(source: string): Promise<StoredText>;
  /** Marks an article for the next ingest to read again. */
  markStale(source: string): Promise<void>;
}

// The query side analyses words as the lexical index does, and opens and refreshes the file store.
export { indexWords, type IndexWord, processTerm } from './lexical.js';
export { openIndexStore, readStoreHead, storeOfSnapshot } from './fileStore.js';
export type { IndexProbe } from './ingest.js';
export { IndexError, type IndexCalibration, manifestPath as storeChangeFile, type ModelIdentity, sameModel } from './manifest.js';
export { MissingIndexError } from './loadIndex.js';
export { openPostgresStore } from './postgresStore.js';
export { readPostgresHead } from './readPostgresHead.js';
export { closeSharedPostgresPools, sharedPostgresPool } from './postgresPool.js';
