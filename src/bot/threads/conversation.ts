/**
 * Where a question is asked decides how it is answered: in a thread begun by an answer, with
 * the thread's earlier questions as context (see `chooseContext`); elsewhere on its own, with
 * a "Discuss in a thread" button, or (where the server always answers in threads) with a
 * thread begun from the answer at once.
 */
import type { Message, TextBasedChannel } from 'discord.js';
import type { Answer } from '../../types.js';
import type { BotContext } from '../context.js';
import type { AskContext } from './askContext.js';
import { beginAnswerThread, threadProblem } from './beginAnswerThread.js';
import { chooseContext } from './chooseContext.js';
import { recoverThread } from './recoverThread.js';
import type { AskedInThread } from './threadHistories.js';

export interface Conversation {
  /** Earlier questions to ask with; undefined outside a thread the bot began, or when the question stands alone. */
  context: AskContext | undefined;
  /** Whether the answer offers "Discuss in a thread" (not inside a thread, not where one opens anyway). */
  offerThread: boolean;
  /** Once the answer is sent: remembers it in its thread, or begins a thread from it where the server wants one. */
  answered(answer: Answer, sent: () => Promise<Message>): Promise<void>;
}

/** The question and what its answer cited, as a thread remembers it. */
export function askedInThread(question: string, answer: Answer): AskedInThread {
  const cited = answer.level === 'none' ? [] : [...new Set(answer.quotes.map((quote) => quote.source))];
  return { question, cited, at: Date.now() };
}

const alwaysInThreads = (ctx: BotContext, guildId: string | null) =>
  guildId !== null && (ctx.answerInThreads === 'all' || ctx.answerInThreads.includes(guildId));

export async function conversationAt(
  ctx: BotContext,
  channel: TextBasedChannel | null,
  guildId: string | null,
  question: string,
): Promise<Conversation> {
  if (channel?.isThread()) {
    if (!ctx.threads.get(channel.id)) {
      const first = await recoverThread(channel);
      if (first) ctx.threads.begin(channel.id, first);
    }
    const history = ctx.threads.get(channel.id);
    return {
      context: chooseContext(history, question, Date.now()),
      offerThread: false,
      async answered(answer) {
        ctx.threads.add(channel.id, askedInThread(question, answer));
      },
    };
  }
  const automatic = alwaysInThreads(ctx, guildId);
  return {
    context: undefined,
    offerThread: !automatic,
    async answered(answer, sent) {
      if (!automatic) return;
      // The answer is out already: a thread that cannot be started is logged, not shown as a failure.
      await beginAnswerThread(ctx, await sent(), askedInThread(question, answer)).catch((error: unknown) =>
        ctx.log.warn({ err: error }, `Could not start a thread for an answer: ${threadProblem(error) ?? 'see the error'}`),
      );
    },
  };
}
