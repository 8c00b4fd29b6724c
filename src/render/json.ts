/**
 * The JSON contract of `ask --json` (documented in the README): one object per question,
 * offsets in the coordinates of the source file's text, best result first.
 */
import type { Answer } from '../types.js';

export interface JsonResult {
  source: string;
  title: string;
  paragraph: number;
  /** PDFs: the page of the paragraph. */
  page?: number;
  /** HTML and PDF: the text snapshot (an absolute path) that `start`/`end` index into; absent for text files. */
  textFile?: string;
  start: number;
  end: number;
  text: string;
  highlight: { start: number; end: number } | null;
  score: number;
}

export interface JsonAnswer {
  question: string;
  answered: boolean;
  results: JsonResult[];
}

export function renderAnswerJson(answer: Answer): JsonAnswer {
  return {
    question: answer.question,
    answered: answer.answered,
    results: answer.quotes.map((q) => ({
      source: q.source,
      title: q.title,
      paragraph: q.paragraph,
      ...(q.page === undefined ? {} : { page: q.page }),
      ...(q.textFile === undefined ? {} : { textFile: q.textFile }),
      start: q.start,
      end: q.end,
      text: q.text,
      highlight: q.highlight ? { start: q.highlight.start, end: q.highlight.end } : null,
      score: q.score,
    })),
  };
}
