/**
 * "Send to moderators", offered after 👎: posts the question and the passages the member was
 * shown in the configured moderators' channel, once per member per answer, with the review
 * menu where a moderator marks which passage answers (reviewMenu.ts). The channel must
 * belong to the server the answer was given in, so one server's questions never reach another's.
 */
import type { ButtonInteraction } from 'discord.js';
import { renderVotedDownEmbeds } from '../../render/votedDownEmbeds.js';
import type { BotContext } from '../context.js';
import { deferReply, sendReply, sendToChannel } from '../reply.js';
import { reviewMenu } from './reviewMenu.js';
import { NO_LONGER_ON_RECORD } from './voteMenu.js';

export async function handleSendToModeratorsButton(
  interaction: ButtonInteraction,
  ctx: BotContext,
  [idText, messageId]: string[],
): Promise<void> {
  const question = await ctx.store.question(Number(idText));
  if (!question) return sendReply(interaction, { content: NO_LONGER_ON_RECORD, ephemeral: true });
  // Looking the channel up and posting are two calls to Discord: acknowledge within its 3 seconds first.
  await deferReply(interaction, { ephemeral: true });
  const channel = ctx.moderatorsChannelId ? await interaction.client.channels.fetch(ctx.moderatorsChannelId).catch(() => null) : null;
  if (!channel?.isSendable() || channel.isDMBased() || channel.guildId !== question.guildId || question.guildId !== interaction.guildId) {
    ctx.log.warn(
      { moderatorsChannelId: ctx.moderatorsChannelId, guildId: interaction.guildId },
      'The moderators channel is missing, not a server text channel, or in another server',
    );
    return sendReply(interaction, {
      content: "This server's moderators' channel cannot be reached, so nothing was sent.",
      ephemeral: true,
    });
  }
  const voterHash = ctx.hashUser(interaction.user.id);
  // Marked first, so two quick clicks cannot both post; unmarked if the post fails.
  if (!(await ctx.store.markSentToModerators(question.id, voterHash, Date.now()))) {
    return sendReply(interaction, {
      content: 'This answer was already sent to the moderators by you (or your vote on it is no longer 👎).',
      ephemeral: true,
    });
  }
  const link =
    /^\d+$/u.test(messageId ?? '') && question.channelId
      ? `https://discord.com/channels/${question.guildId}/${question.channelId}/${messageId}`
      : undefined;
  try {
    await sendToChannel(channel, {
      embeds: renderVotedDownEmbeds(question, link),
      components: [reviewMenu(question.id, question.cited.length)],
    });
  } catch (error) {
    await ctx.store.clearSentToModerators(question.id, voterHash);
    throw error;
  }
  await sendReply(interaction, { content: 'Sent to the moderators, without your name. Thank you.', ephemeral: true });
}
