/**
 * 👍 / 👎 under an answer: one vote per member per answer (a new click replaces their vote),
 * acknowledged privately; the counts are never shown in the channel, only in `/report`.
 * After 👎, when a moderators' channel is configured, the member is offered "Send to
 * moderators". Custom ids: `vote:<question id>:up|down` and `tomods:<question id>:<message id or "private">`.
 */
import { ButtonStyle, ComponentType, MessageFlags, type APIActionRowComponent, type APIButtonComponent, type ButtonInteraction } from 'discord.js';
import type { Vote } from '../../store/questionStore.js';
import type { BotContext } from '../context.js';
import { sendReply } from '../reply.js';

export const VOTE_LABEL: Record<Vote, string> = { up: '👍', down: '👎' };
export const NO_LONGER_ON_RECORD = 'This answer is no longer on record (old questions are deleted after a while), so it cannot be voted on.';

export function feedbackRow(questionId: number): APIActionRowComponent<APIButtonComponent> {
  const button = (vote: Vote): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    emoji: { name: VOTE_LABEL[vote] },
    custom_id: `vote:${questionId}:${vote}`,
  });
  return { type: ComponentType.ActionRow, components: [button('up'), button('down')] };
}

function sendToModeratorsRow(questionId: number, messageId: string): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, style: ButtonStyle.Danger, label: 'Send to moderators', custom_id: `tomods:${questionId}:${messageId}` }],
  };
}

export async function handleVoteButton(interaction: ButtonInteraction, ctx: BotContext, [idText, voteText]: string[]): Promise<void> {
  const questionId = Number(idText);
  const vote: Vote = voteText === 'up' ? 'up' : 'down';
  const outcome = ctx.store.recordVote(questionId, ctx.hashUser(interaction.user.id), vote, Date.now());
  if (outcome === 'unknown question') return sendReply(interaction, { content: NO_LONGER_ON_RECORD, ephemeral: true });
  const said =
    outcome === 'changed' ? `Your vote is now ${VOTE_LABEL[vote]}.` : outcome === 'unchanged' ? `You already voted ${VOTE_LABEL[vote]}.` : `Thanks: your ${VOTE_LABEL[vote]} is recorded.`;
  const privacy = ' Only you see this; votes are counted for the moderators, never shown in the channel.';
  if (vote === 'down' && ctx.moderatorsChannelId) {
    return sendReply(interaction, {
      content: `${said}${privacy} Would you like the moderators to look at this answer?`,
      // A private answer has no message the moderators could open: no link to it then.
      components: [sendToModeratorsRow(questionId, interaction.message.flags.has(MessageFlags.Ephemeral) ? 'private' : interaction.message.id)],
      ephemeral: true,
    });
  }
  await sendReply(interaction, { content: `${said}${privacy}`, ephemeral: true });
}
