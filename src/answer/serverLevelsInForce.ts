/**
 * The levels a server's questions are answered at: those it applied (`/calibrate apply`)
 * while the engine still scores with the scorer they were fitted for; else the index's.
 */
import type { Levels } from '../calibration/indexCalibration.js';
import type { ServerLevels } from '../store/questionStore.js';
import type { CorpusEngineWithRanking } from './createCorpusEngine.js';

export function serverLevelsInForce(
  engine: Pick<CorpusEngineWithRanking, 'levels' | 'scorer'>,
  applied: ServerLevels | null,
): { levels: Levels; from: 'server' | 'index' } {
  if (!applied || applied.scorer !== engine.scorer) return { levels: engine.levels, from: 'index' };
  return { levels: { answerLevel: applied.answerLevel, closestLevel: applied.closestLevel }, from: 'server' };
}
