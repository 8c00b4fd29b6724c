/** "Context" under an answer: the quoted paragraph with its neighbours, shown to the clicker only (who may post it). */
import type { ButtonInteraction } from 'discord.js';
import { renderParagraphWindowEmbed } from '../../render/discord.js';
import type { BotContext } from '../context.js';
import { sendReply } from '../reply.js';
import { EXPIRED_NOTICE } from './answerButtons.js';
import { publishButtonRow } from './shareButtons.js';

export async function handleContextButton(interaction: ButtonInteraction, ctx: BotContext, [sessionId, rankText]: string[]): Promise<void> {
  const place = ctx.sessions.get(sessionId ?? '')?.quoted[Number(rankText)];
  if (!place) return sendReply(interaction, { content: EXPIRED_NOTICE, ephemeral: true });
  const window = (await ctx.engineSource.forServer(interaction.guildId)).paragraphWindow(place.source, place.paragraph, 1);
  if (!window) {
    return sendReply(interaction, { content: 'That article is no longer in the corpus.', ephemeral: true });
  }
  const embeds = [renderParagraphWindowEmbed(window)];
  await sendReply(interaction, { embeds, components: [publishButtonRow(ctx.privateResults.remember(embeds))], ephemeral: true });
}
