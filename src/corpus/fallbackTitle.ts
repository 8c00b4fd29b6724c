/**
 * The title of an article that has neither front matter nor a headline: its file name when
 * that reads as words ("my-great_article.md" → "My great article"), otherwise the opening of
 * its first prose sentence — never a bare number or hash ("000_682c3029859b1b8c"), which no
 * reader recognises and which repeats across folders.
 */
import path from 'node:path';
import { splitSentences } from '../chunking/sentences.js';
import type { Paragraph } from '../types.js';

/** Long enough to recognise the article, short enough for a citation line. */
const TITLE_MAX_WORDS = 10;

/** "my-great_article.md" → "My great article". */
export function titleFromFileName(file: string): string {
  const words = path.basename(file, path.extname(file)).replace(/[_-]+/gu, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : path.basename(file);
}

/** True when a file name has at least one real word in it (three letters or more, no digits mixed in). */
export function fileNameReads(file: string): boolean {
  const parts = path.basename(file, path.extname(file)).split(/[\s_.-]+/u);
  return parts.some((part) => /^\p{L}{3,}$/u.test(part) && !/^[a-f]{8,}$/iu.test(part));
}

/** The first sentence of the first prose paragraph, cut after `TITLE_MAX_WORDS` words with an ellipsis. */
export function titleFromFirstSentence(text: string, paragraphs: Paragraph[]): string | undefined {
  const first = paragraphs.find((p) => !p.heading);
  if (!first) return undefined;
  const sentence = splitSentences(text, first)[0] ?? first;
  const words = text
    .slice(sentence.start, sentence.end)
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .split(/\s+/u)
    .filter(Boolean);
  if (words.length <= TITLE_MAX_WORDS) return words.join(' ').replace(/[.!;:,]+$/u, '');
  return `${words
    .slice(0, TITLE_MAX_WORDS)
    .join(' ')
    .replace(/[.,;:!?'"“‘(-]+$/u, '')}…`;
}

export function fallbackTitle(source: string, text: string, paragraphs: Paragraph[]): string {
  if (fileNameReads(source)) return titleFromFileName(source);
  return titleFromFirstSentence(text, paragraphs) ?? titleFromFileName(source);
}
