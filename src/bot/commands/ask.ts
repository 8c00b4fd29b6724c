/** `/ask question:<text> [source:<article>]`: the passages that answer, quoted with citations. */
import type { ChatInputCommandInteraction } from 'discord.js';
import { UnknownSourceError } from '../../answer/openEngine.js';
import { admitQuestion, answerReply, askForPage, closestPassagesReply, unknownSourceReply } from '../answering.js';
import type { BotContext } from '../context.js';
import { deferReply, sendFollowUp, sendReply } from '../reply.js';
import { conversationAt } from '../threads/conversation.js';
import { askCommand } from '../interactions/ask.js';
import { autocompleteArticles } from './articleChoices.js';

export const data = askCommand;

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!(await admitQuestion(interaction, ctx))) return;
  const question = interaction.options.getString('question', true);
  const source = interaction.options.getString('source') ?? undefined;
  await deferReply(interaction, { ephemeral: false });
  const conversation = await conversationAt(ctx, interaction.channel, interaction.guildId, question);
  try {
    const answer = await askForPage(ctx, interaction.guildId, question, { source }, conversation.context);
    await sendReply(interaction, answerReply(ctx, answer, { session: { question, options: { source }, quoted: [], context: conversation.context }, offset: 0, label: 'Question', ephemeral: false, discuss: conversation.offerThread, recordFor: interaction }));
    await conversation.answered(answer, () => interaction.fetchReply());
    const closest = closestPassagesReply(ctx, answer);
    if (closest) await sendFollowUp(interaction, closest);
  } catch (error) {
    if (!(error instanceof UnknownSourceError)) throw error;
    await sendReply(interaction, unknownSourceReply(error));
  }
}

export const autocomplete = autocompleteArticles;
