/**
 * A PDF → the article's text, page by page, through `unpdf` (PDF.js packaged to run in Node
 * with no worker or font-data setup; the same text as `pdfjs-dist` at the same speed). Lines
 * become paragraphs where the vertical gap between them is larger than the usual line
 * spacing, or after a short line that ends a sentence; a word hyphenated across a line break
 * is joined ("trans-" + "port" → "transport"). A paragraph never runs across pages, so each has
 * one page. Bare page numbers are dropped. Deterministic: the same bytes give the same text.
 * The page count is checked before any page is read: PDF.js spends about 6 ms and 0.2 MB on
 * each, and a 3 MB file of 20,000 pages took it 119 s and 4.2 GB.
 */
import { extractTextItems, getDocumentProxy, getMeta } from 'unpdf';
import type { ArticleMeta } from '../types.js';
import { ConversionRefusedError } from './conversionLimits.js';
import type { ConvertedText } from './convertHtml.js';

interface TextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
  hasEOL: boolean;
}

interface Line {
  text: string;
  y: number;
  height: number;
  right: number;
}

/** A gap this many times the page's usual line spacing separates paragraphs. */
const PARAGRAPH_GAP = 1.4;
/** A sentence-ending line shorter than this share of the page's longest line ends its paragraph. */
const SHORT_LINE = 0.8;

function linesOf(items: TextItem[]): Line[] {
  const lines: Line[] = [];
  let current: Line | null = null;
  for (const item of items) {
    if (!current) current = { text: '', y: item.y, height: item.height, right: 0 };
    current.text += item.str;
    current.height = Math.max(current.height, item.height);
    current.right = Math.max(current.right, item.x + item.width);
    if (item.hasEOL) {
      lines.push(current);
      current = null;
    }
  }
  if (current) lines.push(current);
  return lines.map((l) => ({ ...l, text: l.text.replace(/\s+/gu, ' ').trim() })).filter((l) => l.text && !/^\d{1,4}$/u.test(l.text));
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** "a word hyphen-" + "ated": joined without the hyphen; any other line break becomes a space. */
function joinLines(lines: string[]): string {
  let text = '';
  for (const line of lines) {
    if (!text) text = line;
    else if (/\p{L}-$/u.test(text) && /^\p{Ll}/u.test(line)) text = text.slice(0, -1) + line;
    else text += ` ${line}`;
  }
  return text;
}

/** Line spacing as set, at most: the usual gap between lines, or 1.25 × the type size where every line is a paragraph of its own. */
function lineSpacing(lines: Line[]): number {
  const gaps = lines
    .slice(1)
    .map((line, i) => (lines[i] as Line).y - line.y)
    .filter((gap) => gap > 0);
  const typeSize = median(lines.map((l) => l.height));
  return Math.min(median(gaps), typeSize > 0 ? typeSize * 1.25 : Infinity);
}

function paragraphsOf(lines: Line[]): string[] {
  const spacing = lineSpacing(lines);
  const widest = Math.max(...lines.map((l) => l.right));
  const paragraphs: string[] = [];
  let pending: string[] = [];
  lines.forEach((line, i) => {
    const next = lines[i + 1];
    pending.push(line.text);
    const gap = next ? line.y - next.y : 0;
    const breaks =
      !next ||
      (spacing > 0 && Number.isFinite(spacing) && (gap > spacing * PARAGRAPH_GAP || gap < 0)) ||
      (/[.!?:”"]$/u.test(line.text) && line.right < widest * SHORT_LINE);
    if (breaks) {
      paragraphs.push(joinLines(pending));
      pending = [];
    }
  });
  return paragraphs;
}

const metaText = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** "D:20240105093000Z" → "2024-01-05". */
const pdfDate = (value: unknown): string | undefined => {
  const match = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?/u.exec(metaText(value) ?? '');
  return match ? [match[1], match[2], match[3]].filter(Boolean).join('-') : undefined;
};

export async function convertPdf(bytes: Uint8Array, maxPages: number): Promise<ConvertedText> {
  // PDF.js takes ownership of the buffer it is given; a copy leaves the caller's bytes intact.
  const document = await getDocumentProxy(new Uint8Array(bytes));
  try {
    if (document.numPages > maxPages) {
      throw new ConversionRefusedError(
        `too long to convert (${document.numPages.toLocaleString('en')} pages; the limit is ${maxPages.toLocaleString('en')})`,
      );
    }
    const [{ items }, { info }] = await Promise.all([extractTextItems(document), getMeta(document)]);
    let text = '';
    const pages: Array<{ page: number; start: number }> = [];
    items.forEach((pageItems, index) => {
      const paragraphs = paragraphsOf(linesOf(pageItems));
      if (paragraphs.length === 0) return;
      if (text) text += '\n\n';
      pages.push({ page: index + 1, start: text.length });
      text += paragraphs.join('\n\n');
    });
    const meta: ArticleMeta = {};
    const author = metaText(info.Author);
    const published = pdfDate(info.CreationDate);
    if (author) meta.author = author;
    if (published) meta.published = published;
    const result: ConvertedText = { text, meta, pages };
    // Word processors often fill Title with the file name ("Microsoft Word - draft.docx"): not a title.
    const title = metaText(info.Title);
    if (title && !/\.\w{2,4}$/u.test(title)) result.title = title;
    return result;
  } finally {
    await document.destroy();
  }
}
