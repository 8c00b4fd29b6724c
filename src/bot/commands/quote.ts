/** `/quote topic:<text>`: for moderators, the single best sentence(s) as a copy-ready block with its citation. */
import type { ChatInputCommandInteraction } from 'discord.js';
import { answerQuestion } from '../answerQuestion.js';
import type { BotContext } from '../context.js';
import { interactionOutlet } from '../interactionOutlet.js';
import { quoteCommand } from '../interactions/quote.js';

export const data = quoteCommand;

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  await answerQuestion(
    ctx,
    { asker: interaction, question: interaction.options.getString('topic', true), form: { kind: 'quote' } },
    interactionOutlet(interaction, { ephemeral: false }),
  );
}
