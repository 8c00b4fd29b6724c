/**
 * From ranked candidate passages to an `Answer`: overlapping windows merged, the confidence
 * level decided, the passages that answer put first, and in each quote the sentence that best
 * answers the question chosen as the highlight. Pure: the sentence vectors are computed by the
 * caller between `draftQuotes` and `finishAnswer`.
 */
import type { Levels } from '../calibration/indexCalibration.js';
import { indexWords, type PassageStore } from '../index/passageStore.js';
import type { Question } from '../question/analyseQuestion.js';
import { holdsKindBeyondQuestion, isCodePassage, type ScoringContext, termCoverage } from '../retrieval/candidateFeatures.js';
import { AnswerKind } from '../language/english.js';
import { answerConfidence } from '../calibration/confidenceFeatures.js';
import type { RankedCandidate } from '../retrieval/rankCandidates.js';
import type { Answer, AnswerLevel, Paragraph, Quote, Span } from '../types.js';

export interface QuoteDraft extends Span {
  source: string;
  /** The best merged passage's probability of answering, and its confidence (0 when it may not answer). */
  probability: number;
  confidence: number;
  /** Whether this quote is part of the answer (an eligible passage at or above the answer level). */
  answers: boolean;
  /** The merged passages' sentences and their answer kinds, in order, without duplicates. */
  sentences: Span[];
  sentenceKinds: number[];
}

function toDraft(store: PassageStore, candidate: RankedCandidate, levels: Levels): QuoteDraft {
  const passage = store.passage(candidate.row);
  if (!passage) throw new Error(`Row ${candidate.row} is outside the index.`);
  return {
    source: passage.source,
    start: passage.start,
    end: passage.end,
    probability: candidate.probability,
    confidence: candidate.confidence,
    answers: candidate.eligible && candidate.confidence >= levels.answerLevel,
    sentences: [...passage.sentences],
    sentenceKinds: [...passage.sentenceKinds],
  };
}

const overlaps = (a: QuoteDraft, b: QuoteDraft) => a.source === b.source && a.start < b.end && b.start < a.end;

/** `into` grows to cover `draft` too: its sentences joined in order, the better standing of the two kept. */
function absorb(into: QuoteDraft, draft: QuoteDraft): void {
  const spans = new Map<number, { span: Span; kinds: number }>();
  for (const d of [into, draft]) d.sentences.forEach((span, i) => spans.set(span.start, { span, kinds: d.sentenceKinds[i] ?? 0 }));
  const ordered = [...spans.values()].sort((a, b) => a.span.start - b.span.start);
  into.start = Math.min(into.start, draft.start);
  into.end = Math.max(into.end, draft.end);
  into.answers ||= draft.answers;
  into.confidence = Math.max(into.confidence, draft.confidence);
  into.sentences = ordered.map((s) => s.span);
  into.sentenceKinds = ordered.map((s) => s.kinds);
}

/**
 * Overlapping windows of one article become one quote, in the place of the best-ranked of them.
 * A window that bridges two quotes already kept joins them all, so no sentence is quoted twice.
 */
export function mergeOverlapping(drafts: QuoteDraft[]): QuoteDraft[] {
  const merged: QuoteDraft[] = [];
  for (const draft of drafts) {
    const into = merged.find((m) => overlaps(m, draft));
    if (!into) {
      merged.push(draft);
      continue;
    }
    absorb(into, draft);
    for (
      let other = merged.findIndex((m) => m !== into && overlaps(m, into));
      other >= 0;
      other = merged.findIndex((m) => m !== into && overlaps(m, into))
    ) {
      absorb(into, merged[other] as QuoteDraft);
      merged.splice(other, 1);
    }
  }
  return merged;
}

export interface DraftAnswer {
  question: Question;
  level: AnswerLevel;
  confidence: number;
  drafts: QuoteDraft[];
}

export interface DraftOptions {
  levels: Levels;
  k: number;
  offset: number;
}

