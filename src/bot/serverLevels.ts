/**
 * The levels a server's questions are answered at: those it applied with `/calibrate apply`,
 * while the engine still scores with the scorer they were fitted for; else the index's.
 */
import type { Levels } from '../calibration/indexCalibration.js';
import type { BotContext } from './context.js';

export function serverLevels(ctx: Pick<BotContext, 'engines' | 'store'>, guildId: string | null): Levels {
  const engine = ctx.engines.current();
  const applied = guildId === null ? null : ctx.store.serverLevels(guildId);
  return applied && applied.scorer === engine.scorer ? { answerLevel: applied.answerLevel, closestLevel: applied.closestLevel } : engine.levels;
}
