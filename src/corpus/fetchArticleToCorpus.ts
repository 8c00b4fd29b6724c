/**
 * `ingest --url`: fetches a web page or PDF into the corpus folder, so that it is an article
 * like any other file (the next ingest indexes it, incrementally). The bytes are saved as they
 * came; the address is recorded beside them (savedUrls.ts) for citations. Only http(s), only
 * HTML or PDF, at most 5 MB, within a time-out; anything else is refused with a reason.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../index/atomicFile.js';
import { MAX_ARTICLE_BYTES } from './loadCorpus.js';
import { recordSavedUrl } from './savedUrls.js';

export const FETCH_TIMEOUT_MS = 15_000;
export const MAX_FETCH_BYTES = MAX_ARTICLE_BYTES;
/** Where fetched articles go inside the corpus folder, one folder per site. */
export const FETCHED_FOLDER = 'web';

export class FetchRefusedError extends Error {
  override name = 'FetchRefusedError';
}

export type FetchedType = 'html' | 'pdf';

/** The URL if it is one Verbatim fetches (http or https), else a refusal saying why. */
export function validateArticleUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new FetchRefusedError(`"${text}" is not a URL (give the whole address, starting with https://).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new FetchRefusedError(`${url.protocol} addresses are not fetched; only http and https.`);
  return url;
}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const PDF_TYPES = new Set(['application/pdf', 'application/x-pdf']);
/** Types servers send when they do not know: the bytes decide. */
const UNKNOWN_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

const looksLikePdf = (bytes: Uint8Array) => new TextDecoder().decode(bytes.subarray(0, 1024)).includes('%PDF-');
const looksLikeHtml = (bytes: Uint8Array) => /<!doctype html|<html[\s>]/iu.test(new TextDecoder().decode(bytes.subarray(0, 2048)));

/** HTML or PDF, from the Content-Type header and the first bytes; a refusal for anything else. */
export function sniffArticleType(contentType: string | null, bytes: Uint8Array): FetchedType {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (PDF_TYPES.has(mediaType) || (UNKNOWN_TYPES.has(mediaType) && looksLikePdf(bytes))) {
    if (!looksLikePdf(bytes)) throw new FetchRefusedError('it is labelled a PDF but is not one (no %PDF- header).');
    return 'pdf';
  }
  if (HTML_TYPES.has(mediaType) || (UNKNOWN_TYPES.has(mediaType) && looksLikeHtml(bytes))) return 'html';
  throw new FetchRefusedError(`it is ${mediaType || 'of no stated type'}, not an HTML page or a PDF; save it as a file in the corpus folder if it is text.`);
}

/** `web/example.org/news-light-rail.html`; a query string adds a short hash so that ?page=2 is another file. */
export function corpusFileFor(url: URL, type: FetchedType): string {
  const slug =
    decodeURIComponent(url.pathname)
      .replace(/\.(html?|pdf|php|aspx?)$/iu, '')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/gu, '')
      .slice(0, 80) || 'index';
  const query = url.search ? `-${createHash('sha256').update(url.search).digest('hex').slice(0, 8)}` : '';
  const host = url.hostname.replace(/[^\p{L}\p{N}.-]+/gu, '-');
  return `${FETCHED_FOLDER}/${host}/${slug}${query}.${type}`;
}

/** Reads a response body, refusing as soon as it passes `maxBytes` (a missing Content-Length is no way round the cap). */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  const refuse = () => new FetchRefusedError(`it is larger than ${maxBytes / 1048576} MB, the most an article may be.`);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw refuse();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      throw refuse();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  now?: () => Date;
}

export interface FetchedArticle {
  url: string;
  /** The saved file, relative to the corpus folder (forward slashes). */
  file: string;
  type: FetchedType;
  bytes: number;
}

/** Fetches `url` into `corpusDir`; a `FetchRefusedError` says why when it cannot be an article. */
export async function fetchArticleToCorpus(urlText: string, corpusDir: string, options: FetchOptions = {}): Promise<FetchedArticle> {
  const url = validateArticleUrl(urlText);
  const timeoutMs = options.timeoutMs ?? FETCH_TIMEOUT_MS;
  let response: Response;
  try {
    response = await fetch(url, {
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'text/html,application/xhtml+xml,application/pdf;q=0.9', 'user-agent': 'Verbatim (corpus fetch)' },
    });
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new FetchRefusedError(`no answer within ${timeoutMs / 1000} s.`);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new FetchRefusedError(`it could not be fetched (${cause?.code ?? cause?.message ?? (error as Error).message}).`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new FetchRefusedError(`the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readCapped(response, options.maxBytes ?? MAX_FETCH_BYTES);
  } catch (error) {
    if (error instanceof FetchRefusedError) throw error;
    const timedOut = ['TimeoutError', 'AbortError'].includes((error as Error).name);
    throw new FetchRefusedError(timedOut ? `no answer within ${timeoutMs / 1000} s.` : `the download broke off (${(error as Error).message}).`);
  }
  if (bytes.length === 0) throw new FetchRefusedError('the server sent an empty page.');
  const type = sniffArticleType(response.headers.get('content-type'), bytes);
  const file = corpusFileFor(url, type);
  const target = path.join(corpusDir, ...file.split('/'));
  await mkdir(path.dirname(target), { recursive: true });
  await writeFileAtomic(target, bytes);
  // The address asked for, not a redirect's: it is the one the user knows and can check.
  await recordSavedUrl(corpusDir, file, url.href, (options.now ?? (() => new Date()))());
  return { url: url.href, file, type, bytes: bytes.length };
}
