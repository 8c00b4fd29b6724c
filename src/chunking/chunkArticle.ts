/**
 * Passages: whole sentences that fit the embedding model's window, preferring paragraph
 * boundaries. A paragraph that fits is one passage; a longer one becomes windows of sentences
 * overlapping by one sentence (the answer engine merges overlapping windows it returns);
 * a very short paragraph joins the next one of its section so that it is not embedded without
 * context. A passage never runs across sections: its citation names one. A list is one passage
 * (with a short paragraph that leads into it) up to the whole window, so a procedure's steps
 * are found and quoted together; a code block is a passage of its own, one "sentence" of code.
 */
import type { Article, Paragraph, Passage, Span } from '../types.js';
import { AnswerKind, answerKindsOf } from '../language/english.js';
import { splitSentences } from './sentences.js';

/** Recorded in the index manifest: bump it whenever passages would come out differently. */
export const CHUNKER_VERSION = '9';

/** Share of the model's window a passage may fill by estimate: the estimate is rough, truncation loses text. */
const WINDOW_SHARE = 0.6;
/** Paragraphs shorter than this many words are joined to the next paragraph. */
const SHORT_PARAGRAPH_WORDS = 20;

/** A deliberately high estimate of WordPiece tokens: long and rare words split into several pieces. */
export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const word of text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? []) {
    tokens += /^[\p{L}\p{N}]/u.test(word) ? 1 + Math.floor(word.length / 7) : 1;
  }
  return tokens;
}

export interface ChunkOptions {
  /** The embedding model's window, in tokens. */
  maxTokens: number;
}

function makePassage(article: Article, paragraphs: Paragraph[], sentences: Span[], kinds: number[]): Passage {
  const start = (sentences[0] as Span).start;
  const end = (sentences.at(-1) as Span).end;
  return {
    id: `${article.source}#${start}-${end}`,
    source: article.source,
    start,
    end,
    text: article.text.slice(start, end),
    paragraphs: paragraphs.filter((p) => p.start < end && p.end > start).map((p) => p.number),
    sentences,
    sentenceKinds: kinds,
  };
}

const sameList = (a: Paragraph | undefined, b: Paragraph) => a?.list !== undefined && a.list.list === b.list?.list;

/**
 * Groups consecutive paragraphs: a short one is joined to the next when both fit together; a
 * list's items stay together up to `listBudget`; a code block stands apart unless it is a step
 * of a list.
 */
function groupParagraphs(article: Article, budget: number, listBudget: number): Paragraph[][] {
  const groups: Paragraph[][] = [];
  let pending: Paragraph[] = [];
  const words = (p: Paragraph) => article.text.slice(p.start, p.end).split(/\s+/u).length;
  const tokens = (ps: Paragraph[]) => ps.reduce((n, p) => n + estimateTokens(article.text.slice(p.start, p.end)), 0);
  const sectionOf = (p: Paragraph | undefined) => p?.section?.join('\n');
  for (const paragraph of article.paragraphs) {
    if (paragraph.heading) continue;
    const last = pending.at(-1);
    const continuesList = sameList(last, paragraph);
    const candidate = [...pending, paragraph];
    const apart = !continuesList && (last?.list !== undefined || last?.code !== undefined || paragraph.code !== undefined);
    if (
      last !== undefined &&
      (tokens(candidate) > (continuesList ? listBudget : budget) || sectionOf(pending[0]) !== sectionOf(paragraph) || apart)
    ) {
      groups.push(pending);
      pending = [paragraph];
    } else {
      pending = candidate;
    }
    if (paragraph.list === undefined && paragraph.code === undefined && words(paragraph) >= SHORT_PARAGRAPH_WORDS) {
      groups.push(pending);
      pending = [];
    }
  }
  if (pending.length > 0) groups.push(pending);
  return groups;
}

/** A paragraph's sentences: a code block is one, read as code; an item of a numbered list is a step whatever its words. */
function sentencesOf(article: Article, paragraph: Paragraph): Array<{ span: Span; kinds: number }> {
  if (paragraph.code) return [{ span: { start: paragraph.start, end: paragraph.end }, kinds: AnswerKind.code }];
  const step = paragraph.list?.ordered ? AnswerKind.steps : 0;
  // Read once per sentence here, at ingest, so no question re-reads a passage.
  return splitSentences(article.text, paragraph).map((span) => ({
    span,
    kinds: answerKindsOf(article.text.slice(span.start, span.end)) | step,
  }));
}

export function chunkArticle(article: Article, options: ChunkOptions): Passage[] {
  const budget = Math.max(16, Math.floor(options.maxTokens * WINDOW_SHARE));
  // A list may fill the whole window: its steps are worth quoting together, and the estimate is high.
  const listBudget = Math.max(budget, options.maxTokens);
  const passages: Passage[] = [];
  for (const group of groupParagraphs(article, budget, listBudget)) {
    const read = group.flatMap((p) => sentencesOf(article, p));
    const sentences = read.map((r) => r.span);
    const kinds = read.map((r) => r.kinds);
    const cost = sentences.map((s) => estimateTokens(article.text.slice(s.start, s.end)));
    const groupBudget = group.some((p) => p.list !== undefined) ? listBudget : budget;
    let first = 0;
    while (first < sentences.length) {
      let last = first;
      let used = cost[first] as number;
      while (last + 1 < sentences.length && used + (cost[last + 1] as number) <= groupBudget) {
        last += 1;
        used += cost[last] as number;
      }
      passages.push(makePassage(article, group, sentences.slice(first, last + 1), kinds.slice(first, last + 1)));
      if (last + 1 >= sentences.length) break;
      // Overlap by one sentence so an answer spanning a window boundary is whole in one of them.
      first = last > first ? last : last + 1;
    }
  }
  return passages;
}
