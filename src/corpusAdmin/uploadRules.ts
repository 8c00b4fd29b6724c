/**
 * What `/corpus add` accepts, checked before anything is downloaded: an article format the
 * ingest reads (its ARTICLE_EXTENSIONS), at most 5 MB, under a file name that is safe to
 * write into the corpus folder.
 */
import path from 'node:path';
import { ARTICLE_EXTENSIONS } from '../corpus/articleFormat.js';
import { MAX_ARTICLE_BYTES } from '../corpus/loadCorpus.js';

export const MAX_UPLOAD_BYTES = MAX_ARTICLE_BYTES;

/** ".txt, .md, .mdx, .html, .htm, .pdf or .docx", as the ingest reads them. */
export const ACCEPTED_TYPES = [...ARTICLE_EXTENSIONS].join(', ').replace(/, ([^,]+)$/u, ' or $1');

export type UploadVerdict = { ok: true; fileName: string } | { ok: false; reason: string };

const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/**
 * File systems allow 255 bytes a name, whatever the script (90 CJK characters are 270 bytes);
 * 200 leaves room for the timestamp `/corpus remove` puts before a name in `.removed/`.
 */
export const MAX_NAME_BYTES = 200;

/** The longest start of `text` within `maxBytes` of UTF-8, cut between characters (graphemes), never inside one. */
function cutToBytes(text: string, maxBytes: number): string {
  let out = '';
  for (const { segment } of new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text)) {
    if (Buffer.byteLength(out + segment) > maxBytes) break;
    out += segment;
  }
  return out;
}

/**
 * A file name with only letters and digits (of any script), dot, dash and underscore, no
 * leading dot, at most MAX_NAME_BYTES long, and its extension lower-cased.
 */
export function safeFileName(name: string): string {
  const extension = path.extname(name).toLowerCase();
  const trimEnds = (text: string) => text.replace(/^[.-]+|[.-]+$/gu, '');
  const stem = trimEnds(
    path
      .basename(name, path.extname(name))
      // Accents come off ("Café" → "Cafe"); anything else outside the safe set becomes a dash.
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/[^\p{L}\p{N}_.-]+/gu, '-'),
  );
  return `${trimEnds(cutToBytes(stem, MAX_NAME_BYTES - Buffer.byteLength(extension))) || 'article'}${extension}`;
}

export function checkUpload(upload: { name: string; size: number }): UploadVerdict {
  const extension = path.extname(upload.name).toLowerCase();
  if (!ARTICLE_EXTENSIONS.has(extension)) {
    return {
      ok: false,
      reason: `That is not an article file Verbatim reads (${extension || 'no extension'}): attach a ${ACCEPTED_TYPES} file.`,
    };
  }
  if (upload.size > MAX_UPLOAD_BYTES) {
    return { ok: false, reason: `That file is ${megabytes(upload.size)}; the limit is ${megabytes(MAX_UPLOAD_BYTES)}.` };
  }
  if (upload.size === 0) return { ok: false, reason: 'That file is empty.' };
  return { ok: true, fileName: safeFileName(upload.name) };
}
