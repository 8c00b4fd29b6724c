/** `/passage source:<article> paragraph:<n>`: one paragraph with the one before and after, for reading groups. */
import type { ChatInputCommandInteraction } from 'discord.js';
import { renderParagraphWindowEmbed } from '../../render/discord.js';
import { inert } from '../../render/inert.js';
import { ambiguousSourceMessage } from '../answerMessage.js';
import type { BotContext } from '../context.js';
import { sendReply } from '../reply.js';
import { passageCommand } from '../interactions/passage.js';
import { autocompleteArticles } from './articleChoices.js';

export const data = passageCommand;

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const engine = await ctx.engineSource.forServer(interaction.guildId);
  const source = interaction.options.getString('source', true);
  const paragraph = interaction.options.getInteger('paragraph', true);
  const window = engine.paragraphWindow(source, paragraph, 1);
  if (window) return sendReply(interaction, { embeds: [renderParagraphWindowEmbed(window)] });
  const match = engine.matchArticle(source);
  if (match.kind === 'ambiguous') return sendReply(interaction, ambiguousSourceMessage(match.sources));
  const article = engine.findArticle(source);
  await sendReply(interaction, {
    content: article
      ? `"${inert(article.title)}" has paragraphs 1 to ${article.paragraphs}.`
      : 'No article matches that name; pick one from the list or see `/sources`.',
    ephemeral: true,
  });
}

export const autocomplete = autocompleteArticles;
