/**
 * The fit behind src/calibration/<model>.json, as pure functions over the feature table:
 * L2-regularised logistic regression by full-batch gradient descent from zero weights (no
 * randomness, so the same table always gives the same numbers), then the confidence levels
 * read off the fitted scores of the fit questions.
 */
import { createHash } from 'node:crypto';
import { CONFIDENCE_FEATURES, type ConfidenceFeatureName, FEATURES, type FeatureName, type ModelCalibration } from './calibration.js';
import { confidenceVectors, mostConfident, type QuestionChecks } from './confidenceFeatures.js';

/** One candidate passage of one fit question. */
export interface FitRow {
  question: string;
  /** Feature values in FEATURES order. */
  x: number[];
  /** 1 when the passage answers the question. */
  y: 0 | 1;
  eligible: boolean;
  /** The passage's article. */
  source: string;
}

export interface FitTable {
  model: string;
  corpora: string[];
  features: readonly FeatureName[];
  /** Ids of the fit questions with no answer in the corpus (every row of theirs has y = 0). */
  unanswerable: string[];
  /** What each question lets be checked exactly (for the confidence features). */
  checks: Record<string, QuestionChecks>;
  rows: FitRow[];
}

export const FIT_SETTINGS = { iterations: 3000, learningRate: 0.5, l2: 1e-3 } as const;
/** The precision of answered promised on any corpus. */
export const TARGET_PRECISION = 0.9;
/**
 * The precision the answer level is set for on the fit questions: above the promise, because a
 * level read off the fit questions at 0.90 gave 0.79 on squad-wiki's held-out half.
 */
export const FIT_PRECISION = 0.95;
/** The answer level needs this many fit questions above it to be read off at all. */
const MIN_ANSWERED = 10;
/** The closest level keeps this share of the answerable fit questions' top passages above it. */
const CLOSEST_KEEPS = 0.9;

/** Logistic regression by full-batch gradient descent from zero weights; `bias: false` fits through the origin. */
export function fitLogistic(examples: Array<{ x: number[]; y: number }>, bias = true): { weights: number[]; bias: number } {
  const d = examples[0]?.x.length ?? 0;
  const n = examples.length;
  // One flat matrix and plain loops: the same sums in the same order as over the arrays, several times faster.
  const xs = new Float64Array(n * d);
  const ys = new Float64Array(n);
  examples.forEach((example, i) => {
    xs.set(example.x, i * d);
    ys[i] = example.y;
  });
  const weights = new Float64Array(d);
  const gradient = new Float64Array(d);
  let b = 0;
  const scale = Math.max(1, n);
  for (let iteration = 0; iteration < FIT_SETTINGS.iterations; iteration += 1) {
    gradient.fill(0);
    let biasGradient = 0;
    for (let i = 0; i < n; i += 1) {
      const row = i * d;
      let z = b;
      for (let j = 0; j < d; j += 1) z += (weights[j] as number) * (xs[row + j] as number);
      const error = 1 / (1 + Math.exp(-z)) - (ys[i] as number);
      for (let j = 0; j < d; j += 1) gradient[j] = (gradient[j] as number) + error * (xs[row + j] as number);
      biasGradient += error;
    }
    for (let j = 0; j < d; j += 1) {
      weights[j] =
        (weights[j] as number) - FIT_SETTINGS.learningRate * ((gradient[j] as number) / scale + FIT_SETTINGS.l2 * (weights[j] as number));
    }
    if (bias) b -= (FIT_SETTINGS.learningRate * biasGradient) / scale;
  }
  return { weights: [...weights], bias: b };
}

/**
 * The scorer: weights that order each question's candidates (logistic regression on pairs of
 * one answering and one other candidate of the same question, RankNet-style), then scaled
 * into probabilities (Platt scaling: a logistic fit of each candidate's answering on its score).
 */
