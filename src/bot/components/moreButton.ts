/** "More" under an answer: the next quotes for the same question, shown to the clicker only. */
import type { ButtonInteraction } from 'discord.js';
import { answerQuestion } from '../answerQuestion.js';
import type { BotContext } from '../context.js';
import { interactionOutlet } from '../interactionOutlet.js';
import { sendReply } from '../reply.js';
import { EXPIRED_NOTICE } from './answerButtons.js';

export async function handleMoreButton(interaction: ButtonInteraction, ctx: BotContext, [sessionId, offsetText]: string[]): Promise<void> {
  const session = ctx.sessions.get(sessionId ?? '');
  if (!session || sessionId === undefined) return sendReply(interaction, { content: EXPIRED_NOTICE, ephemeral: true });
  await answerQuestion(
    ctx,
    {
      asker: interaction,
      question: session.question,
      continues: { sessionId, session, offset: Number(offsetText) || 0 },
      form: { kind: 'page', label: 'More for', ephemeral: true, closest: 'none' },
    },
    interactionOutlet(interaction, { ephemeral: true }),
  );
}
