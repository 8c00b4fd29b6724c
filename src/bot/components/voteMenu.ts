/**
 * Votes per quote under an answer (or the closest passages), public or private: one select
 * menu, "Which passage answers?", with 👍 "Quote n answers" per quote shown and 👎 "None of
 * these answers". One menu row instead of a 👍/👎 pair per quote: four quotes' pairs would need
 * two rows of the five a message has, beside "More"/"Context" and the share row, and a menu
 * makes the vote say which passage answers in one choice. One vote per member per answer (a
 * new choice replaces theirs), acknowledged privately; never shown in the channel. After 👎,
 * when a moderators' channel is configured, the member is offered "Send to moderators".
 * Custom ids: `vote:<question id>` (values `<rank>` or `none`), `tomods:<question id>:<message id or "private">`;
 * `vote:<question id>:up|down` buttons on answers sent before votes were per quote still count.
 */
import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIStringSelectComponent,
  type ButtonInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import type { BotContext } from '../context.js';
import { sendReply } from '../reply.js';

export const NO_LONGER_ON_RECORD =
  'This answer is no longer on record (old questions are deleted after a while), so it cannot be voted on.';
export const VOTE_PLACEHOLDER = 'Which passage answers? (your vote, private)';
export const NONE_ANSWERS = 'none';

/** The vote menu for an answer of `quotes` quotes. */
export function voteMenu(questionId: number, quotes: number): APIActionRowComponent<APIStringSelectComponent> {
  const options = [
    ...Array.from({ length: quotes }, (_, rank) => ({ label: `Quote ${rank + 1} answers`, value: String(rank), emoji: { name: '👍' } })),
    { label: 'None of these answers', value: NONE_ANSWERS, emoji: { name: '👎' } },
  ];
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.StringSelect, custom_id: `vote:${questionId}`, placeholder: VOTE_PLACEHOLDER, options }],
  };
}

function sendToModeratorsRow(questionId: number, messageId: string): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Danger,
        label: 'Send to moderators',
        custom_id: `tomods:${questionId}:${messageId}`,
      },
    ],
  };
}

/** Records a member's choice (a quote's rank, or null: none answers) and tells them, only them. */
async function recordChoice(
  interaction: ButtonInteraction | StringSelectMenuInteraction,
  ctx: BotContext,
  questionId: number,
  rank: number | null | undefined,
): Promise<void> {
  const question = await ctx.store.question(questionId);
  // A rank the answer never showed (a forged or stale choice) is not a vote; nor is a choice made
  // in another server than the question's (a forged id), which would change that server's labels.
  const elsewhere = question !== undefined && question.guildId !== interaction.guildId;
  if (!question || elsewhere || (typeof rank === 'number' && !(rank >= 0 && rank < question.cited.length)))
    return sendReply(interaction, { content: NO_LONGER_ON_RECORD, ephemeral: true });
  const vote = rank === null ? 'down' : 'up';
  const outcome = await ctx.store.recordVote(questionId, ctx.hashUser(interaction.user.id), vote, Date.now(), rank ?? undefined);
  const what = rank === null ? '👎 (none of these answers)' : rank === undefined ? '👍' : `👍 on quote ${rank + 1}`;
  const said =
    outcome === 'changed'
      ? `Your vote is now ${what}.`
      : outcome === 'unchanged'
        ? `You already voted ${what}.`
        : `Thanks: your ${what} is recorded.`;
  const privacy = ' Only you see this; votes are counted for the moderators, never shown in the channel.';
  if (vote === 'down' && ctx.moderatorsChannelId) {
    return sendReply(interaction, {
      content: `${said}${privacy} Would you like the moderators to look at this answer?`,
      // A private answer has no message the moderators could open: no link to it then.
      components: [
        sendToModeratorsRow(questionId, interaction.message.flags.has(MessageFlags.Ephemeral) ? 'private' : interaction.message.id),
      ],
      ephemeral: true,
    });
  }
  await sendReply(interaction, { content: `${said}${privacy}`, ephemeral: true });
}

export function handleVoteMenu(interaction: StringSelectMenuInteraction, ctx: BotContext, [idText]: string[]): Promise<void> {
  const [value] = interaction.values;
  return recordChoice(interaction, ctx, Number(idText), value === NONE_ANSWERS ? null : Number(value));
}

/** The 👍/👎 buttons of answers sent before votes were per quote: a 👍 names no quote. */
export function handleVoteButton(interaction: ButtonInteraction, ctx: BotContext, [idText, voteText]: string[]): Promise<void> {
  return recordChoice(interaction, ctx, Number(idText), voteText === 'up' ? undefined : null);
}
