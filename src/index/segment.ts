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
import { IndexDamagedError, IndexError, type SegmentInfo } from './manifest.js';

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

/** Where a converted article's text snapshot lives in its segment, relative to the index folder. */
export const snapshotFileOf = (id: string, articleNumber: number) => `segments/${id}/texts/${articleNumber}.txt`;

/**
 * Writes a segment aside and renames it into place, so a segment folder is complete or absent.
 * Returns the text snapshot file of each converted article (source → path relative to the index).
 */
export async function writeSegment(indexDir: string, id: string, items: IndexedArticle[], dimensions: number): Promise<Map<string, string>> {
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
  // A converted article's text, as a file a reader can open: snapshot.slice(start, end) is every quote from it.
  const snapshots = new Map<string, string>();
  const converted = items.flatMap((item, n) => (item.article.format ? [{ article: item.article, file: snapshotFileOf(id, n) }] : []));
  if (converted.length > 0) await mkdir(path.join(buildDir, 'texts'));
  for (const { article, file } of converted) {
    await writeFile(path.join(buildDir, 'texts', path.basename(file)), article.text);
    snapshots.set(article.source, file);
  }

  await rm(finalDir, { recursive: true, force: true });
  await rename(buildDir, finalDir);
  return snapshots;
}

const SEGMENT_FILES = ['index.json', 'records.json', 'vectors.f32', 'lexical-terms.json', 'lexical.bin'];

/**
 * What is wrong with a stored segment, or null when its files are all there with plausible
 * sizes (vectors exactly as many as the manifest says, JSON files ending where JSON ends):
 * cheap enough to check every segment on every ingest.
 */
export async function segmentProblem(indexDir: string, segment: SegmentInfo, dimensions: number): Promise<string | null> {
  const dir = segmentDir(indexDir, segment.id);
  for (const name of SEGMENT_FILES) {
    const file = path.join(dir, name);
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch (error) {
      return `${file} is ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : `unreadable (${(error as NodeJS.ErrnoException).code})`}`;
    }
    if (name === 'vectors.f32' && size !== segment.passages * dimensions * 4) return `${file} has ${size} bytes, expected ${segment.passages * dimensions * 4}`;
    if (name.endsWith('.json')) {
      const handle = await open(file, 'r');
      try {
        const tail = Buffer.alloc(Math.min(size, 16));
        await handle.read(tail, 0, tail.length, size - tail.length);
        if (!/[}\]]\s*$/u.test(tail.toString('latin1'))) return `${file} is truncated`;
      } finally {
        await handle.close();
      }
    }
  }
  return null;
}

const damaged = (file: string, what: string) =>
  new IndexDamagedError(`The index file ${file} is ${what}. Repair the index: npm run ingest (or npm run ingest -- --rebuild)`);

async function readSegmentText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw damaged(file, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : `unreadable (${(error as NodeJS.ErrnoException).code})`);
  }
}

function parseSegmentJson<T>(file: string, json: string): T {
  try {
    return JSON.parse(json) as T;
  } catch (error) {
    throw damaged(file, `damaged (${(error as Error).message})`);
  }
}

/**
 * Reads a whole file into `target`, which must be exactly its size: vectors go straight into
 * the snapshot's scan memory and binary indexes into aligned buffers, with no copy between.
 */
async function readExactly(filePath: string, target: Uint8Array, what: string): Promise<void> {
  const handle = await open(filePath, 'r').catch((error: NodeJS.ErrnoException) => {
    throw damaged(filePath, error.code === 'ENOENT' ? 'missing' : `unreadable (${error.code})`);
  });
  try {
    const { size } = await handle.stat();
    if (size !== target.byteLength) throw damaged(what, `damaged: ${size} bytes, expected ${target.byteLength}`);
    for (let done = 0; done < size; ) {
      const { bytesRead } = await handle.read(target, done, size - done, done);
      if (bytesRead === 0) throw damaged(what, `damaged: it ended after ${done} bytes`);
      done += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

async function readBinary(filePath: string): Promise<Uint8Array> {
  // A fresh buffer starts 4-byte aligned, which the typed-array views over it need.
  const info = await stat(filePath).catch((error: NodeJS.ErrnoException) => {
    throw damaged(filePath, error.code === 'ENOENT' ? 'missing' : `unreadable (${error.code})`);
  });
  const bytes = new Uint8Array(info.size);
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
  const file = (name: string) => path.join(dir, name);
  const [recordsJson, termsJson, lexicalBytes] = await Promise.all([
    readSegmentText(file('records.json')),
    readSegmentText(file('lexical-terms.json')),
    readBinary(file('lexical.bin')),
    readExactly(file('vectors.f32'), new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength), file('vectors.f32')),
  ]);
  const records = parseSegmentJson<SegmentRecords>(file('records.json'), recordsJson);
  if (records.passages.length !== segment.passages) {
    throw damaged(file('records.json'), `damaged: ${records.passages.length} passages, the manifest says ${segment.passages}`);
  }
  const textBySource = new Map(records.articles.map((a) => [a.source, a.text]));
  const passages: Passage[] = records.passages.map((p) => {
    const text = textBySource.get(p.source);
    if (text === undefined) throw damaged(file('records.json'), `damaged: passage ${p.id} has no article`);
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