export function fitScorer(rows: FitRow[]): { weights: number[]; bias: number } {
  const byQuestion = new Map<string, FitRow[]>();
  for (const row of rows) byQuestion.set(row.question, [...(byQuestion.get(row.question) ?? []), row]);
  const pairs: Array<{ x: number[]; y: number }> = [];
  for (const candidates of byQuestion.values()) {
    for (const positive of candidates.filter((r) => r.y === 1)) {
      for (const negative of candidates.filter((r) => r.y === 0)) {
        // Fitted through the origin, the mirrored pair (−difference, 0) has the same gradient: one pair is enough.
        pairs.push({ x: positive.x.map((v, j) => v - (negative.x[j] as number)), y: 1 });
      }
    }
  }
  const order = fitLogistic(pairs, false).weights;
  const score = (x: number[]) => x.reduce((sum, v, j) => sum + v * (order[j] as number), 0);
  const platt = fitLogistic(rows.map((r) => ({ x: [score(r.x)], y: r.y })));
  const scale = platt.weights[0] as number;
  return { weights: order.map((w) => w * scale), bias: platt.bias };
}

export interface QuestionOutcome {
  question: string;
  answerable: boolean;
  /** The best confidence among candidates that may answer (0 when none may): what deciding to answer reads. */
  confidence: number;
  /** Whether that candidate answers. */
  correct: boolean;
  /** The best probability of any candidate. */
  topProbability: number;
}

type ScoredRow = FitRow & { probability: number; confidence: number };

/** Each question's rows with the scorer's probability and the second stage's confidence. */
export function scoreTable(
  table: FitTable,
  scorer: { weights: number[]; bias: number },
  confidence?: { weights: number[]; bias: number },
): Map<string, ScoredRow[]> {
  const byQuestion = new Map<string, ScoredRow[]>();
  for (const row of table.rows) {
    const z = row.x.reduce((sum, x, j) => sum + x * (scorer.weights[j] as number), scorer.bias);
    const list = byQuestion.get(row.question) ?? [];
    list.push({ ...row, probability: 1 / (1 + Math.exp(-z)), confidence: 0 });
    byQuestion.set(row.question, list);
  }
  if (confidence) {
    for (const [question, rows] of byQuestion) {
      confidenceExamples(table, question, rows).forEach(({ x, index }) => {
        const z = x.reduce((sum, v, j) => sum + v * (confidence.weights[j] as number), confidence.bias);
        (rows[index] as ScoredRow).confidence = 1 / (1 + Math.exp(-z));
      });
    }
  }
  return byQuestion;
}

const bm25Share = FEATURES.indexOf('bm25Share');
const denseGap = FEATURES.indexOf('denseGap');
const typedCoverage = FEATURES.indexOf('typedCoverage');

/** The confidence vectors of a question's rows that may answer, as plain arrays in CONFIDENCE_FEATURES order. */
function confidenceExamples(table: FitTable, question: string, rows: ScoredRow[]): Array<{ x: number[]; y: number; index: number }> {
  const checks = table.checks[question] ?? { anchors: 0, checkable: false };
  const candidates = rows.map((r) => ({
    ...r,
    features: { bm25Share: r.x[bm25Share] as number, denseGap: r.x[denseGap] as number, typedCoverage: r.x[typedCoverage] as number },
  }));
  return confidenceVectors(candidates, checks).flatMap((vector, index) =>
    vector ? [{ x: CONFIDENCE_FEATURES.map((f) => vector[f]), y: (rows[index] as ScoredRow).y, index }] : [],
  );
}

export function questionOutcomes(table: FitTable, scored: Map<string, ScoredRow[]>): QuestionOutcome[] {
  const unanswerable = new Set(table.unanswerable);
  const ids = [...new Set([...scored.keys(), ...table.unanswerable])];
  return ids.map((question) => {
    const rows = scored.get(question) ?? [];
    const best = mostConfident(rows);
    return {
      question,
      answerable: !unanswerable.has(question),
      confidence: best?.confidence ?? 0,
      correct: best?.y === 1,
      topProbability: Math.max(0, ...rows.map((r) => r.probability)),
    };
  });
}

/** How levels are read off a set of outcomes: the fit's, by default. */
export interface LevelTarget {
  precision: number;
  /** Fewest questions above the answer level for it to be read off at all. */
  minAnswered: number;
}
const FIT_TARGET: LevelTarget = { precision: FIT_PRECISION, minAnswered: MIN_ANSWERED };

