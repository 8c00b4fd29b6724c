/**
 * What `/corpus add` accepts, checked before anything is downloaded: an article format the
 * ingest reads (its ARTICLE_EXTENSIONS), at most 5 MB, under a file name that is safe to
 * write into the corpus folder.
 */
import path from 'node:path';
import { ARTICLE_EXTENSIONS } from '../corpus/articleFormat.js';
import { MAX_ARTICLE_BYTES } from '../corpus/loadCorpus.js';

export const MAX_UPLOAD_BYTES = MAX_ARTICLE_BYTES;

/** ".txt, .md, .html, .htm, .pdf or .docx", as the ingest reads them. */
export const ACCEPTED_TYPES = [...ARTICLE_EXTENSIONS].join(', ').replace(/, ([^,]+)$/u, ' or $1');

export type UploadVerdict = { ok: true; fileName: string } | { ok: false; reason: string };

const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/** A file name with only letters and digits (of any script), dot, dash and underscore, no leading dot, and its extension lower-cased. */
export function safeFileName(name: string): string {
  const extension = path.extname(name).toLowerCase();
  const stem = path
    .basename(name, path.extname(name))
    // Accents come off ("Café" → "Cafe"); anything else outside the safe set becomes a dash.
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}_.-]+/gu, '-')
    .replace(/^[.-]+|[.-]+$/gu, '')
    .slice(0, 100);
  return `${stem || 'article'}${extension}`;
}

export function checkUpload(upload: { name: string; size: number }): UploadVerdict {
  const extension = path.extname(upload.name).toLowerCase();
  if (!ARTICLE_EXTENSIONS.has(extension)) {
    return { ok: false, reason: `That is not an article file Verbatim reads (${extension || 'no extension'}): attach a ${ACCEPTED_TYPES} file.` };
  }
  if (upload.size > MAX_UPLOAD_BYTES) {
    return { ok: false, reason: `That file is ${megabytes(upload.size)}; the limit is ${megabytes(MAX_UPLOAD_BYTES)}.` };
  }
  if (upload.size === 0) return { ok: false, reason: 'That file is empty.' };
  return { ok: true, fileName: safeFileName(upload.name) };
}
