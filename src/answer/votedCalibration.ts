/**
 * A server's levels from its members' votes and its moderators' marks (`/calibrate`, `npm run
 * calibrate -- --from-votes`): each labelled question is asked again, and the level is read
 * off as from a labelled file (labelledCalibration.ts), at the same precision target.
 */
import { chooseLevels } from '../calibration/fitScorer.js';
import type { Levels } from '../calibration/indexCalibration.js';
import type { ServerLevels, VotedLabel } from '../store/questionStore.js';
import type { CorpusEngineWithRanking } from './createCorpusEngine.js';
import { LABELLED_TARGET, labelledOutcomes, precisionAndCoverage } from './labelledCalibration.js';

/** Fewer labelled questions than this, or fewer than MIN_PER_SIDE answerable or unanswerable, fit no level. */
export const MIN_VOTED_QUESTIONS = 30;
export const MIN_PER_SIDE = 5;

export type LevelsOnLabels = Levels & { precision: number; coverage: number };

export interface VotedCalibration {
  labelled: number;
  answerable: number;
  unanswerable: number;
  /** What the levels in force give on the labelled questions. */
  current: LevelsOnLabels;
  /** What levels fitted on them would give; null when too few to fit (see `shortfall`). */
  fitted: LevelsOnLabels | null;
  /** Why nothing was fitted, as the moderators are told; null when fitted. */
  shortfall: string | null;
}

export async function votedCalibration(
  engine: Pick<CorpusEngineWithRanking, 'rank'>,
  labels: VotedLabel[],
  current: Levels,
): Promise<VotedCalibration> {
  const outcomes = await labelledOutcomes(
    engine,
    labels.map(({ questionId, question, answer }) => ({
      id: String(questionId),
      question,
      // The labelled quote answers, and so does any passage overlapping it in the same article.
      answeredBy: answer && ((passage) => passage.source === answer.source && passage.start < answer.end && answer.start < passage.end),
    })),
  );
  const answerable = labels.filter((l) => l.answer !== null).length;
  const unanswerable = labels.length - answerable;
  const shortfall =
    labels.length < MIN_VOTED_QUESTIONS || answerable < MIN_PER_SIDE || unanswerable < MIN_PER_SIDE
      ? `This server has ${labels.length} labelled questions (${answerable} answerable, ${unanswerable} not); ` +
        `a level is fitted from at least ${MIN_VOTED_QUESTIONS}, with at least ${MIN_PER_SIDE} of each.`
      : null;
  const levels = shortfall === null ? chooseLevels(outcomes, LABELLED_TARGET) : null;
  return {
    labelled: labels.length,
    answerable,
    unanswerable,
    current: { ...current, ...precisionAndCoverage(outcomes, current.answerLevel) },
    fitted: levels && {
      answerLevel: levels.answerLevel,
      closestLevel: levels.closestLevel,
      ...precisionAndCoverage(outcomes, levels.answerLevel),
    },
    shortfall,
  };
}

/** What `apply` stores for the server: the fitted levels, with the scorer they hold for; null when nothing was fitted. */
export function levelsToApply(result: VotedCalibration, scorer: string): ServerLevels | null {
  return (
    result.fitted && { answerLevel: result.fitted.answerLevel, closestLevel: result.fitted.closestLevel, scorer, labelled: result.labelled }
  );
}
