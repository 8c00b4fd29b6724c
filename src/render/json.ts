/**
 * The JSON contract of `ask --json` (documented in docs/answers-and-calibration.md): one object per question,
 * offsets in the coordinates of the source file's text, best result first.
 */
import type { Answer, AnswerLevel } from '../types.js';
import { formatSection } from './terminal.js';

export interface JsonResult {
  /** The article's file (relative to the project root); for HTML and PDF, the original, not the text quoted. */
  source: string;
  title: string;
  /** The headings the cited paragraph is under, "Networking › Ports"; null outside any section. */
  section: string | null;
  /** `code`: a code block, `text` as written (with `language` when its fence names one); `steps`: a procedure quoted whole; else `prose`. */
  kind: 'prose' | 'steps' | 'code';
  language?: string;
  paragraph: number;
  /** PDFs: the page of the paragraph. */
  page?: number;
  /** Markdown, HTML, PDF and Word files: the text snapshot (an absolute path) that `start`/`end` index into; absent for text files. */
  textFile?: string;
  /** The original file, absolute. */
  file?: string;
  start: number;
  end: number;
  text: string;
  highlight: { start: number; end: number } | null;
  /** The scorer's probability (0–1) that this passage answers: the quote's `answerProbability`. */
  score: number;
  /** Part of the answer (only when `answered`), or one of the closest passages. */
  answers: boolean;
}

export interface JsonAnswer {
  question: string;
  answered: boolean;
  level: AnswerLevel;
  confidence: number;
  results: JsonResult[];
}

export function renderAnswerJson(answer: Answer): JsonAnswer {
  return {
    question: answer.question,
    answered: answer.answered,
    level: answer.level,
    confidence: answer.confidence,
    results: answer.quotes.map((q) => ({
      source: q.source,
      title: q.title,
      section: q.section?.length ? formatSection(q.section) : null,
      kind: q.kind ?? 'prose',
      ...(q.language === undefined ? {} : { language: q.language }),
      paragraph: q.paragraph,
      ...(q.page === undefined ? {} : { page: q.page }),
      ...(q.textFile === undefined ? {} : { textFile: q.textFile }),
      ...(q.file === undefined ? {} : { file: q.file }),
      start: q.start,
      end: q.end,
      text: q.text,
      highlight: q.highlight ? { start: q.highlight.start, end: q.highlight.end } : null,
      score: q.answerProbability,
      answers: q.answers,
    })),
  };
}
