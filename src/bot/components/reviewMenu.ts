/**
 * The review queue: each answer sent to the moderators carries a menu where a moderator picks
 * the quote that answers the question, or "The corpus does not answer this". The mark labels
 * the question for its server's `/calibrate`, outranking members' votes; a later mark replaces
 * it. Only members with Manage Server of the question's own server may mark.
 * Custom id: `mark:<question id>` (values `<rank>` or `none`).
 */
import {
  ComponentType,
  PermissionFlagsBits,
  type APIActionRowComponent,
  type APIStringSelectComponent,
  type StringSelectMenuInteraction,
} from 'discord.js';
import type { BotContext } from '../context.js';
import { sendReply } from '../reply.js';
import { NO_LONGER_ON_RECORD, NONE_ANSWERS } from './voteMenu.js';

export const MODERATORS_MARK_ONLY =
  'Only members with the Manage Server permission of the server the question was asked in can mark answers.';

export function reviewMenu(questionId: number, quotes: number): APIActionRowComponent<APIStringSelectComponent> {
  const options = [
    ...Array.from({ length: quotes }, (_, rank) => ({ label: `Quote ${rank + 1} answers`, value: String(rank) })),
    { label: 'The corpus does not answer this', value: NONE_ANSWERS },
  ];
  return {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.StringSelect, custom_id: `mark:${questionId}`, placeholder: 'Which passage answers? (moderators)', options },
    ],
  };
}

export async function handleReviewMenu(interaction: StringSelectMenuInteraction, ctx: BotContext, [idText]: string[]): Promise<void> {
  const question = await ctx.store.question(Number(idText));
  const [value] = interaction.values;
  const rank = value === NONE_ANSWERS ? null : Number(value);
  if (!question || (rank !== null && !(rank >= 0 && rank < question.cited.length)))
    return sendReply(interaction, { content: NO_LONGER_ON_RECORD, ephemeral: true });
  if (
    !interaction.inGuild() ||
    interaction.guildId !== question.guildId ||
    !interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)
  ) {
    return sendReply(interaction, { content: MODERATORS_MARK_ONLY, ephemeral: true });
  }
  await ctx.store.markByModerator(question.id, ctx.hashUser(interaction.user.id), rank, Date.now());
  const what = rank === null ? 'the corpus does not answer this question' : `quote ${rank + 1} answers this question`;
  await sendReply(interaction, { content: `Marked: ${what}. Marks outrank members' votes in \`/calibrate\`.`, ephemeral: true });
}
