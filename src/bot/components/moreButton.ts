/** "More" under an answer: the next quotes for the same question, shown to the clicker only. */
import type { ButtonInteraction } from 'discord.js';
import { UnknownSourceError } from '../../answer/openEngine.js';
import { admitQuestion, answerReply, askForPage, unknownSourceReply } from '../answering.js';
import type { BotContext } from '../context.js';
import { deferReply, sendReply } from '../reply.js';
import { EXPIRED_NOTICE } from './answerButtons.js';

export async function handleMoreButton(interaction: ButtonInteraction, ctx: BotContext, [sessionId, offsetText]: string[]): Promise<void> {
  const session = ctx.sessions.get(sessionId ?? '');
  if (!session) return sendReply(interaction, { content: EXPIRED_NOTICE, ephemeral: true });
  if (!(await admitQuestion(interaction, ctx))) return;
  await deferReply(interaction, { ephemeral: true });
  const offset = Number(offsetText) || 0;
  try {
    const answer = await askForPage(ctx, interaction.guildId, session.question, { ...session.options, offset }, session.context);
    if (answer.quotes.length === 0 || !answer.answered) {
      return sendReply(interaction, { content: 'There are no further quotes for this question.' });
    }
    await sendReply(interaction, answerReply(ctx, answer, { session, sessionId, offset, label: 'More for', ephemeral: true }));
  } catch (error) {
    if (error instanceof UnknownSourceError) return sendReply(interaction, unknownSourceReply(error));
    throw error;
  }
}
