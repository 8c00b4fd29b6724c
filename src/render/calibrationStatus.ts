/** What `/calibrate status` and `npm run calibrate -- --from-votes` say: figures only, in fixed words. */
import type { LevelsOnLabels, VotedCalibration } from '../answer/votedCalibration.js';

const figures = (levels: LevelsOnLabels) =>
  `answer level ${levels.answerLevel.toFixed(2)}, closest level ${levels.closestLevel.toFixed(2)}: precision ` +
  `of answered ${levels.precision.toFixed(2)}, coverage ${levels.coverage.toFixed(2)} of the answerable`;

/** `inForce`: whose levels hold now, the server's own (applied) or the index's. */
export function calibrationStatus(result: VotedCalibration, inForce: 'server' | 'index'): string {
  return [
    `Labelled questions: ${result.labelled} (${result.answerable} answerable, ${result.unanswerable} not).`,
    `Now (${inForce === 'server' ? "this server's applied levels" : "the index's levels"}): ${figures(result.current)}.`,
    result.fitted ? `Fitted on them: ${figures(result.fitted)}.` : (result.shortfall ?? ''),
  ].join('\n');
}
