/**
 * Corpus loading: every article file under a folder (`.txt`, `.md`/`.mdx`, `.html`/`.htm`, `.pdf`, `.docx`)
 * becomes an `Article`, or a `SkippedFile` with a reason a person can act on. One bad file or
 * folder never stops the run. Converted formats keep their extracted text as the article's
 * text (the snapshot quotes are taken from); a file whose bytes are what the index already
 * holds is not read into an article again, so conversion happens only when a file changes.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Article, ArticleMeta, SkippedFile } from '../types.js';
import { articleFormat, CONVERTER_VERSIONS, type ArticleFormat } from './articleFormat.js';
import type { ConvertedText } from './convertHtml.js';
import { convertInWorker } from './convertInWorker.js';
import { convertMarkdown } from './convertMarkdown.js';
import { fallbackTitle } from './fallbackTitle.js';
import { CorpusError, findArticleFiles, type CorpusFileSystem } from './findArticleFiles.js';
import { parseFrontMatter } from './frontMatter.js';
import { readArticleBody, type ArticleBody } from './paragraphs.js';
import { readSavedUrls } from './savedUrls.js';
import { withSections } from './withSections.js';

export { CorpusError };

/** Larger files are almost never single articles (dumps, logs) and would dominate memory. */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;
/** A PDF or Word file holds its text far less densely than a text file: books and papers stay well inside this. */
export const MAX_PACKAGED_BYTES = 50 * 1024 * 1024;
const READ_CONCURRENCY = 16;

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

/** PDFs and Word files carry fonts and pictures beside their text. */
const maxBytesOf = (format: ArticleFormat) => (format === 'pdf' || format === 'docx' ? MAX_PACKAGED_BYTES : MAX_ARTICLE_BYTES);

const tooLarge = (source: string, bytes: number, limit: number): SkippedFile => ({
  source,
  reason: `too large (${(bytes / 1048576).toFixed(1)} MB; the limit is ${limit / 1048576} MB)`,
});

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The hash that drives incremental ingest: of the bytes, and for converted files of the converter version too. */
export function contentHashOf(format: ArticleFormat, bytes: Uint8Array): string {
  const hash = createHash('sha256');
  if (format !== 'text') hash.update(`verbatim-${format}-converter-${CONVERTER_VERSIONS[format]}\0`);
  return hash.update(bytes).digest('hex');
}

interface ArticleText {
  text: string;
  title?: string;
  meta: ArticleMeta;
  /** Where the body starts in `text` (after front matter). */
  bodyStart: number;
  pages?: ConvertedText['pages'];
  blocks?: ConvertedText['blocks'];
}

/** From text and what is known about it to an article: paragraphs, title, pages. */
function articleOf(source: string, format: ArticleFormat, contentHash: string, content: ArticleText): Article | SkippedFile {
  if (!content.text.trim())
    return { source, reason: format === 'text' ? 'only whitespace' : `no text in this ${format.toUpperCase()} file` };
  const body: ArticleBody = content.blocks
    ? { paragraphs: content.blocks.map((block, i) => ({ ...block, number: i + 1, heading: block.level !== undefined })) }
    : readArticleBody(content.text, content.bodyStart, content.title !== undefined);
  if (!body.paragraphs.some((p) => !p.heading)) return { source, reason: 'no article text (only headings or page furniture)' };
  const pages = content.pages ?? [];
  const sectioned = withSections(content.text, body.paragraphs);
  const paragraphs = pages.length
    ? sectioned.map((p) => ({ ...p, page: (pages.filter((page) => page.start <= p.start).at(-1) ?? (pages[0] as { page: number })).page }))
    : sectioned;
  const headline = body.headline ? content.text.slice(body.headline.start, body.headline.end) : undefined;
  const article: Article = {
    source,
    text: content.text,
    contentHash,
    title: content.title ?? headline ?? fallbackTitle(source, content.text, paragraphs),
    meta: content.meta,
    paragraphs,
  };
  if (format !== 'text') article.format = format;
  return article;
}

const droppedFrontMatter = (source: string, warning: string) =>
  `${source}: ${warning}; indexed without its title, URL, author and date fields.`;
