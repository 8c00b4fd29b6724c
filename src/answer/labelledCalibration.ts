/**
 * An index's levels from labelled questions of its own corpus (`npm run calibrate -- --set
 * FILE`): the eval format, a few dozen questions, some of them unanswerable. The answer level
 * is the lowest at which those questions are answered with the promised precision. Members'
 * votes are labelled questions too (votedCalibration.ts), read the same way.
 */
import type { CorpusEngineWithRanking } from './createCorpusEngine.js';
import { type EvalQuestion, expectedPassages } from '../calibration/expectedPassages.js';
import { quoteMatches } from '../calibration/quoteMatches.js';
import { calibrationFor, scorerFingerprint } from '../calibration/calibration.js';
import { answerConfidence, mostConfident } from '../calibration/confidenceFeatures.js';
import { chooseLevels, FIT_PRECISION, type LevelTarget, type QuestionOutcome } from '../calibration/fitScorer.js';
import { backgroundOf } from '../calibration/indexCalibration.js';
import type { IndexCalibration, PassageStore } from '../index/passageStore.js';
import type { Passage } from '../types.js';

/** A community's set is small: a level read off fewer answered questions than this means little. */
export const MIN_LABELLED_ANSWERED = 5;
/** Above the promised 0.9, as the fit does: a level read off a few dozen questions at 0.9 gave 0.75 on the seed corpus's held-out set. */
export const LABELLED_TARGET: LevelTarget = { precision: FIT_PRECISION, minAnswered: MIN_LABELLED_ANSWERED };

/** A labelled question: `answeredBy` tells whether a passage answers it; null when the corpus does not. */
export interface LabelledQuestion {
  id: string;
  question: string;
  answeredBy: ((passage: Passage) => boolean) | null;
}

/** Each question re-asked: its confidence, and whether the passage deciding to answer is a right one. */
export async function labelledOutcomes(
  engine: Pick<CorpusEngineWithRanking, 'rank'>,
  questions: LabelledQuestion[],
): Promise<QuestionOutcome[]> {
  const outcomes: QuestionOutcome[] = [];
  for (const q of questions) {
    const { candidates, context } = await engine.rank(q.question);
    const top = mostConfident(candidates);
    const passage = top && context.store.passage(top.row);
    outcomes.push({
      question: q.id,
      answerable: q.answeredBy !== null,
      confidence: answerConfidence(candidates),
      correct: passage !== undefined && q.answeredBy !== null && q.answeredBy(passage),
      topProbability: candidates[0]?.probability ?? 0,
    });
  }
  return outcomes;
}

/** Precision of what `answerLevel` presents as answered, and coverage of the answerable questions. */
export function precisionAndCoverage(outcomes: QuestionOutcome[], answerLevel: number): { precision: number; coverage: number } {
  const answered = outcomes.filter((o) => o.confidence >= answerLevel);
  const answerable = outcomes.filter((o) => o.answerable);
  return {
    precision: answered.length ? answered.filter((o) => o.correct).length / answered.length : 1,
    coverage: answerable.length ? answerable.filter((o) => o.confidence >= answerLevel).length / answerable.length : 0,
  };
}

export async function labelledCalibration(
  store: Pick<PassageStore, 'model'>,
  engine: Pick<CorpusEngineWithRanking, 'rank'>,
  questions: EvalQuestion[],
  fileText: (source: string) => string,
  file: string,
): Promise<IndexCalibration> {
  const outcomes = await labelledOutcomes(
    engine,
    questions.map((q) => {
      const expected = expectedPassages(q);
      return {
        id: q.id,
        question: q.question,
        answeredBy: expected.length > 0 ? (passage: Passage) => expected.some((e) => quoteMatches(passage, e, fileText(e.source))) : null,
      };
    }),
  );
  const levels = chooseLevels(outcomes, LABELLED_TARGET);
  const model = calibrationFor(store.model.id);
  return {
    source: 'labelled',
    model: model.model,
    scorer: scorerFingerprint(model),
    answerLevel: levels.answerLevel,
    closestLevel: levels.closestLevel,
    background: backgroundOf(outcomes.filter((o) => !o.answerable).map((o) => o.confidence)),
    labelled: { file, questions: outcomes.length, ...precisionAndCoverage(outcomes, levels.answerLevel) },
    measuredAt: new Date().toISOString(),
  };
}
