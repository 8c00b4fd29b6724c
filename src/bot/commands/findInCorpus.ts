/**
 * The message context-menu command "Find in corpus": the passages matching a message's text (for
 * example a claim), shown to the user only.
 */
import type { MessageContextMenuCommandInteraction } from 'discord.js';
import { answerQuestion } from '../answerQuestion.js';
import type { BotContext } from '../context.js';
import { interactionOutlet } from '../interactionOutlet.js';
import { sendReply } from '../reply.js';
import { findInCorpusCommand } from '../interactions/findInCorpus.js';

export const data = findInCorpusCommand;

export async function execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void> {
  const text = interaction.targetMessage.content;
  if (!text.trim()) return sendReply(interaction, { content: 'That message has no text to look up.', ephemeral: true });
  await answerQuestion(
    ctx,
    { asker: interaction, question: text, form: { kind: 'page', label: 'Message', ephemeral: true, closest: 'none' } },
    interactionOutlet(interaction, { ephemeral: true }),
  );
}
