/** `/sources`: the articles in the corpus, ten to a page, with Previous/Next buttons. */
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.js';
import { sourcesPage } from '../components/sourcesPager.js';
import { sendReply } from '../reply.js';

export const data = new SlashCommandBuilder()
  .setName('sources')
  .setDescription('List the articles Verbatim quotes from')
  .addIntegerOption((o) => o.setName('page').setDescription('Page number').setMinValue(1));

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const page = (interaction.options.getInteger('page') ?? 1) - 1;
  await sendReply(interaction, sourcesPage(ctx, page));
}
