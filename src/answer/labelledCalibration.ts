/**
 * An index's levels from labelled questions of its own corpus (`npm run calibrate -- --set
 * FILE`): the eval format, a few dozen questions, some of them unanswerable. The answer level
 * is the lowest at which those questions are answered with the promised precision.
 */
import type { CorpusEngineWithRanking } from './createCorpusEngine.js';
import { type EvalQuestion, expectedPassages, quoteMatches } from '../eval/metrics.js';
import type { IndexSnapshot } from '../index/loadIndex.js';
import { calibrationFor, scorerFingerprint } from '../calibration/calibration.js';
import { answerConfidence, mostConfident } from '../calibration/confidenceFeatures.js';
import { chooseLevels, FIT_PRECISION, type QuestionOutcome } from '../calibration/fitScorer.js';
import { backgroundOf } from '../calibration/indexCalibration.js';
import type { IndexCalibration } from '../index/manifest.js';

/** A community's set is small: a level read off fewer answered questions than this means little. */
export const MIN_LABELLED_ANSWERED = 5;

export async function labelledCalibration(
  snapshot: IndexSnapshot,
  engine: Pick<CorpusEngineWithRanking, 'rank'>,
  questions: EvalQuestion[],
  fileText: (source: string) => string,
  file: string,
): Promise<IndexCalibration> {
  const outcomes: QuestionOutcome[] = [];
  for (const q of questions) {
    const { candidates } = await engine.rank(q.question);
    const top = mostConfident(candidates);
    const passage = top && snapshot.passages[top.row];
    const expected = expectedPassages(q);
    outcomes.push({
      question: q.id,
      answerable: expected.length > 0,
      confidence: answerConfidence(candidates),
      correct: passage !== undefined && expected.some((e) => quoteMatches(passage, e, fileText(e.source))),
      topProbability: candidates[0]?.probability ?? 0,
    });
  }
  // Above the promised 0.9, as the fit does: a level read off a few dozen questions at 0.9 gave 0.75 on the seed corpus's held-out set.
  const levels = chooseLevels(outcomes, { precision: FIT_PRECISION, minAnswered: MIN_LABELLED_ANSWERED });
  const answered = outcomes.filter((o) => o.confidence >= levels.answerLevel);
  const answerable = outcomes.filter((o) => o.answerable);
  const model = calibrationFor(snapshot.manifest.model.id);
  return {
    source: 'labelled',
    model: model.model,
    scorer: scorerFingerprint(model),
    answerLevel: levels.answerLevel,
    closestLevel: levels.closestLevel,
    background: backgroundOf(outcomes.filter((o) => !o.answerable).map((o) => o.confidence)),
    labelled: {
      file,
      questions: outcomes.length,
      precision: answered.length ? answered.filter((o) => o.correct).length / answered.length : 1,
      coverage: answerable.length ? answerable.filter((o) => o.confidence >= levels.answerLevel).length / answerable.length : 0,
    },
    measuredAt: new Date().toISOString(),
  };
}
