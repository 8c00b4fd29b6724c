/**
 * The second stage's features for each candidate that may answer (see CONFIDENCE_FEATURES),
 * read off the ranked candidates of one question. Pure, shared by the engine and the fit.
 */
import type { ConfidenceVector, FeatureVector } from './calibration.js';

export interface ScoredCandidateLike {
  source: string;
  probability: number;
  eligible: boolean;
  features: Pick<FeatureVector, 'bm25Share' | 'denseGap' | 'typedCoverage'>;
}

export interface QuestionChecks {
  /** How many names and numbers the question gives. */
  anchors: number;
  /** Whether it asks for a kind of answer that can be checked (a number, a date, an amount). */
  checkable: boolean;
}

/** One vector per candidate, null for those that may not answer. */
export function confidenceVectors(candidates: ScoredCandidateLike[], checks: QuestionChecks): Array<ConfidenceVector | null> {
  // The best probability of each article, and the best two overall, to find "the best of any other article".
  const bestBySource = new Map<string, number>();
  for (const c of candidates) bestBySource.set(c.source, Math.max(bestBySource.get(c.source) ?? 0, c.probability));
  const ranked = [...bestBySource.entries()].sort((a, b) => b[1] - a[1]);
  return candidates.map((c) => {
    if (!c.eligible) return null;
    const other = ranked.find(([source]) => source !== c.source)?.[1] ?? 0;
    return {
      probability: c.probability,
      margin: c.probability - other,
      bm25Top: c.features.bm25Share >= 1 ? 1 : 0,
      denseTop: c.features.denseGap >= 0 ? 1 : 0,
      anchors: Math.min(3, checks.anchors) / 3,
      checkable: checks.checkable ? 1 : 0,
      sentenceEvidence: c.features.typedCoverage,
    };
  });
}

/** The passage that may answer with the best confidence (the first of equals), or undefined when none may. */
export function mostConfident<T extends { eligible: boolean; confidence: number }>(candidates: readonly T[]): T | undefined {
  return candidates.reduce<T | undefined>(
    (best, c) => (c.eligible && (best === undefined || c.confidence > best.confidence) ? c : best),
    undefined,
  );
}

/** What deciding to answer reads: the best confidence among the passages that may answer (0 when none may). */
export const answerConfidence = (candidates: ReadonlyArray<{ eligible: boolean; confidence: number }>) =>
  mostConfident(candidates)?.confidence ?? 0;
