/** `/sources`: the articles in the corpus, ten to a page, with Previous/Next buttons. */
import type { ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.js';
import { sourcesPage } from '../components/sourcesPager.js';
import { sendReply } from '../reply.js';
import { sourcesCommand } from '../interactions/sources.js';

export const data = sourcesCommand;

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const page = (interaction.options.getInteger('page') ?? 1) - 1;
  await sendReply(interaction, await sourcesPage(ctx, interaction.guildId, page));
}
