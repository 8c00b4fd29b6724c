/** `/ask question:<text> [source:<article>]`: the passages that answer, quoted with citations. */
import type { ChatInputCommandInteraction } from 'discord.js';
import { answerQuestion } from '../answerQuestion.js';
import type { BotContext } from '../context.js';
import { interactionOutlet } from '../interactionOutlet.js';
import { askCommand } from '../interactions/ask.js';
import { autocompleteArticles } from './articleChoices.js';

export const data = askCommand;

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  await answerQuestion(
    ctx,
    {
      asker: interaction,
      question: interaction.options.getString('question', true),
      source: interaction.options.getString('source') ?? undefined,
      conversationIn: interaction.channel,
      form: { kind: 'page', label: 'Question', ephemeral: false, closest: 'follow-up' },
    },
    interactionOutlet(interaction, { ephemeral: false }),
  );
}

export const autocomplete = autocompleteArticles;
