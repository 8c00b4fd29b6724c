/**
 * `ingest --url`: fetches a web page or PDF into the corpus folder, so that it is an article
 * like any other file (the next ingest indexes it, incrementally). The bytes are saved as they
 * came; the address is recorded beside them (savedUrls.ts) for citations. Only http(s), only
 * HTML or PDF, at most 5 MB, within a time-out, from public addresses (downloadPage.ts);
 * anything else is refused with a reason.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../index/atomicFile.js';
import { downloadPage } from './downloadPage.js';
import { FetchRefusedError } from './fetchRefusedError.js';
import { MAX_ARTICLE_BYTES } from './loadCorpus.js';
import type { NetworkPolicy } from './resolvePublic.js';
import { recordSavedUrl } from './savedUrls.js';

export const FETCH_TIMEOUT_MS = 15_000;
export const MAX_FETCH_BYTES = MAX_ARTICLE_BYTES;
/** Where fetched articles go inside the corpus folder, one folder per site. */
export const FETCHED_FOLDER = 'web';

export type FetchedType = 'html' | 'pdf';

/** The URL if it is one Verbatim fetches (http or https), else a refusal saying why. */
export function validateArticleUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new FetchRefusedError(`"${text}" is not a URL (give the whole address, starting with https://).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new FetchRefusedError(`${url.protocol} addresses are not fetched; only http and https.`);
  try {
    // The saved file is named after the decoded path (corpusFileFor).
    decodeURIComponent(url.pathname);
  } catch {
    throw new FetchRefusedError(
      'That address has a broken percent-escape (a % not followed by two hex ' +
        'digits, or bytes that are not UTF-8); copy the whole address again.',
    );
  }
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
  throw new FetchRefusedError(
    `it is ${mediaType || 'of no stated type'}, not an HTML page or a PDF; save it as a file in the corpus folder if it is text.`,
  );
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

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  now?: () => Date;
  /** Which addresses may be reached: public ones only by default. */
  network?: NetworkPolicy;
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
  const { contentType, bytes } = await downloadPage(url, {
    timeoutMs: options.timeoutMs ?? FETCH_TIMEOUT_MS,
    maxBytes: options.maxBytes ?? MAX_FETCH_BYTES,
    network: options.network ?? {},
  });
  if (bytes.length === 0) throw new FetchRefusedError('the server sent an empty page.');
  const type = sniffArticleType(contentType, bytes);
  const file = corpusFileFor(url, type);
  const target = path.join(corpusDir, ...file.split('/'));
  await mkdir(path.dirname(target), { recursive: true });
  await writeFileAtomic(target, bytes);
  // The address asked for, not a redirect's: it is the one the user knows and can check.
  await recordSavedUrl(corpusDir, file, url.href, (options.now ?? (() => new Date()))());
  return { url: url.href, file, type, bytes: bytes.length };
}