/** Windows saves "Unicode" text as UTF-16 with a byte-order mark; its NUL bytes would otherwise read as binary. */
const hasUtf16Bom = (bytes: Uint8Array) => (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
const UTF16 = 'UTF-16 text, not UTF-8 (re-save it as UTF-8)';

function decodeText(source: string, bytes: Uint8Array): string | SkippedFile {
  if (hasUtf16Bom(bytes)) return { source, reason: UTF16 };
  if (looksBinary(bytes)) return { source, reason: 'binary file, not text' };
  try {
    return utf8.decode(bytes);
  } catch {
    return { source, reason: 'not valid UTF-8 text (re-save it as UTF-8)' };
  }
}

/**
 * Parses a text file's bytes; pure, so the rules are testable without a disk. `warn` hears of
 * what was dropped from a file that is still indexed (front matter that is not valid YAML).
 */
export function parseArticle(source: string, bytes: Uint8Array, warn: (message: string) => void = () => undefined): Article | SkippedFile {
  if (bytes.length === 0) return { source, reason: 'empty file' };
  if (bytes.length > MAX_ARTICLE_BYTES) return tooLarge(source, bytes.length, MAX_ARTICLE_BYTES);
  const text = decodeText(source, bytes);
  if (typeof text !== 'string') return text;
  if (!text.trim()) return { source, reason: 'only whitespace' };
  const front = parseFrontMatter(text);
  if (front.warning) warn(droppedFrontMatter(source, front.warning));
  const content: ArticleText = { text, meta: front.meta, bodyStart: front.bodyStart };
  if (front.title !== undefined) content.title = front.title;
  return articleOf(source, 'text', contentHashOf('text', bytes), content);
}

/**
 * Converts a Markdown, HTML, PDF or Word file's bytes into an article (its text is the converted
 * snapshot); `warn` hears of what was dropped from a file that is still indexed. HTML, PDF and
 * Word are converted in the bounded worker; Markdown here, its parser being linear in the
 * text, which the size limit bounds.
 */
export async function parseConvertedArticle(
  source: string,
  format: Exclude<ArticleFormat, 'text'>,
  bytes: Uint8Array,
  warn: (message: string) => void = () => undefined,
): Promise<Article | SkippedFile> {
  if (bytes.length === 0) return { source, reason: 'empty file' };
  if (bytes.length > maxBytesOf(format)) return tooLarge(source, bytes.length, maxBytesOf(format));
  if (format === 'pdf' && new TextDecoder().decode(bytes.subarray(0, 1024)).indexOf('%PDF-') < 0)
    return { source, reason: 'not a PDF file (no %PDF- header)' };
  if (format === 'docx' && !(bytes[0] === 0x50 && bytes[1] === 0x4b))
    return { source, reason: 'not a Word .docx file (not a zip package)' };
  if (format === 'html' && hasUtf16Bom(bytes)) return { source, reason: UTF16 };
  if (format === 'html' && bytes.subarray(0, 8192).includes(0)) return { source, reason: 'binary file, not an HTML page' };
  let converted: ConvertedText;
  if (format === 'markdown') {
    const text = decodeText(source, bytes);
    if (typeof text !== 'string') return text;
    if (!text.trim()) return { source, reason: 'only whitespace' };
    converted = convertMarkdown(text);
  } else {
    const conversion = await convertInWorker(format, bytes);
    if ('reason' in conversion) return { source, reason: conversion.reason };
    converted = conversion.converted;
  }
  if (converted.warning) warn(droppedFrontMatter(source, converted.warning));
  return articleOf(source, format, contentHashOf(format, bytes), { ...converted, bodyStart: 0 });
}

export const isArticle = (result: LoadedFile): result is Article => 'text' in result;

/** A file whose bytes the index already holds: only its identity is needed, not its text. */
export interface UnchangedFile {
  source: string;
  contentHash: string;
}

export type LoadedFile = Article | UnchangedFile | SkippedFile;

const isSkipped = (result: LoadedFile): result is SkippedFile => 'reason' in result;

export interface LoadOptions {
  /** True when the index already holds `source` with this content hash: the file is not parsed or converted again. */
  isIndexed?: (source: string, contentHash: string) => boolean;
  /** Told once about files left out by default or by `.verbatimignore`, and of files indexed without their broken front matter. */
  log?: (message: string) => void;
  fileSystem?: CorpusFileSystem;
  /** A server's own corpus may be emptied by its moderators; an operator's empty corpus is a mistake worth stopping for. */
  allowEmpty?: boolean;
}

async function readArticleFile(file: string, source: string, options: LoadOptions): Promise<LoadedFile> {
  const format = articleFormat(file) ?? 'text';
  try {
    const info = await stat(file);
    // Checked before reading so a huge file never has to fit in memory.
    if (info.size > maxBytesOf(format)) return tooLarge(source, info.size, maxBytesOf(format));
    const bytes = await readFile(file);
    const contentHash = contentHashOf(format, bytes);
    if (bytes.length > 0 && options.isIndexed?.(source, contentHash)) return { source, contentHash };
    return format === 'text' ? parseArticle(source, bytes, options.log) : await parseConvertedArticle(source, format, bytes, options.log);
  } catch (error) {
    return { source, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
}

export interface LoadedCorpus {
  articles: Article[];
  /** Files the index already holds as they are (only with `isIndexed`). */
  unchanged: UnchangedFile[];
  skipped: SkippedFile[];
}

function describeLeftOut(leftOut: string[], ignored: number): string[] {
  const lines: string[] = [];
  if (leftOut.length > 0) {
    const names = leftOut.slice(0, 5).join(', ') + (leftOut.length > 5 ? `, and ${leftOut.length - 5} more` : '');
    lines.push(`Left out by default (READMEs, licences, dot-files): ${names}. To index one, add !NAME to .verbatimignore.`);
  }
  if (ignored > 0) lines.push(`Left out by .verbatimignore: ${ignored} file(s) or folder(s).`);
  return lines;
}

/**
 * The folder an article's source path is relative to: the corpus folder's parent, so a
 * citation starts with the corpus folder's own name (`corpus/000_x.txt`, `news/business/001.txt`)
 * wherever the corpus lies and whatever directory the ingest ran from.
 */
export const sourceRootOf = (corpusDir: string) => path.dirname(path.resolve(corpusDir));

export async function loadCorpus(corpusDir: string, projectRoot: string, options: LoadOptions = {}): Promise<LoadedCorpus> {
  const sourceOf = (file: string) => path.relative(projectRoot, file).split(path.sep).join('/');
  const found = await findArticleFiles(corpusDir, sourceOf, options.fileSystem);
  for (const line of describeLeftOut(found.leftOutByDefault, found.ignored)) options.log?.(line);
  const { files } = found;
  if (files.length === 0 && !options.allowEmpty) {
    const unreadable = found.skipped.length > 0 ? ` (${found.skipped.map((s) => `${s.source}: ${s.reason}`).join('; ')})` : '';
    throw new CorpusError(
      `No articles (.txt, .md, .mdx, .html, .htm, .pdf, .docx) in ${corpusDir}${unreadable}. Put some articles there, then run npm run ingest.`,
    );
  }
  const savedUrls = await readSavedUrls(corpusDir);
  const results = new Array<LoadedFile>(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      const file = files[i] as string;
      results[i] = await readArticleFile(file, sourceOf(file), options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));

  const corpus: LoadedCorpus = { articles: [], unchanged: [], skipped: [...found.skipped] };
  const firstWithHash = new Map<string, string>();
  results.forEach((result, i) => {
    if (isSkipped(result)) {
      corpus.skipped.push(result);
      return;
    }
    const original = firstWithHash.get(result.contentHash);
    if (original) {
      corpus.skipped.push({ source: result.source, reason: `duplicate of ${original}` });
      return;
    }
    firstWithHash.set(result.contentHash, result.source);
    if (!isArticle(result)) {
      corpus.unchanged.push(result);
      return;
    }
    // A page fetched with `ingest --url` cites the address it was fetched from when it names none itself.
    const savedUrl = savedUrls.get(
      path
        .relative(corpusDir, files[i] as string)
        .split(path.sep)
        .join('/'),
    );
    if (savedUrl && !result.meta.url) result.meta = { ...result.meta, url: savedUrl };
    corpus.articles.push(result);
  });
  return corpus;
}
