/**
 * An index's own confidence levels. A threshold fitted on some corpora does not carry over to
 * another corpus or model, so each index measures its own score scale from both sides: at
 * ingest, probe questions it cannot answer and questions made from its own sentences
 * (probes.ts) are asked; the unanswerable ones' confidences — the background — and the levels
 * read off both are stored in the manifest. `npm run calibrate -- --set FILE` replaces them
 * with levels chosen on labelled questions of the corpus itself.
 */
import type { IndexCalibration } from '../index/manifest.js';
import { type ModelCalibration, scorerFingerprint } from './calibration.js';
import { chooseLevels, FIT_PRECISION, type QuestionOutcome } from './fitScorer.js';

/**
 * The confidence levels in force for an index: from the answer level up the page is the answer; below
 * the closest level nothing is close.
 */
export interface Levels {
  answerLevel: number;
  closestLevel: number;
}

/**
 * The levels in force: the index's own when it has them for this model, else the fitted ones.
 * (measured with the same scorer).
 */
export function levelsFor(model: ModelCalibration, index: IndexCalibration | undefined): Levels {
  if (!isCurrent(model, index)) return { answerLevel: model.answerLevel, closestLevel: model.closestLevel };
  return { answerLevel: index.answerLevel, closestLevel: index.closestLevel };
}

/** Whether an index's levels were measured with this very scorer. */
export function isCurrent(model: ModelCalibration, index: IndexCalibration | undefined): index is IndexCalibration {
  return index !== undefined && index.model === model.model && index.scorer === scorerFingerprint(model);
}

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[at] as number;
}

/** The background of a set of confidences that should all stay below the answer level. */
export function backgroundOf(confidences: number[]): IndexCalibration['background'] {
  const sorted = [...confidences].sort((a, b) => a - b);
  return {
    questions: sorted.length,
    median: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p95: quantile(sorted, 0.95),
    max: sorted.at(-1) ?? 0,
  };
}

/**
 * One probe question: its decisive confidence, and (for an answerable probe) whether the passage it
 * was answered with holds its sentence.
 */
export interface ProbeOutcome {
  confidence: number;
  correct: boolean;
}

/**
 * The share of questions taken to have no answer when probes of both sides are weighed
 * together: a third, as in the development sets (60 of 300 and 285 questions) with room for a
 * chat's off-topic ones.
 */
const UNANSWERABLE_SHARE = 1 / 3;
/** Fewer answerable probes than this (a corpus of a few short articles) say too little: the fitted level holds. */
const MIN_ANSWERABLE_PROBES = 20;
/** The answer level needs this many probes above it to be read off at all. */
const MIN_PROBES_ANSWERED = 10;

/**
 * Levels from an index's probes. The answer level is the lowest at which the probes above it —
 * the answerable ones, and the unanswerable ones weighed as a third of all questions — are
 * answered with the fit's precision, and never below the unanswerable probes' 95th percentile.
 * So an index whose right answers score low (a novel, documentation) answers more, and one
 * whose unanswerable questions score high answers less. With too few answerable probes, the
 * fitted level holds, raised above the background as before. The closest level (a
 * probability, not a confidence) stays the fitted one.
 */
export function levelsFromProbes(
  model: ModelCalibration,
  background: IndexCalibration['background'],
  unanswerable: readonly number[] = [],
  answerable: readonly ProbeOutcome[] = [],
): Levels & { answerable?: NonNullable<IndexCalibration['answerable']> } {
  const floor = background.p95 + 0.01;
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  if (answerable.length < MIN_ANSWERABLE_PROBES || unanswerable.length === 0) {
    const answerLevel = Math.min(0.99, Math.max(model.answerLevel, floor));
    return { answerLevel: round(answerLevel), closestLevel: round(Math.min(answerLevel, model.closestLevel)) };
  }
  // Each unanswerable probe stands for as many questions as makes them UNANSWERABLE_SHARE of all.
  const copies = Math.max(1, Math.round(((answerable.length / unanswerable.length) * UNANSWERABLE_SHARE) / (1 - UNANSWERABLE_SHARE)));
  const outcomes: QuestionOutcome[] = [
    ...answerable.map((o, i) => ({ question: `a${i}`, answerable: true, confidence: o.confidence, correct: o.correct, topProbability: 0 })),
    ...unanswerable.flatMap((confidence, i) =>
      Array.from({ length: copies }, (_, copy) => ({
        question: `u${i}.${copy}`,
        answerable: false,
        confidence,
        correct: false,
        topProbability: 0,
      })),
    ),
  ];
  const chosen = chooseLevels(outcomes, { precision: FIT_PRECISION, minAnswered: MIN_PROBES_ANSWERED });
  const answerLevel = Math.min(0.99, Math.max(floor, chosen.answerLevel));
  const above = answerable.filter((o) => o.confidence >= answerLevel);
  const right = above.filter((o) => o.correct).length;
  const answered = above.length + unanswerable.filter((c) => c >= answerLevel).length * copies;
  return {
    answerLevel: round(answerLevel),
    closestLevel: round(Math.min(answerLevel, model.closestLevel)),
    answerable: {
      questions: answerable.length,
      hitAt1: round(answerable.filter((o) => o.correct).length / answerable.length),
      precision: round(answered === 0 ? 1 : right / answered),
      coverage: round(right / answerable.length),
    },
  };
}
