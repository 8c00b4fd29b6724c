/**
 * The fit behind src/calibration/<model>.json, as pure functions over the feature table:
 * L2-regularised logistic regression by full-batch gradient descent from zero weights (no
 * randomness, so the same table always gives the same numbers), then the confidence levels
 * read off the fitted scores of the fit questions.
 */
import { FEATURES, type FeatureName, type ModelCalibration } from './calibration.js';

/** One candidate passage of one fit question. */
export interface FitRow {
  question: string;
  /** Feature values in FEATURES order. */
  x: number[];
  /** 1 when the passage answers the question. */
  y: 0 | 1;
  eligible: boolean;
}

export interface FitTable {
  model: string;
  corpora: string[];
  features: readonly FeatureName[];
  /** Ids of the fit questions with no answer in the corpus (every row of theirs has y = 0). */
  unanswerable: string[];
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
  const weights = new Array<number>(d).fill(0);
  let b = 0;
  const n = Math.max(1, examples.length);
  for (let iteration = 0; iteration < FIT_SETTINGS.iterations; iteration += 1) {
    const gradient = new Array<number>(d).fill(0);
    let biasGradient = 0;
    for (const example of examples) {
      let z = b;
      for (let j = 0; j < d; j += 1) z += (weights[j] as number) * (example.x[j] as number);
      const error = 1 / (1 + Math.exp(-z)) - example.y;
      for (let j = 0; j < d; j += 1) gradient[j] = (gradient[j] as number) + error * (example.x[j] as number);
      biasGradient += error;
    }
    for (let j = 0; j < d; j += 1) {
      weights[j] = (weights[j] as number) - FIT_SETTINGS.learningRate * ((gradient[j] as number) / n + FIT_SETTINGS.l2 * (weights[j] as number));
    }
    if (bias) b -= (FIT_SETTINGS.learningRate * biasGradient) / n;
  }
  return { weights, bias: b };
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
        const difference = positive.x.map((v, j) => v - (negative.x[j] as number));
        pairs.push({ x: difference, y: 1 }, { x: difference.map((v) => -v), y: 0 });
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
  /** The best probability among eligible candidates (0 when none): what deciding to answer reads. */
  confidence: number;
  /** Whether that candidate answers. */
  correct: boolean;
  /** The best probability of any candidate. */
  topProbability: number;
}

export function questionOutcomes(table: FitTable, weights: number[], bias: number): QuestionOutcome[] {
  const unanswerable = new Set(table.unanswerable);
  const byQuestion = new Map<string, Array<FitRow & { p: number }>>();
  for (const row of table.rows) {
    const z = row.x.reduce((sum, x, j) => sum + x * (weights[j] as number), bias);
    const list = byQuestion.get(row.question) ?? [];
    list.push({ ...row, p: 1 / (1 + Math.exp(-z)) });
    byQuestion.set(row.question, list);
  }
  const ids = [...new Set([...byQuestion.keys(), ...table.unanswerable])];
  return ids.map((question) => {
    const rows = (byQuestion.get(question) ?? []).sort((a, b) => b.p - a.p);
    const top = rows.find((r) => r.eligible);
    return {
      question,
      answerable: !unanswerable.has(question),
      confidence: top?.p ?? 0,
      correct: top?.y === 1,
      topProbability: rows[0]?.p ?? 0,
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
export function chooseLevels(outcomes: QuestionOutcome[], target: LevelTarget = FIT_TARGET): { answerLevel: number; closestLevel: number; precision: number } {
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
  const answerableTops = outcomes.filter((o) => o.answerable).map((o) => o.topProbability).sort((a, b) => a - b);
  const closestLevel = answerableTops[Math.floor((1 - CLOSEST_KEEPS) * answerableTops.length)] ?? 0;
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  return { answerLevel: round(best.answerLevel), closestLevel: round(Math.min(closestLevel, best.answerLevel)), precision: round(best.precision) };
}

/** The calibration a fit table gives: weights, levels and what they were fitted on. */
export function fitCalibration(table: FitTable, softMatch: ModelCalibration['softMatch']): ModelCalibration {
  const { weights, bias } = fitScorer(table.rows);
  const levels = chooseLevels(questionOutcomes(table, weights, bias));
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return {
    model: table.model,
    fitted: true,
    softMatch,
    weights: Object.fromEntries(FEATURES.map((name, j) => [name, round(weights[j] as number)])) as Record<FeatureName, number>,
    bias: round(bias),
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
