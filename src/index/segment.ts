/**
 * A segment: an immutable folder holding a bounded group of whole articles — their vectors
 * packed as float32 (vectors.f32, read straight into the dense scan), the articles and passage
 * records (records.json), and the BM25 index (lexical-terms.json and lexical.bin). Vectors are
 * stored once: a vectra index.json beside them was written and never read, and reading the
 * vectors from it instead made a cold start 8 times slower at 10,000 articles (docs/servers.md).
 * Segments written before keep their index.json, checked like any other file. The manifest
 * keeps a sha256 of every file, so damage that keeps a file's size (an edited number, NaN
 * vectors, a flipped byte) is caught on load. Bounding segments lets a re-ingest rewrite only
 * the segments whose articles changed.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
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

export const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

export interface WrittenSegment {
  /** The text snapshot file of each converted article: source → path relative to the index. */
  snapshots: Map<string, string>;
  /** sha256 of each file, by its path inside the segment folder (`records.json`, `texts/0.txt`, …). */
  checksums: Record<string, string>;
}

/** Writes a segment aside and renames it into place, so a segment folder is complete or absent. */
export async function writeSegment(indexDir: string, id: string, items: IndexedArticle[], dimensions: number): Promise<WrittenSegment> {
  const finalDir = segmentDir(indexDir, id);
  const buildDir = `${finalDir}.building-${process.pid}`;
  await rm(buildDir, { recursive: true, force: true });
  await mkdir(buildDir, { recursive: true });

  const passages = items.flatMap((item) => item.passages);
  const texts = items.flatMap((item) => item.passages.map((p) => item.article.text.slice(p.start, p.end)));
  const vectors = items.flatMap((item) => item.vectors);

  const checksums: Record<string, string> = {};
  const write = async (name: string, data: Uint8Array | string) => {
    await writeFile(path.join(buildDir, name), data);
    checksums[name] = sha256(data);
  };

  const packed = packVectors(vectors, dimensions);
  await write('vectors.f32', new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength));
  const records: SegmentRecords = { articles: items.map((item) => item.article), passages };
  await write('records.json', JSON.stringify(records));
  const lexical = serialiseLexicalIndex(buildLexicalIndex(texts));
  await write('lexical-terms.json', lexical.terms);
  await write('lexical.bin', lexical.binary);
  // A converted article's text, as a file a reader can open: snapshot.slice(start, end) is every quote from it.
  const snapshots = new Map<string, string>();
  const converted = items.flatMap((item, n) => (item.article.format ? [{ article: item.article, file: snapshotFileOf(id, n) }] : []));
  if (converted.length > 0) await mkdir(path.join(buildDir, 'texts'));
  for (const { article, file } of converted) {
    await write(`texts/${path.basename(file)}`, article.text);
    snapshots.set(article.source, file);
  }

  await rm(finalDir, { recursive: true, force: true });
  await rename(buildDir, finalDir);
  return { snapshots, checksums };
}

const damaged = (file: string, what: string) =>
  new IndexDamagedError(`The index file ${file} is ${what}. Repair the index: npm run ingest (or npm run ingest -- --rebuild)`);

const readError = (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? 'missing' : `unreadable (${error.code})`);
const unreadable = (file: string, error: NodeJS.ErrnoException) => damaged(file, readError(error));
const CHANGED = "damaged (its sha256 differs from the manifest's)";

/** Whether `bytes` differ from what was written (never, for a segment written before checksums were kept). */
const checksumDiffers = (segment: SegmentInfo, name: string, bytes: Uint8Array) =>
  segment.checksums?.[name] !== undefined && sha256(bytes) !== segment.checksums[name];

function checkSum(segment: SegmentInfo, name: string, file: string, bytes: Uint8Array): void {
  if (checksumDiffers(segment, name, bytes)) throw damaged(file, CHANGED);
}

/**
 * What is wrong with a stored segment, or null when every file the manifest lists is there with
 * the checksum it was written with: every ingest reads and hashes every segment (hundreds of MB
 * per second), so damage that keeps a file's size is repaired, not called up to date.
 */
export async function segmentProblem(indexDir: string, segment: SegmentInfo): Promise<string | null> {
  for (const name of Object.keys(segment.checksums ?? {})) {
    const file = path.join(segmentDir(indexDir, segment.id), name);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      return `${file} is ${readError(error as NodeJS.ErrnoException)}`;
    }
    if (checksumDiffers(segment, name, bytes)) return `${file} is ${CHANGED}`;
  }
  return null;
}

async function readSegmentText(segment: SegmentInfo, name: string, file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw unreadable(file, error as NodeJS.ErrnoException);
  }
  checkSum(segment, name, file, bytes);
  return bytes.toString('utf8');
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
async function readExactly(filePath: string, target: Uint8Array): Promise<void> {
  const handle = await open(filePath, 'r').catch((error: NodeJS.ErrnoException) => {
    throw unreadable(filePath, error);
  });
  try {
    const { size } = await handle.stat();
    if (size !== target.byteLength) throw damaged(filePath, `damaged: ${size} bytes, expected ${target.byteLength}`);
    for (let done = 0; done < size;) {
      const { bytesRead } = await handle.read(target, done, size - done, done);
      if (bytesRead === 0) throw damaged(filePath, `damaged: it ended after ${done} bytes`);
      done += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

async function readBinary(filePath: string): Promise<Uint8Array> {
  // A fresh buffer starts 4-byte aligned, which the typed-array views over it need.
  const info = await stat(filePath).catch((error: NodeJS.ErrnoException) => {
    throw unreadable(filePath, error);
  });
  const bytes = new Uint8Array(info.size);
  await readExactly(filePath, bytes);
  return bytes;
}

/**
 * Reads a segment, checking each file it reads against the manifest's checksum; its vectors go
 * into `vectors` when given (`segment.passages × dimensions` floats).
 */
export async function readSegment(
  indexDir: string,
  segment: SegmentInfo,
  dimensions: number,
  vectors: Float32Array = new Float32Array(segment.passages * dimensions),
): Promise<SegmentData> {
  const { id } = segment;
  const dir = segmentDir(indexDir, id);
  const file = (name: string) => path.join(dir, name);
  const vectorBytes = new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength);
  const reads = await Promise.allSettled([
    readSegmentText(segment, 'records.json', file('records.json')),
    readSegmentText(segment, 'lexical-terms.json', file('lexical-terms.json')),
    readBinary(file('lexical.bin')),
    readExactly(file('vectors.f32'), vectorBytes),
  ]);
  // The files are read together, but a failure is reported in this order, whichever failed first.
  const failed = reads.find((read) => read.status === 'rejected');
  if (failed) throw failed.reason;
  const [recordsJson, termsJson, lexicalBytes] = reads.map((read) => (read as PromiseFulfilledResult<unknown>).value) as [
    string,
    string,
    Uint8Array,
  ];
  checkSum(segment, 'lexical.bin', file('lexical.bin'), lexicalBytes);
  checkSum(segment, 'vectors.f32', file('vectors.f32'), vectorBytes);
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
