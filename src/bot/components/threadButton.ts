/** "Discuss in a thread" under an answer: a thread begun from the answer, where follow-ups get the question as context. */
import type { ButtonInteraction } from 'discord.js';
import type { BotContext } from '../context.js';
import { sendReply } from '../reply.js';
import { beginAnswerThread, threadProblem } from '../threads/beginAnswerThread.js';
import { EXPIRED_NOTICE } from './answerButtons.js';

export async function handleThreadButton(interaction: ButtonInteraction, ctx: BotContext, [sessionId]: string[]): Promise<void> {
  const session = ctx.sessions.get(sessionId ?? '');
  if (!session) return sendReply(interaction, { content: EXPIRED_NOTICE, ephemeral: true });
  const cited = [...new Set(session.quoted.map((place) => place.source))];
  let thread: Awaited<ReturnType<typeof beginAnswerThread>>;
  try {
    thread = await beginAnswerThread(ctx, interaction.message, { question: session.question, cited, at: Date.now() });
  } catch (error) {
    const problem = threadProblem(error);
    if (!problem) throw error;
    return sendReply(interaction, { content: problem, ephemeral: true });
  }
  // The thread's id is the answer message's: either way the member is pointed to it.
  const content = thread ? `Thread started: <#${thread.id}>.` : `This answer already has a thread: <#${interaction.message.id}>.`;
  await sendReply(interaction, { content, ephemeral: true });
}