/** The lowest level at which the questions above it are answered with the target precision (1: never answer, when none is). */
export function chooseLevels(
  outcomes: QuestionOutcome[],
  target: LevelTarget = FIT_TARGET,
): { answerLevel: number; closestLevel: number; precision: number } {
  const sorted = [...outcomes].sort((a, b) => b.confidence - a.confidence);
  let right = 0;
  let best = { answerLevel: 1, precision: 1 };
  sorted.forEach((o, i) => {
    if (o.correct && o.answerable) right += 1;
    const precision = right / (i + 1);
    const next = sorted[i + 1];
    // A level between two questions' confidences; only where the next one differs.
    if (i + 1 >= target.minAnswered && precision >= target.precision && (!next || next.confidence < o.confidence)) {
      best = { answerLevel: o.confidence, precision };
    }
  });
  const answerableTops = outcomes
    .filter((o) => o.answerable)
    .map((o) => o.topProbability)
    .sort((a, b) => a - b);
  const closestLevel = answerableTops[Math.floor((1 - CLOSEST_KEEPS) * answerableTops.length)] ?? 0;
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  return {
    answerLevel: round(best.answerLevel),
    closestLevel: round(Math.min(closestLevel, best.answerLevel)),
    precision: round(best.precision),
  };
}

/** The table without one corpus's questions: what a fit that never saw that corpus learns from (leave-one-corpus-out). */
export function withoutCorpus(table: FitTable, corpus: string): FitTable {
  const own = (question: string) => question.startsWith(`${corpus}:`);
  return {
    ...table,
    corpora: table.corpora.filter((c) => c !== corpus),
    unanswerable: table.unanswerable.filter((q) => !own(q)),
    rows: table.rows.filter((r) => !own(r.question)),
  };
}

/** The calibration a fit table gives: weights, levels and what they were fitted on. */
export function fitCalibration(table: FitTable, softMatch: ModelCalibration['softMatch']): ModelCalibration {
  const { weights, bias } = fitScorer(table.rows);
  const byProbability = scoreTable(table, { weights, bias });
  const examples = [...byProbability].flatMap(([question, rows]) => confidenceExamples(table, question, rows));
  const confidence = fitLogistic(examples);
  const levels = chooseLevels(questionOutcomes(table, scoreTable(table, { weights, bias }, confidence)));
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return {
    model: table.model,
    fitted: true,
    softMatch,
    weights: Object.fromEntries(FEATURES.map((name, j) => [name, round(weights[j] as number)])) as Record<FeatureName, number>,
    bias: round(bias),
    confidence: {
      weights: Object.fromEntries(CONFIDENCE_FEATURES.map((name, j) => [name, round(confidence.weights[j] as number)])) as Record<
        ConfidenceFeatureName,
        number
      >,
      bias: round(confidence.bias),
    },
    answerLevel: levels.answerLevel,
    closestLevel: levels.closestLevel,
    fittedOn: {
      corpora: table.corpora,
      questions: new Set([...table.rows.map((r) => r.question), ...table.unanswerable]).size,
      candidates: table.rows.length,
      answerLevelPrecision: levels.precision,
    },
  };
}

/**
 * How well a way of fitting orders candidates it was not fitted on: the fit questions split in
 * two by a hash of their id, each half scored by weights fitted on the other; the share of
 * answerable questions whose best-scored candidate answers, per half.
 */
export function crossValidatedHitAt1(table: FitTable, fit: (rows: FitRow[]) => { weights: number[] }): [number, number] {
  const half = (question: string) => (createHash('sha256').update(`cv:${question}`).digest()[0] as number) % 2;
  const hitAt1 = (test: number) => {
    const { weights } = fit(table.rows.filter((r) => half(r.question) !== test));
    const best = new Map<string, { score: number; y: number }>();
    for (const row of table.rows.filter((r) => half(r.question) === test)) {
      const score = row.x.reduce((sum, v, j) => sum + v * (weights[j] as number), 0);
      if (score > (best.get(row.question)?.score ?? -Infinity)) best.set(row.question, { score, y: row.y });
    }
    const answerable = [...best.keys()].filter((q) => !table.unanswerable.includes(q));
    return answerable.filter((q) => best.get(q)?.y === 1).length / Math.max(1, answerable.length);
  };
  return [hitAt1(0), hitAt1(1)];
}

/** The pointwise alternative to fitScorer: logistic regression on each candidate alone. */
export const fitPointwise = (rows: FitRow[]) => fitLogistic(rows.map((r) => ({ x: r.x, y: r.y })));