/** `candidates` come most probable first, as `rankCandidates` returns them. */
export function draftQuotes(store: PassageStore, question: Question, candidates: RankedCandidate[], options: DraftOptions): DraftAnswer {
  // A passage without the kind of answer asked for (no number for "how many") cannot hold the
  // answer: those that may come first, each group best first.
  const byEligibility = [...candidates.filter((c) => c.holdsKind), ...candidates.filter((c) => !c.holdsKind)];
  const drafts = mergeOverlapping(byEligibility.map((c) => toDraft(store, c, options.levels)));
  // The passages that answer come first, most confident first; the rest follow as closest passages.
  const answering = drafts.filter((d) => d.answers).sort((a, b) => b.confidence - a.confidence);
  const ordered = [...answering, ...drafts.filter((d) => !d.answers)];
  // Answered when a passage reaches the answer level; else close when the most probable passage
  // reaches the closest level (the fitted levels are read off the same two numbers).
  const confidence = answerConfidence(candidates);
  const mostProbable = candidates[0];
  const level: AnswerLevel = ordered[0]?.answers
    ? 'answer'
    : mostProbable !== undefined && mostProbable.probability >= options.levels.closestLevel
      ? 'closest'
      : 'none';
  return { question, level, confidence, drafts: ordered.slice(options.offset, options.offset + options.k) };
}

/** The texts whose vectors `finishAnswer` needs, in order: every sentence of every draft. */
export function sentencesToEmbed(store: PassageStore, draft: DraftAnswer): string[] {
  return draft.drafts.flatMap((d) => {
    const text = store.article(d.source)?.text ?? '';
    return d.sentences.map((s) => text.slice(s.start, s.end));
  });
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

/** Fewer steps than this are a sentence that happens to be imperative, not a procedure. */
const MIN_STEPS = 2;
const stepsOf = (d: QuoteDraft) => d.sentenceKinds.filter((kinds) => (kinds & AnswerKind.steps) !== 0).length;

/** A procedure is quoted whole: the draft grown to every item of the lists it holds steps of. */
function wholeList(paragraphs: Paragraph[], d: QuoteDraft): Span {
  const lists = new Set(paragraphs.filter((p) => p.list && p.start < d.end && d.start < p.end).map((p) => p.list?.list));
  const items = paragraphs.filter((p) => lists.has(p.list?.list) && p.list !== undefined);
  return {
    start: Math.min(d.start, ...items.map((p) => p.start)),
    end: Math.max(d.end, ...items.map((p) => p.end)),
  };
}

/**
 * The highlight is the sentence that holds the kind of answer asked for, covers most of the
 * question and is closest to it in meaning, in that order of weight.
 */
export function finishAnswer(context: ScoringContext, draft: DraftAnswer, sentenceDense: number[]): Answer {
  const { store } = context;
  const question = draft.question;
  let next = 0;
  const quotes: Quote[] = draft.drafts.map((d) => {
    const article = store.article(d.source);
    if (!article) throw new Error(`Article ${d.source} is missing from the index.`);
    let highlight: Span | null = null;
    let best = -Infinity;
    d.sentences.forEach((sentence, i) => {
      const dense = sentenceDense[next++] ?? 0;
      const text = article.text.slice(sentence.start, sentence.end);
      const words = indexWords(text);
      const kind = question.expectedKinds !== 0 && holdsKindBeyondQuestion(question, d.sentenceKinds[i] ?? 0, text) ? 1 : 0;
      const score = kind + termCoverage(context, question, words, true) + Math.max(0, dense);
      if (score > best) {
        best = score;
        highlight = { start: sentence.start, end: sentence.end };
      }
    });
    const steps = (question.expectedKinds & AnswerKind.steps) !== 0 && stepsOf(d) >= MIN_STEPS;
    const { start, end } = steps ? wholeList(article.paragraphs, d) : d;
    // Steps are cited from the first one (of the whole list, not of the window that found it): the procedure's heading is their section.
    const anchor = steps ? start : ((highlight as Span | null)?.start ?? d.start);
    const cited = article.paragraphs.find((p) => p.start <= anchor && anchor < p.end);
    const paragraph = cited?.number ?? 1;
    const quote: Quote = {
      source: d.source,
      title: article.title,
      paragraph,
      start,
      end,
      text: article.text.slice(start, end),
      highlight,
      answerProbability: round(d.probability),
      answers: d.answers,
    };
    if (article.meta.url) quote.url = article.meta.url;
    if (cited?.page !== undefined) quote.page = cited.page;
    if (cited?.section) quote.section = cited.section;
    if (isCodePassage(d)) {
      quote.kind = 'code';
      if (cited?.code?.language) quote.language = cited.code.language;
    } else if (steps) quote.kind = 'steps';
    return quote;
  });
  // A list quoted whole may take in another window of the same list: it is quoted once.
  const distinct = quotes.filter((q, i) => !quotes.slice(0, i).some((o) => o.source === q.source && o.start <= q.start && q.end <= o.end));
  return {
    question: question.asked,
    answered: draft.level === 'answer',
    level: draft.level,
    confidence: round(draft.confidence),
    quotes: distinct,
  };
}
