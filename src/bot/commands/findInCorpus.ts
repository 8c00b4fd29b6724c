/** The message context-menu command "Find in corpus": the passages matching a message's text (for example a claim), shown to the user only. */
import type { MessageContextMenuCommandInteraction } from 'discord.js';
import { admitQuestion, answerReply, askForPage } from '../answering.js';
import type { BotContext } from '../context.js';
import { deferReply, sendReply } from '../reply.js';
import { findInCorpusCommand } from '../interactions/findInCorpus.js';

export const data = findInCorpusCommand;

export async function execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void> {
  const text = interaction.targetMessage.content;
  if (!text.trim()) return sendReply(interaction, { content: 'That message has no text to look up.', ephemeral: true });
  if (!(await admitQuestion(interaction, ctx))) return;
  await deferReply(interaction, { ephemeral: true });
  const answer = await askForPage(ctx, interaction.guildId, text, {});
  await sendReply(interaction, answerReply(ctx, answer, { session: { question: text, options: {}, quoted: [] }, offset: 0, label: 'Message', ephemeral: true, recordFor: interaction }));
}
