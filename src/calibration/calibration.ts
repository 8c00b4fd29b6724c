/**
 * Every number that decides ranking or abstention, per embedding model: the weights of the
 * logistic scorer over candidate features, and the confidence levels at which a page is "the
 * answer" or only "closest passages". Written by `npm run fit` (scripts/fit.ts) into
 * `<model>.json` beside this file, from the feature table it also writes there
 * (`<model>.fit-data.json`, the fit parts of every eval corpus), so re-running the fit on that
 * table reproduces these numbers (tested). An index may override the levels with its own,
 * measured at ingest from probe questions or with `npm run calibrate` (src/calibration/
 * indexCalibration.ts); the weights always come from here.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The candidate features, in the order of the weights (see src/retrieval/candidateFeatures.ts). */
export const FEATURES = [
  'dense',
  'denseGap',
  'bm25Share',
  'coverage',
  'softCoverage',
  'sentenceCoverage',
  'typedCoverage',
  'anchorShare',
  'focusShare',
  'phrase',
  'lead',
  'logLength',
  'titleCoverage',
  'countedMatch',
] as const;
export type FeatureName = (typeof FEATURES)[number];
export type FeatureVector = Record<FeatureName, number>;

/**
 * What confidence is read from, for a passage that may answer: the scorer's probability, how
 * far it stands above the best passage of any other article, whether BM25 and the dense scan
 * each rank it first, what the question lets be checked exactly (its names and numbers, a
 * kind of answer such as a number or a date), and the sentence evidence: how much of the
 * question the best sentence holding the kind of answer asked for covers.
 */
export const CONFIDENCE_FEATURES = ['probability', 'margin', 'bm25Top', 'denseTop', 'anchors', 'checkable', 'sentenceEvidence'] as const;
export type ConfidenceFeatureName = (typeof CONFIDENCE_FEATURES)[number];
export type ConfidenceVector = Record<ConfidenceFeatureName, number>;

/** How a question word the text lacks earns partial credit from its nearest word vector (not fitted: a definition of the feature). */
export interface SoftMatch {
  /** No credit at or below this cosine. */
  floor: number;
  /** Full credit from this cosine. */
  full: number;
}

export interface ModelCalibration {
  model: string;
  /** False when no fit exists for this model: the weights are another model's, and the index's probes must set the levels. */
  fitted: boolean;
  softMatch: SoftMatch;
  weights: Record<FeatureName, number>;
  bias: number;
  /** The second stage: the probability that a passage which may answer does, from its ConfidenceVector. */
  confidence: { weights: Record<ConfidenceFeatureName, number>; bias: number };
  /** Confidence (of the best passage that may answer) from which the page is the answer. */
  answerLevel: number;
  /** Scorer probability of the most probable passage below which nothing is shown as close. */
  closestLevel: number;
  /** What the fit saw, for the README and for whoever re-fits. */
  fittedOn: { corpora: string[]; questions: number; candidates: number; answerLevelPrecision: number };
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const FALLBACK_MODEL = 'verbatim/wink-sif-100d';
export const calibrationFile = (model: string) => path.join(HERE, `${model.replace(/[^\w.-]+/gu, '__')}.json`);
export const fitDataFile = (model: string) => path.join(HERE, `${model.replace(/[^\w.-]+/gu, '__')}.fit-data.json`);

const loaded = new Map<string, ModelCalibration>();

/** The model's calibration; a model never fitted gets the offline model's weights, marked unfitted. */
export function calibrationFor(model: string): ModelCalibration {
  let calibration = loaded.get(model);
  if (!calibration) {
    const own = existsSync(calibrationFile(model));
    const file = own ? calibrationFile(model) : calibrationFile(FALLBACK_MODEL);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as ModelCalibration;
    calibration = own ? parsed : { ...parsed, model, fitted: false };
    loaded.set(model, calibration);
  }
  return calibration;
}

/** The scorer's logit for a candidate: higher ranks first. */
export function logitOf(calibration: Pick<ModelCalibration, 'weights' | 'bias'>, features: FeatureVector): number {
  let z = calibration.bias;
  for (const name of FEATURES) z += calibration.weights[name] * features[name];
  return z;
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The confidence that a passage which may answer does. */
export function confidenceOf(calibration: Pick<ModelCalibration, 'confidence'>, features: ConfidenceVector): number {
  let z = calibration.confidence.bias;
  for (const name of CONFIDENCE_FEATURES) z += calibration.confidence.weights[name] * features[name];
  return sigmoid(z);
}

/** Bumped when the way an index's levels are read off its probes changes, so every index measures again. */
const LEVEL_RULE = 'probes of both sides, 3';

/**
 * Names the scorer (model, weights, bias, confidence, fitted levels, the level rule): levels an
 * index measured with another scorer, or from other fitted levels, no longer hold.
 */
export function scorerFingerprint(
  calibration: Pick<ModelCalibration, 'model' | 'weights' | 'bias' | 'confidence' | 'answerLevel' | 'closestLevel'>,
): string {
  const { model, bias, confidence, answerLevel, closestLevel } = calibration;
  return createHash('sha256')
    .update(JSON.stringify([model, FEATURES.map((f) => calibration.weights[f]), bias, confidence, answerLevel, closestLevel, LEVEL_RULE]))
    .digest('hex')
    .slice(0, 16);
}
