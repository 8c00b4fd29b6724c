/**
 * The file index (segments + manifest) as a `PassageStore`: one loaded snapshot read through the
 * store interface (the dense scan, the per-segment BM25 indexes, the passage records), plus
 * upserting or deleting vectors of indexed passages by rewriting the segments that hold them as
 * a new committed generation, then reloading. Passages come into the file index with their
 * articles, through ingest; `upsert` and `delete` change only what is already there.
 */
import { projectRootOf } from '../corpus/projectRootOf.js';
import { cosine } from '../vectors/denseScan.js';
import { editIndexedArticles } from './ingest.js';
import { bestLexicalHits, rowsWithTerm, scoreLexical } from './lexical.js';
import { type IndexSnapshot, loadIndex, rowRangeOf } from './loadIndex.js';
import { type IndexCalibration, IndexError, type ModelIdentity, readManifest } from './manifest.js';
import type { LexicalScores, PassageStore } from './passageStore.js';
import type { IndexedArticle } from './segment.js';
import { markStale } from './staleArticles.js';
import { storedTexts } from './storedTexts.js';

export interface StoredVector {
  passageId: string;
  source: string;
  vector: Float32Array;
}

export interface FilePassageStore extends PassageStore {
  upsert(items: StoredVector[]): Promise<void>;
  delete(passageIds: string[]): Promise<void>;
}

/** BM25 scores of every passage of the index for a query, by global row. */
function lexicalScores(snapshot: IndexSnapshot, terms: ReadonlyMap<string, number>): LexicalScores {
  const scores = new Float64Array(snapshot.passages.length);
  for (const { index, rowOffset } of snapshot.lexical)
    scoreLexical(index, terms, scores.subarray(rowOffset, rowOffset + index.lengths.length));
  return {
    of: (row) => scores[row] ?? 0,
    best: (k, source) => bestLexicalHits(scores, rowRangeOf(snapshot, source), k),
  };
}

function termRows(snapshot: IndexSnapshot, term: string, limit: number): number[] {
  const rows: number[] = [];
  for (const { index, rowOffset } of snapshot.lexical) {
    if (rows.length >= limit) break;
    for (const row of rowsWithTerm(index, term, limit - rows.length)) rows.push(row + rowOffset);
  }
  return rows;
}

/** The article of each passage id, refusing ids the index does not hold. */
function sourcesOf(snapshot: IndexSnapshot, passageIds: Iterable<string>): Set<string> {
  const sourceById = new Map(snapshot.passages.map((p) => [p.id, p.source]));
  const sources = new Set<string>();
  for (const id of passageIds) {
    const source = sourceById.get(id);
    if (source === undefined) throw new IndexError(`Passage ${id} is not in the index; passages are added with their articles by ingest.`);
    sources.add(source);
  }
  return sources;
}

function replaceVectors(item: IndexedArticle, byId: Map<string, Float32Array>): IndexedArticle {
  return { ...item, vectors: item.passages.map((p, i) => byId.get(p.id) ?? (item.vectors[i] as Float32Array)) };
}

function withoutPassages(item: IndexedArticle, ids: Set<string>): IndexedArticle {
  const keep = item.passages.map((p) => !ids.has(p.id));
  return { ...item, passages: item.passages.filter((_, i) => keep[i]), vectors: item.vectors.filter((_, i) => keep[i]) };
}

/** The read side of the file store over whichever snapshot `current` returns (it changes on a reload). */
function readSide(indexDir: string, corpusDir: string | undefined, current: () => IndexSnapshot): PassageStore {
  let textsFor: IndexSnapshot | undefined;
  let readStored: ReturnType<typeof storedTexts> | undefined;
  const stored = (snapshot: IndexSnapshot) => {
    if (corpusDir === undefined) return undefined;
    if (textsFor !== snapshot) {
      textsFor = snapshot;
      readStored = storedTexts(snapshot, projectRootOf(snapshot.manifest, corpusDir));
    }
    return readStored;
  };
  return {
    get model() {
      return current().manifest.model;
    },
    get generation() {
      return current().manifest.generation;
    },
    get calibration() {
      return current().manifest.calibration;
    },
    get articles() {
      return current().articles;
    },
    get passageCount() {
      return current().passages.length;
    },
    article: (source) => current().articleBySource.get(source),
    rowsOf: (source) => current().rowsBySource.get(source),
    passage: (row) => current().passages[row],
    documentFrequency: (term) => current().documentFrequencies.get(term) ?? 0,
    rowsWithTerm: (term, limit) => termRows(current(), term, limit),
    nearest: async (query, k, source) => current().dense.topRows(query, rowRangeOf(current(), source), k),
    lexical: async (terms) => lexicalScores(current(), terms),
    similarities: async (query, rows) => rows.map((row) => cosine(current().vectors, row, query)),
    storedText(source) {
      const read = stored(current());
      if (!read) throw new Error(`The index in ${indexDir} was opened without its corpus folder; quotes cannot be checked.`);
      return read(source);
    },
    markStale: (source) => markStale(indexDir, source),
  };
}

/**
 * A store over a snapshot already loaded (committed or not): an ingest's probe step measures the
 * generation it is about to commit through it, without loading it again.
 */
export function storeOfSnapshot(snapshot: IndexSnapshot, corpusDir?: string): PassageStore {
  return readSide(snapshot.indexDir, corpusDir, () => snapshot);
}

/**
 * Opens the committed index in `indexDir`, built from `corpusDir`: where its text articles are
 * read again when quotes are checked against them (`storedText`).
 */
export async function openIndexStore(indexDir: string, corpusDir?: string): Promise<FilePassageStore> {
  let snapshot = await loadIndex(indexDir);
  const reload = async () => {
    snapshot = await loadIndex(indexDir);
  };
  return Object.assign(
    readSide(indexDir, corpusDir, () => snapshot),
    {
      async upsert(items: StoredVector[]) {
        const byId = new Map(items.map((item) => [item.passageId, item.vector]));
        await editIndexedArticles(indexDir, sourcesOf(snapshot, byId.keys()), (item) => replaceVectors(item, byId));
        await reload();
      },
      async delete(passageIds: string[]) {
        const ids = new Set(passageIds);
        await editIndexedArticles(indexDir, sourcesOf(snapshot, ids), (item) => withoutPassages(item, ids));
        await reload();
      },
    },
  );
}

export interface StoreHead {
  model: ModelIdentity;
  generation: number;
  calibration?: IndexCalibration;
}

/** What the committed index in `indexDir` is, without loading it; null when there is none. */
export async function readStoreHead(indexDir: string): Promise<StoreHead | null> {
  const manifest = await readManifest(indexDir);
  return manifest && { model: manifest.model, generation: manifest.generation, calibration: manifest.calibration };
}
