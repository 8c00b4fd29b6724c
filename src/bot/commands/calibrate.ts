/**
 * `/calibrate status|apply|restore`: for moderators, privately, this server's labelled
 * questions (members' votes, moderators' marks) and the level fitted on them; `apply` makes
 * that level this server's, for its questions only; `restore` goes back to the one before.
 */
import type { ChatInputCommandInteraction } from 'discord.js';
import { serverLevelsInForce } from '../../answer/serverLevelsInForce.js';
import { levelsToApply, votedCalibration } from '../../answer/votedCalibration.js';
import { calibrationStatus } from '../../render/calibrationStatus.js';
import type { BotContext } from '../context.js';
import { calibrateCommand } from '../interactions/calibrate.js';
import { requireManageServer } from '../permissions.js';
import { deferReply, sendReply } from '../reply.js';

export const data = calibrateCommand;

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!(await requireManageServer(interaction))) return;
  const guildId = interaction.guildId as string;
  const subcommand = interaction.options.getSubcommand();
  if (subcommand === 'restore') {
    const restored = await ctx.store.restoreServerLevels(guildId, Date.now());
    const now = serverLevelsInForce(await ctx.engineSource.forServer(guildId), await ctx.store.serverLevels(guildId)).levels;
    return sendReply(interaction, {
      content: restored
        ? `Restored: this server's questions are answered from answer level ` +
          `${now.answerLevel.toFixed(2)}, closest level ${now.closestLevel.toFixed(2)}.`
        : 'Nothing to restore: this server has never applied a level.',
      ephemeral: true,
    });
  }
  // Every labelled question is asked again: more than Discord's 3 seconds on a large set.
  await deferReply(interaction, { ephemeral: true });
  const engine = await ctx.engineSource.forServer(guildId);
  const { levels: current, from } = serverLevelsInForce(engine, await ctx.store.serverLevels(guildId));
  const labelled = await ctx.store.labelledQuestions(guildId);
  const result = await ctx.questionLimit.run(() => votedCalibration(engine, labelled, current));
  if (subcommand === 'status') return sendReply(interaction, { content: calibrationStatus(result, from), ephemeral: true });
  const fitted = levelsToApply(result, engine.scorer);
  if (!fitted) return sendReply(interaction, { content: `Nothing applied. ${result.shortfall ?? ''}`, ephemeral: true });
  await ctx.store.applyServerLevels(guildId, fitted, Date.now());
  await sendReply(interaction, {
    content:
      `Applied to this server's questions only: answer level ${current.answerLevel.toFixed(2)} -> ${fitted.answerLevel.toFixed(2)}, ` +
      `closest level ${current.closestLevel.toFixed(2)} -> ${fitted.closestLevel.toFixed(2)}. \`/calibrate restore\` goes back.`,
    ephemeral: true,
  });
}
