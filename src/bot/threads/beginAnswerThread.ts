/**
 * A thread begun from an answer message, named after the question, with a fixed note on how
 * follow-ups work; the bot remembers the question so follow-ups there get it as context.
 */
import { DiscordAPIError, ThreadAutoArchiveDuration, type Message, type ThreadChannel } from 'discord.js';
import { inertPlain } from '../../render/inert.js';
import type { BotContext } from '../context.js';
import { NO_MENTIONS } from '../reply.js';
import type { AskedInThread } from './threadHistories.js';

/** Discord's limit on a thread's name. */
const THREAD_NAME_MAX = 100;
/** Discord's error when a message already has a thread. */
const THREAD_ALREADY_CREATED = 160004;
/** Discord's errors when the bot may not start a thread there, or the channel cannot hold one. */
const MISSING_PERMISSIONS = 50013;
const WRONG_CHANNEL_TYPE = 50024;

/** What to tell a member when Discord refused to start a thread, for the refusals a member can act on. */
export function threadProblem(error: unknown): string | undefined {
  if (!(error instanceof DiscordAPIError)) return undefined;
  if (error.code === MISSING_PERMISSIONS)
    return 'Verbatim needs the Create Public Threads and Send Messages in Threads permissions in this channel to start a thread.';
  if (error.code === WRONG_CHANNEL_TYPE) return 'Threads cannot be started in this channel.';
  return undefined;
}

export const THREAD_NOTE =
  'Ask follow-ups here by mentioning Verbatim or with `/ask`: a follow-up that leans on earlier questions ' +
  '("and how many were wounded?") is answered with them as context. Answers are still only quotes.';

export function threadName(question: string): string {
  const name = inertPlain(question);
  return name.length <= THREAD_NAME_MAX ? name || 'Discussion' : `${name.slice(0, THREAD_NAME_MAX - 1).trimEnd()}…`;
}

/** The thread begun from `answerMessage`; null when the message already had one. */
export async function beginAnswerThread(ctx: BotContext, answerMessage: Message, asked: AskedInThread): Promise<ThreadChannel | null> {
  let thread: ThreadChannel;
  try {
    thread = await answerMessage.startThread({ name: threadName(asked.question), autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === THREAD_ALREADY_CREATED) return null;
    throw error;
  }
  ctx.threads.begin(thread.id, asked);
  await thread.send({ content: THREAD_NOTE, allowedMentions: NO_MENTIONS });
  return thread;
}
