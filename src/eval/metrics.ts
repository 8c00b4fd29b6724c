/**
 * Answer quality over an eval set: ranking (hit@1, hit@5, MRR@5, whatever the level), honest
 * silence (abstention, false abstention, precision of what is presented as answered, per kind
 * and sub-kind), verbatim fidelity, and the risk–coverage curve. Pure: file texts are passed in.
 */
import type { Answer } from '../types.js';
import { expectedPassages, type EvalQuestion } from '../calibration/expectedPassages.js';
import { quoteMatches } from '../calibration/quoteMatches.js';

export function parseEvalSet(jsonl: string): EvalQuestion[] {
  return jsonl
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as EvalQuestion);
}

type QuoteLike = { source: string; start: number; end: number; text: string };

/** 1-based rank of the first matching quote among the first five, or 0; whatever the answer's level. */
export function firstHitRank(q: EvalQuestion, quotes: QuoteLike[], fileText: (source: string) => string): number {
  const expected = expectedPassages(q);
  return quotes.slice(0, 5).findIndex((quote) => expected.some((e) => quoteMatches(quote, e, fileText(e.source)))) + 1;
}

export function isVerbatim(quote: Answer['quotes'][number], fileText: string): boolean {
  const h = quote.highlight;
  return fileText.slice(quote.start, quote.end) === quote.text && (!h || (h.start >= quote.start && h.end <= quote.end && h.start < h.end));
}

export interface RankingFigures {
  questions: number;
  hitAt1: number;
  hitAt5: number;
  mrrAt5: number;
}

export interface EvalReport extends RankingFigures {
  unanswerable: number;
  /** Plain BM25 over the same passages and questions: the anchor. */
  bm25: RankingFigures;
  /** Share of answerable questions presented as answered. */
  coverage: number;
  /** Of everything presented as answered, the share whose top quote answers. */
  precisionOfAnswered: number;
  answeredQuestions: number;
  /** Share of unanswerable questions not presented as answered. */
  abstention: number;
  /** Share of answerable questions not presented as answered. */
  falseAbstention: number;
  /** hit@5 over the answerable questions that stayed below the answer level. */
  hitAt5BelowAnswerLevel: number;
  fidelity: number;
  quotes: number;
  byKind: Record<string, RankingFigures & { answered: number }>;
  /** Declined share of unanswerable questions per sub-kind. */
  declinedBySubkind: Record<string, { questions: number; declined: number }>;
}

export interface EvalPair {
  question: EvalQuestion;
  answer: Answer;
  /** Plain BM25's top passages for the same question. */
  bm25: QuoteLike[];
}

const share = (n: number, d: number) => (d === 0 ? 0 : n / d);

function ranking(ranks: number[]): RankingFigures {
  return {
    questions: ranks.length,
    hitAt1: share(ranks.filter((r) => r === 1).length, ranks.length),
    hitAt5: share(ranks.filter((r) => r >= 1).length, ranks.length),
    mrrAt5: share(
      ranks.reduce((s, r) => s + (r ? 1 / r : 0), 0),
      ranks.length,
    ),
  };
}

export function evaluate(pairs: EvalPair[], fileText: (source: string) => string): EvalReport {
  const answerable = pairs.filter((p) => p.question.kind !== 'unanswerable');
  const unanswerable = pairs.filter((p) => p.question.kind === 'unanswerable');
  const ranks = answerable.map((p) => firstHitRank(p.question, p.answer.quotes, fileText));
  const answered = pairs.filter((p) => p.answer.answered);
  const rightlyAnswered = answered.filter(
    (p) => p.question.kind !== 'unanswerable' && firstHitRank(p.question, p.answer.quotes, fileText) === 1,
  );
  const below = answerable.map((p, i) => ({ p, rank: ranks[i] as number })).filter(({ p }) => !p.answer.answered);
  const quotes = pairs.flatMap((p) => p.answer.quotes);
  const byKind: EvalReport['byKind'] = {};
  for (const kind of [...new Set(answerable.map((p) => p.question.kind))]) {
    const members = answerable.map((p, i) => ({ p, rank: ranks[i] as number })).filter(({ p }) => p.question.kind === kind);
    byKind[kind] = {
      ...ranking(members.map((m) => m.rank)),
      answered: share(members.filter((m) => m.p.answer.answered).length, members.length),
    };
  }
  const declinedBySubkind: EvalReport['declinedBySubkind'] = {};
  for (const p of unanswerable) {
    const entry = (declinedBySubkind[p.question.subkind ?? 'unanswerable'] ??= { questions: 0, declined: 0 });
    entry.questions += 1;
    if (!p.answer.answered) entry.declined += 1;
  }
  return {
    ...ranking(ranks),
    unanswerable: unanswerable.length,
    bm25: ranking(answerable.map((p) => firstHitRank(p.question, p.bm25, fileText))),
    coverage: share(answerable.filter((p) => p.answer.answered).length, answerable.length),
    precisionOfAnswered: share(rightlyAnswered.length, answered.length),
    answeredQuestions: answered.length,
    abstention: share(unanswerable.filter((p) => !p.answer.answered).length, unanswerable.length),
    falseAbstention: share(answerable.filter((p) => !p.answer.answered).length, answerable.length),
    hitAt5BelowAnswerLevel: share(below.filter((b) => b.rank >= 1).length, below.length),
    fidelity: quotes.length === 0 ? 1 : share(quotes.filter((q) => isVerbatim(q, fileText(q.source))).length, quotes.length),
    quotes: quotes.length,
    byKind,
    declinedBySubkind,
  };
}

/** One question on the risk–coverage curve: how confident the engine was, and whether its top quote answers. */
export interface ConfidencePoint {
  confidence: number;
  correct: boolean;
}

/** Precision against the share of questions answered, as the answer level moves from high to low. */
export function riskCoverage(points: ConfidencePoint[]): Array<{ level: number; coverage: number; precision: number }> {
  const sorted = [...points].sort((a, b) => b.confidence - a.confidence);
  let right = 0;
  return sorted.map((p, i) => {
    if (p.correct) right += 1;
    return { level: p.confidence, coverage: (i + 1) / sorted.length, precision: right / (i + 1) };
  });
}

/**
 * The area under the risk–coverage curve: the mean risk (1 − precision) over every coverage
 * step, lower is better. It judges how well the confidence orders right answers above wrong
 * ones, whatever level is chosen.
 */
export function areaUnderRiskCoverage(points: ConfidencePoint[]): number {
  const curve = riskCoverage(points);
  return curve.length === 0 ? 0 : curve.reduce((sum, p) => sum + (1 - p.precision), 0) / curve.length;
}

/**
 * The most of the answerable questions answered rightly at any level whose answered questions
 * keep the given precision (a level between two different confidences only).
 */
export function coverageAtPrecision(points: ConfidencePoint[], precision: number, answerable: number): number {
  const sorted = [...points].sort((a, b) => b.confidence - a.confidence);
  let right = 0;
  let best = 0;
  sorted.forEach((p, i) => {
    if (p.correct) right += 1;
    const next = sorted[i + 1];
    if (right / (i + 1) >= precision && (!next || next.confidence < p.confidence)) best = right;
  });
  return share(best, answerable);
}
