/**
 * Corpus loading: every `.txt` / `.md` file under a folder becomes an `Article`, or a
 * `SkippedFile` with a reason a person can act on. One bad file never stops the run.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Article, SkippedFile } from '../types.js';
import { parseFrontMatter } from './frontMatter.js';
import { readArticleBody } from './paragraphs.js';

/** Larger files are almost never single articles (dumps, logs) and would dominate memory. */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;
const ARTICLE_EXTENSIONS = new Set(['.txt', '.md']);
const READ_CONCURRENCY = 16;

export class CorpusError extends Error {
  override name = 'CorpusError';
}

/** Every article file under `dir`, sorted; hidden files and folders are skipped. */
export async function findArticleFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CorpusError(`The corpus folder ${dir} does not exist. Create it and put .txt or .md articles in it.`);
    if (code === 'ENOTDIR') throw new CorpusError(`The corpus path ${dir} is a file, not a folder.`);
    throw error;
  }
  return entries
    .filter((e) => e.isFile() && ARTICLE_EXTENSIONS.has(path.extname(e.name).toLowerCase()))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => !path.relative(dir, file).split(path.sep).some((part) => part.startsWith('.')))
    .sort();
}

/** "my-great_article.md" → "My great article"; hash-like name parts are kept as they are. */
export function titleFromFileName(file: string): string {
  const words = path.basename(file, path.extname(file)).replace(/[_-]+/gu, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : path.basename(file);
}

/** True when bytes look like a binary file rather than text: a NUL byte, or many control bytes. */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 12 && byte !== 13) control += 1;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

const tooLarge = (source: string, bytes: number): SkippedFile => ({
  source,
  reason: `too large (${(bytes / 1048576).toFixed(1)} MB; the limit is ${MAX_ARTICLE_BYTES / 1048576} MB)`,
});

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Parses one file's bytes; pure, so the rules are testable without a disk. */
export function parseArticle(source: string, bytes: Uint8Array): Article | SkippedFile {
  if (bytes.length === 0) return { source, reason: 'empty file' };
  if (bytes.length > MAX_ARTICLE_BYTES) return tooLarge(source, bytes.length);
  if (looksBinary(bytes)) return { source, reason: 'binary file, not text' };
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { source, reason: 'not valid UTF-8 text (re-save it as UTF-8)' };
  }
  if (!text.trim()) return { source, reason: 'only whitespace' };
  const front = parseFrontMatter(text);
  const body = readArticleBody(text, front.bodyStart, front.title !== undefined);
  if (!body.paragraphs.some((p) => !p.heading)) return { source, reason: 'no article text (only headings or page furniture)' };
  const headline = body.headline ? text.slice(body.headline.start, body.headline.end) : undefined;
  return {
    source,
    text,
    contentHash: createHash('sha256').update(bytes).digest('hex'),
    title: front.title ?? headline ?? titleFromFileName(source),
    meta: front.meta,
    paragraphs: body.paragraphs,
  };
}

export const isArticle = (result: Article | SkippedFile): result is Article => 'text' in result;

async function readArticleFile(file: string, projectRoot: string): Promise<Article | SkippedFile> {
  const source = path.relative(projectRoot, file).split(path.sep).join('/');
  try {
    const info = await stat(file);
    // Checked before reading so a huge file never has to fit in memory.
    if (info.size > MAX_ARTICLE_BYTES) return tooLarge(source, info.size);
    return parseArticle(source, await readFile(file));
  } catch (error) {
    return { source, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
}

export interface LoadedCorpus {
  articles: Article[];
  skipped: SkippedFile[];
}

export async function loadCorpus(corpusDir: string, projectRoot: string): Promise<LoadedCorpus> {
  const files = await findArticleFiles(corpusDir);
  if (files.length === 0) throw new CorpusError(`No .txt or .md articles in ${corpusDir}. Put some articles there, then run npm run ingest.`);
  const results: Array<Article | SkippedFile> = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      results[i] = await readArticleFile(files[i] as string, projectRoot);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));

  const articles: Article[] = [];
  const skipped: SkippedFile[] = [];
  const firstWithHash = new Map<string, string>();
  for (const result of results) {
    if (!isArticle(result)) {
      skipped.push(result);
      continue;
    }
    const original = firstWithHash.get(result.contentHash);
    if (original) {
      skipped.push({ source: result.source, reason: `duplicate of ${original}` });
      continue;
    }
    firstWithHash.set(result.contentHash, result.source);
    articles.push(result);
  }
  return { articles, skipped };
}
