/**
 * Retrieval quality over an eval set: hit@1, hit@5, MRR@5, abstention and false abstention,
 * and verbatim fidelity. Pure: file texts are passed in.
 */
import type { Answer } from '../types.js';

export type QuestionKind = 'fact' | 'paraphrase' | 'quote' | 'unanswerable';

export interface ExpectedPassage {
  source: string;
  fragment: string;
}

export interface EvalQuestion {
  id: string;
  question: string;
  kind: QuestionKind;
  source?: string;
  fragment?: string;
  alsoAccept?: ExpectedPassage[];
}

export interface EvalReport {
  answerable: number;
  unanswerable: number;
  hitAt1: number;
  hitAt5: number;
  mrrAt5: number;
  abstention: number;
  falseAbstention: number;
  fidelity: number;
  quotes: number;
  /** hit@1 and hit@5 for each kind of answerable question, to show which kind the misses are. */
  byKind: Partial<Record<Exclude<QuestionKind, 'unanswerable'>, { questions: number; hitAt1: number; hitAt5: number }>>;
}

export const TARGETS = { hitAt1: 0.8, hitAt5: 0.95, abstention: 0.9, falseAbstention: 0.05, fidelity: 1 } as const;

export function parseEvalSet(jsonl: string): EvalQuestion[] {
  return jsonl
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as EvalQuestion);
}

export const expectedPassages = (q: EvalQuestion): ExpectedPassage[] =>
  q.source && q.fragment ? [{ source: q.source, fragment: q.fragment }, ...(q.alsoAccept ?? [])] : [];

/**
 * A quote answers when it comes from an expected article and contains the fragment, or covers
 * at least half of it (a window boundary may cut a long fragment).
 */
export function quoteMatches(
  quote: { source: string; start: number; end: number; text: string },
  expected: ExpectedPassage,
  fileText: string,
): boolean {
  if (quote.source !== expected.source) return false;
  if (quote.text.includes(expected.fragment)) return true;
  const at = fileText.indexOf(expected.fragment);
  if (at < 0) return false;
  const overlap = Math.min(quote.end, at + expected.fragment.length) - Math.max(quote.start, at);
  return overlap >= expected.fragment.length / 2;
}

/** 1-based rank of the first matching quote among the first five, or 0. */
export function firstHitRank(q: EvalQuestion, answer: Answer, fileText: (source: string) => string): number {
  if (!answer.answered) return 0;
  const expected = expectedPassages(q);
  const index = answer.quotes.slice(0, 5).findIndex((quote) => expected.some((e) => quoteMatches(quote, e, fileText(e.source))));
  return index + 1;
}

export function isVerbatim(quote: Answer['quotes'][number], fileText: string): boolean {
  const h = quote.highlight;
  return fileText.slice(quote.start, quote.end) === quote.text && (!h || (h.start >= quote.start && h.end <= quote.end && h.start < h.end));
}

export function evaluate(pairs: Array<{ question: EvalQuestion; answer: Answer }>, fileText: (source: string) => string): EvalReport {
  const answerable = pairs.filter((p) => p.question.kind !== 'unanswerable');
  const unanswerable = pairs.filter((p) => p.question.kind === 'unanswerable');
  const ranks = answerable.map((p) => firstHitRank(p.question, p.answer, fileText));
  const quotes = pairs.flatMap((p) => p.answer.quotes);
  const share = (n: number, d: number) => (d === 0 ? 1 : n / d);
  const byKind: EvalReport['byKind'] = {};
  for (const kind of ['fact', 'paraphrase', 'quote'] as const) {
    const kindRanks = ranks.filter((_, i) => answerable[i]?.question.kind === kind);
    if (kindRanks.length === 0) continue;
    byKind[kind] = {
      questions: kindRanks.length,
      hitAt1: share(kindRanks.filter((r) => r === 1).length, kindRanks.length),
      hitAt5: share(kindRanks.filter((r) => r >= 1).length, kindRanks.length),
    };
  }
  return {
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    hitAt1: share(ranks.filter((r) => r === 1).length, ranks.length),
    hitAt5: share(ranks.filter((r) => r >= 1).length, ranks.length),
    mrrAt5: share(ranks.reduce((s, r) => s + (r ? 1 / r : 0), 0), ranks.length),
    abstention: share(unanswerable.filter((p) => !p.answer.answered).length, unanswerable.length),
    falseAbstention: share(answerable.filter((p) => !p.answer.answered).length, answerable.length),
    fidelity: share(quotes.filter((q) => isVerbatim(q, fileText(q.source))).length, quotes.length),
    quotes: quotes.length,
    byKind,
  };
}

/**
 * A false abstention counts twice a missed one: when Verbatim wrongly stays silent the reader
 * gets nothing, while a weak but verbatim, cited quote can be judged and dismissed by them.
 */
export const FALSE_ABSTENTION_COST = 2;

/**
 * The abstention threshold that best separates the top scores of answerable questions from
 * those of unanswerable ones: maximises abstention minus FALSE_ABSTENTION_COST × false
 * abstention, placed midway between neighbouring scores.
 */
export function suggestThreshold(answerableTop: number[], unanswerableTop: number[]): number {
  const candidates = [...new Set([...answerableTop, ...unanswerableTop])].sort((a, b) => a - b);
  let best = { value: -Infinity, threshold: 0 };
  for (let i = 0; i < candidates.length; i += 1) {
    const low = candidates[i - 1] ?? (candidates[0] as number) - 0.01;
    const threshold = (low + (candidates[i] as number)) / 2;
    const abstained = unanswerableTop.filter((s) => s < threshold).length / Math.max(1, unanswerableTop.length);
    const falselyAbstained = answerableTop.filter((s) => s < threshold).length / Math.max(1, answerableTop.length);
    const value = abstained - FALSE_ABSTENTION_COST * falselyAbstained;
    if (value > best.value) best = { value, threshold };
  }
  return Math.round(best.threshold * 1000) / 1000;
}
