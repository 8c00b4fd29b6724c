/**
 * A segment: an immutable folder holding a bounded group of whole articles — a vectra
 * `LocalIndex` (index.json, the canonical on-disk format), the same vectors packed as
 * float32 (vectors.f32, read at load time because parsing JSON floats is what makes large
 * vectra indexes slow), the articles and passage records (records.json), and the BM25 index
 * (lexical-terms.json and lexical.bin).
 * Bounding segments keeps every index.json far below the size where vectra's single JSON
 * string overflows, and lets a re-ingest rewrite only the segments whose articles changed.
 */
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LocalIndex } from 'vectra';
import type { Article, Passage } from '../types.js';
import { buildLexicalIndex, deserialiseLexicalIndex, type LexicalIndex, serialiseLexicalIndex } from './lexical.js';
import { IndexError, type SegmentInfo } from './manifest.js';

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
  lexical: LexicalIndex;
}

interface SegmentRecords {
  articles: Article[];
  passages: PassageRecord[];
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
  const records: SegmentRecords = { articles: items.map((item) => item.article), passages };
  await writeFile(path.join(buildDir, 'records.json'), JSON.stringify(records));
  const lexical = serialiseLexicalIndex(buildLexicalIndex(texts));
  await writeFile(path.join(buildDir, 'lexical-terms.json'), lexical.terms);
  await writeFile(path.join(buildDir, 'lexical.bin'), lexical.binary);

  await rm(finalDir, { recursive: true, force: true });
  await rename(buildDir, finalDir);
}

/**
 * Reads a whole file into `target`, which must be exactly its size: vectors go straight into
 * the snapshot's scan memory and binary indexes into aligned buffers, with no copy between.
 */
async function readExactly(filePath: string, target: Uint8Array, what: string): Promise<void> {
  const handle = await open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    if (size !== target.byteLength) throw new IndexError(`${what} is damaged: ${size} bytes, expected ${target.byteLength}.`);
    for (let done = 0; done < size; ) {
      const { bytesRead } = await handle.read(target, done, size - done, done);
      if (bytesRead === 0) throw new IndexError(`${what} is damaged: it ended after ${done} bytes.`);
      done += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

async function readBinary(filePath: string): Promise<Uint8Array> {
  // A fresh buffer starts 4-byte aligned, which the typed-array views over it need.
  const bytes = new Uint8Array((await stat(filePath)).size);
  await readExactly(filePath, bytes, filePath);
  return bytes;
}

/** Reads a segment; its vectors go into `vectors` when given (`segment.passages × dimensions` floats). */
export async function readSegment(
  indexDir: string,
  segment: SegmentInfo,
  dimensions: number,
  vectors: Float32Array = new Float32Array(segment.passages * dimensions),
): Promise<SegmentData> {
  const { id } = segment;
  const dir = segmentDir(indexDir, id);
  const [recordsJson, termsJson, lexicalBytes] = await Promise.all([
    readFile(path.join(dir, 'records.json'), 'utf8'),
    readFile(path.join(dir, 'lexical-terms.json'), 'utf8'),
    readBinary(path.join(dir, 'lexical.bin')),
    readExactly(path.join(dir, 'vectors.f32'), new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength), `Segment ${id}'s vectors`),
  ]);
  const records = JSON.parse(recordsJson) as SegmentRecords;
  if (records.passages.length !== segment.passages) {
    throw new IndexError(`Segment ${id} is damaged: ${records.passages.length} passages, the manifest says ${segment.passages}.`);
  }
  const textBySource = new Map(records.articles.map((a) => [a.source, a.text]));
  const passages: Passage[] = records.passages.map((p) => {
    const text = textBySource.get(p.source);
    if (text === undefined) throw new IndexError(`Segment ${id} is damaged: passage ${p.id} has no article.`);
    return { ...p, text: text.slice(p.start, p.end) };
  });
  return { id, articles: records.articles, passages, vectors, lexical: deserialiseLexicalIndex(termsJson, lexicalBytes) };
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
