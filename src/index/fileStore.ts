/**
 * The file index (segments + manifest) as a `PassageStore`: searches the loaded snapshot with
 * the dense scan, and upserts or deletes vectors of indexed passages by rewriting the segments
 * that hold them as a new committed generation, then reloading. Passages come into the file
 * index with their articles, through ingest; this store changes only what is already there.
 */
import { cosine } from '../vectors/denseScan.js';
import { editIndexedArticles } from './ingest.js';
import { type IndexSnapshot, loadIndex, rowRangeOf } from './loadIndex.js';
import { IndexError } from './manifest.js';
import type { PassageStore, StoredVector, VectorFilter, VectorHit } from './passageStore.js';
import type { IndexedArticle } from './segment.js';

function searchSnapshot(snapshot: IndexSnapshot, queryVector: Float32Array, k: number, filter?: VectorFilter): VectorHit[] {
  return snapshot.dense.topRows(queryVector, rowRangeOf(snapshot, filter?.source), k).map((row) => {
    const passage = snapshot.passages[row];
    if (!passage) throw new IndexError(`Row ${row} is outside the index.`);
    return { passageId: passage.id, score: cosine(snapshot.vectors, row, queryVector) };
  });
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

export async function openFilePassageStore(indexDir: string): Promise<PassageStore> {
  let snapshot = await loadIndex(indexDir);
  return {
    search: (queryVector, k, filter) => searchSnapshot(snapshot, queryVector, k, filter),
    async upsert(items: StoredVector[]) {
      const byId = new Map(items.map((item) => [item.passageId, item.vector]));
      await editIndexedArticles(indexDir, sourcesOf(snapshot, byId.keys()), (item) => replaceVectors(item, byId));
      snapshot = await loadIndex(indexDir);
    },
    async delete(passageIds: string[]) {
      const ids = new Set(passageIds);
      await editIndexedArticles(indexDir, sourcesOf(snapshot, ids), (item) => withoutPassages(item, ids));
      snapshot = await loadIndex(indexDir);
    },
  };
}
