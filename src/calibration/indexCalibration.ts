/**
 * An index's own confidence levels. A threshold fitted on some corpora does not carry over to
 * another corpus or model, so each index measures how it scores questions it cannot answer:
 * at ingest, the probe questions (probes.ts) are asked and the distribution of their
 * confidences — the background — is stored in the manifest; the answer level is then set
 * above that background. `npm run calibrate -- --set FILE` replaces it with levels chosen on
 * labelled questions of the corpus itself.
 */
import type { IndexCalibration } from '../index/manifest.js';
import { type ModelCalibration, scorerFingerprint } from './calibration.js';

/** The confidence levels in force for an index: from the answer level up the page is the answer; below the closest level nothing is close. */
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
  return { questions: sorted.length, median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), p95: quantile(sorted, 0.95), max: sorted.at(-1) ?? 0 };
}

/**
 * Levels from a probe background: the answer level is the fitted one or, where this index
 * scores its probes higher, just above the 95th percentile of their confidences; the closest
 * level (a probability, not a confidence) stays the fitted one.
 */
export function levelsFromProbes(model: ModelCalibration, background: IndexCalibration['background']): Levels {
  const answerLevel = Math.min(0.99, Math.max(model.answerLevel, background.p95 + 0.01));
  // The background is of confidences; the closest level is a probability, so it stays the fitted one.
  const closestLevel = Math.min(answerLevel, model.closestLevel);
  return { answerLevel: Math.round(answerLevel * 1e4) / 1e4, closestLevel: Math.round(closestLevel * 1e4) / 1e4 };
}
