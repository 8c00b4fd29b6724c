/** `/quote topic:<text>`: for moderators, the single best sentence(s) as a copy-ready block with its citation. */
import type { ChatInputCommandInteraction } from 'discord.js';
import { renderQuoteBlock } from '../../render/discord.js';
import { NOT_FOUND_HEADING } from '../../render/terminal.js';
import { admitQuestion, askCorpus } from '../answering.js';
import { voteMenu } from '../components/voteMenu.js';
import type { BotContext } from '../context.js';
import { recordQuestion } from '../recordQuestion.js';
import { deferReply, sendReply } from '../reply.js';
import { quoteCommand } from '../interactions/quote.js';

export const data = quoteCommand;

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!(await admitQuestion(interaction, ctx))) return;
  await deferReply(interaction, { ephemeral: false });
  const answer = await askCorpus(ctx, interaction.guildId, interaction.options.getString('topic', true), { k: 1 });
  const best = answer.answered ? answer.quotes[0] : undefined;
  const questionId = recordQuestion(interaction, ctx, answer, best ? [best] : []);
  await sendReply(interaction, {
    content: best ? renderQuoteBlock(best) : NOT_FOUND_HEADING,
    components: best && questionId !== undefined ? [voteMenu(questionId, 1)] : [],
  });
}
