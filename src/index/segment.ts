/**
 * A segment: an immutable folder holding a bounded group of whole articles — a vectra
 * `LocalIndex` (index.json, the canonical on-disk format), the same vectors packed as
 * float32 (vectors.f32, read at load time because parsing JSON floats is what makes large
 * vectra indexes slow), the articles and passage records, and the serialised BM25 index.
 * Bounding segments keeps every index.json far below the size where vectra's single JSON
 * string overflows, and lets a re-ingest rewrite only the segments whose articles changed.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type MiniSearch from 'minisearch';
import { LocalIndex } from 'vectra';
import type { Article, Passage } from '../types.js';
import { buildLexicalIndex, countDocumentFrequencies, loadLexicalIndex, type LexicalDocument } from './lexical.js';
import { IndexError } from './manifest.js';

/** A passage as stored: its text is `article.text.slice(start, end)`, so it is not stored twice. */
export type PassageRecord = Omit<Passage, 'text'>;

/** An article with its passages and their vectors, ready to be written into a segment. */
export interface IndexedArticle {
  article: Article;
  passages: PassageRecord[];
  vectors: Float32Array[];
}

export interface SegmentData {
  id: string;
  articles: Article[];
  passages: Passage[];
  /** Row-major, `passages.length × dimensions`. */
  vectors: Float32Array;
  lexical: MiniSearch<LexicalDocument>;
  documentFrequencies: Record<string, number>;
}

interface SegmentRecords {
  articles: Article[];
  passages: PassageRecord[];
  documentFrequencies: Record<string, number>;
}

export const segmentsDir = (indexDir: string) => path.join(indexDir, 'segments');
export const segmentDir = (indexDir: string, id: string) => path.join(segmentsDir(indexDir), id);

function packVectors(vectors: Float32Array[], dimensions: number): Float32Array {
  const packed = new Float32Array(vectors.length * dimensions);
  vectors.forEach((vector, row) => {
    if (vector.length !== dimensions) {
      throw new IndexError(`Vector ${row} has ${vector.length} dimensions, the model has ${dimensions}.`);
    }
    packed.set(vector, row * dimensions);
  });
  return packed;
}

/** Writes a segment aside and renames it into place, so a segment folder is complete or absent. */
export async function writeSegment(indexDir: string, id: string, items: IndexedArticle[], dimensions: number): Promise<void> {
  const finalDir = segmentDir(indexDir, id);
  const buildDir = `${finalDir}.building-${process.pid}`;
  await rm(buildDir, { recursive: true, force: true });
  await mkdir(buildDir, { recursive: true });

  const passages = items.flatMap((item) => item.passages);
  const texts = items.flatMap((item) => item.passages.map((p) => item.article.text.slice(p.start, p.end)));
  const vectors = items.flatMap((item) => item.vectors);

  const vectra = new LocalIndex(buildDir);
  await vectra.createIndex({ version: 1, deleteIfExists: true, metadata_config: {} });
  await vectra.beginUpdate();
  for (const [row, passage] of passages.entries()) {
    await vectra.insertItem({
      id: passage.id,
      vector: Array.from(vectors[row] as Float32Array),
      metadata: { source: passage.source, start: passage.start, end: passage.end },
    });
  }
  await vectra.endUpdate();

  const packed = packVectors(vectors, dimensions);
  await writeFile(path.join(buildDir, 'vectors.f32'), new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength));
  const records: SegmentRecords = {
    articles: items.map((item) => item.article),
    passages,
    documentFrequencies: countDocumentFrequencies(texts),
  };
  await writeFile(path.join(buildDir, 'records.json'), JSON.stringify(records));
  const lexical = buildLexicalIndex(texts.map((text, row) => ({ id: row, text })));
  await writeFile(path.join(buildDir, 'lexical.json'), JSON.stringify(lexical));

  await rm(finalDir, { recursive: true, force: true });
  await rename(buildDir, finalDir);
}

export async function readSegment(indexDir: string, id: string, dimensions: number): Promise<SegmentData> {
  const dir = segmentDir(indexDir, id);
  const [recordsJson, vectorBytes, lexicalJson] = await Promise.all([
    readFile(path.join(dir, 'records.json'), 'utf8'),
    readFile(path.join(dir, 'vectors.f32')),
    readFile(path.join(dir, 'lexical.json'), 'utf8'),
  ]);
  const records = JSON.parse(recordsJson) as SegmentRecords;
  const expectedBytes = records.passages.length * dimensions * Float32Array.BYTES_PER_ELEMENT;
  if (vectorBytes.byteLength !== expectedBytes) {
    throw new IndexError(`Segment ${id} is damaged: ${vectorBytes.byteLength} bytes of vectors, expected ${expectedBytes}.`);
  }
  // Copy into a fresh, aligned buffer: a Buffer from readFile may sit at any offset of a shared pool.
  const vectors = new Float32Array(records.passages.length * dimensions);
  new Uint8Array(vectors.buffer).set(vectorBytes);

  const textBySource = new Map(records.articles.map((a) => [a.source, a.text]));
  const passages: Passage[] = records.passages.map((p) => {
    const text = textBySource.get(p.source);
    if (text === undefined) throw new IndexError(`Segment ${id} is damaged: passage ${p.id} has no article.`);
    return { ...p, text: text.slice(p.start, p.end) };
  });
  return {
    id,
    articles: records.articles,
    passages,
    vectors,
    lexical: loadLexicalIndex(lexicalJson),
    documentFrequencies: records.documentFrequencies,
  };
}

/** Reads back what `writeSegment` stored for some articles, to carry them into a new segment unchanged. */
export function indexedArticlesOf(segment: SegmentData, dimensions: number, sources: Set<string>): IndexedArticle[] {
  const bySource = new Map<string, IndexedArticle>();
  for (const article of segment.articles) {
    if (sources.has(article.source)) bySource.set(article.source, { article, passages: [], vectors: [] });
  }
  segment.passages.forEach((passage, row) => {
    const item = bySource.get(passage.source);
    if (!item) return;
    const { text: _text, ...record } = passage;
    item.passages.push(record);
    item.vectors.push(segment.vectors.slice(row * dimensions, (row + 1) * dimensions));
  });
  return [...bySource.values()];
}
