/**
 * Abstention thresholds per embedding model: relevance scores mix cosine similarity with
 * lexical coverage, and cosines are on a different scale for every model. Calibrated with
 * `npm run eval -- --calibrate` on tests/eval/questions.jsonl; RELEVANCE_THRESHOLD overrides.
 */
const CALIBRATED: Record<string, number> = {
  // tests/eval/questions.jsonl, weights dense 0.4 / coverage 0.6 / phrase 0.3, soft match 0.5–0.9 (see RELEVANCE_WEIGHTS).
  // With the answer-type and focus checks, --calibrate places the gap between 0.252 and 0.313:
  // both abstain alike on that set; 0.313 also keeps 0.8 × it as the page floor that gives the
  // better hit@5 (0.930 against 0.912).
  'verbatim/wink-sif-100d': 0.313,
};
const UNCALIBRATED_DEFAULT = 0.5;

export function relevanceThresholdFor(modelId: string, override?: number): number {
  return override ?? CALIBRATED[modelId] ?? UNCALIBRATED_DEFAULT;
}
