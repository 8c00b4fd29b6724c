/**
 * Loads a committed index into memory as one read-only snapshot: every segment the manifest
 * names, with passage rows numbered across segments, the packed vectors, and the per-segment
 * BM25 indexes. A snapshot never changes; a reload builds a new one and swaps it in.
 */
import { allocatePackedVectors, type DenseScan } from '../vectors/denseScan.js';
import type { Article, Passage } from '../types.js';
import { type LexicalIndex, lexicalDocumentFrequencies } from './lexical.js';
import { IndexError, type IndexManifest, readManifest } from './manifest.js';
import { readSegment } from './segment.js';

export interface LexicalSegment {
  index: LexicalIndex;
  /** Global row of the segment's first passage. */
  rowOffset: number;
}

export interface IndexSnapshot {
  /** The folder the index was loaded from. */
  indexDir: string;
  manifest: IndexManifest;
  dimensions: number;
  /** In manifest order. */
  articles: Article[];
  articleBySource: Map<string, Article>;
  /** Global rows; an article's passages are contiguous and in reading order. */
  passages: Passage[];
  /** `passages.length × dimensions`, row-major, unit vectors. */
  vectors: Float32Array;
  /** The exact nearest-row scan over `vectors`. */
  dense: DenseScan;
  /** `[first, end)` rows of each article. */
  rowsBySource: Map<string, { first: number; end: number }>;
  lexical: LexicalSegment[];
  /** Document frequency of each index term over all passages. */
  documentFrequencies: Map<string, number>;
}

export class MissingIndexError extends IndexError {
  override name = 'MissingIndexError';
}

/**
 * The committed index, or the generation `uncommitted` names: an ingest probes the generation
 * it is about to commit, so that its levels are committed with it.
 */
export async function loadIndex(indexDir: string, uncommitted?: IndexManifest): Promise<IndexSnapshot> {
  const manifest = uncommitted ?? (await readManifest(indexDir));
  if (!manifest) throw new MissingIndexError(`No index in ${indexDir}. Build it with: npm run ingest`);
  const dimensions = manifest.model.dimensions;
  const totalRows = manifest.segments.reduce((n, s) => n + s.passages, 0);
  const { vectors, scan: dense } = allocatePackedVectors(totalRows, dimensions);
  // Each segment's vectors are read straight into their rows of the scan memory.
  let nextRow = 0;
  const segmentVectors = manifest.segments.map((s) => {
    const first = nextRow * dimensions;
    nextRow += s.passages;
    return vectors.subarray(first, first + s.passages * dimensions);
  });
  const segments = await Promise.all(manifest.segments.map((s, i) => readSegment(indexDir, s, dimensions, segmentVectors[i])));

  const passages: Passage[] = [];
  const articles: Article[] = [];
  const rowsBySource = new Map<string, { first: number; end: number }>();
  const lexical: LexicalSegment[] = [];
  const documentFrequencies = new Map<string, number>();
  for (const segment of segments) {
    lexical.push({ index: segment.lexical, rowOffset: passages.length });
    articles.push(...segment.articles);
    for (const passage of segment.passages) {
      const row = passages.length;
      const range = rowsBySource.get(passage.source);
      if (range) range.end = row + 1;
      else rowsBySource.set(passage.source, { first: row, end: row + 1 });
      passages.push(passage);
    }
    for (const [term, df] of lexicalDocumentFrequencies(segment.lexical)) {
      documentFrequencies.set(term, (documentFrequencies.get(term) ?? 0) + df);
    }
  }
  return {
    indexDir,
    manifest,
    dimensions,
    articles,
    articleBySource: new Map(articles.map((a) => [a.source, a])),
    passages,
    vectors,
    dense,
    rowsBySource,
    lexical,
    documentFrequencies,
  };
}

/** The rows to search: one article's (none when the index does not hold it), or every row. */
export function rowRangeOf(snapshot: IndexSnapshot, source?: string): { first: number; end: number } {
  if (source === undefined) return { first: 0, end: snapshot.passages.length };
  return snapshot.rowsBySource.get(source) ?? { first: 0, end: 0 };
}
