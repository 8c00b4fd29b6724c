/**
 * A thread the bot began before it restarted: its memory of the thread is gone, but the thread
 * still starts with the bot's answer, whose header echoes the question and whose footers cite
 * the articles. Reading that one message (Read Message History) gives the thread its first
 * question back, so follow-ups keep their context across a restart.
 */
import type { APIEmbed, ThreadChannel } from 'discord.js';
import type { AskedInThread } from './threadHistories.js';

/** The question an answer's header echoes on its first line (`**Question:** …`; it is one line), the escapes removed. */
const ECHOED_QUESTION = /^\*\*[^*\n]+:\*\* ([^\n]+)/u;
/** A citation footer's source: `— "Title" (corpus/file.txt, ¶3) · …`. */
const CITED_SOURCE = /\(([^,()]+), (?:p\. ?\d+, )?¶\d+\)/u;

export function askedFromAnswer(embeds: readonly APIEmbed[], at: number): AskedInThread | undefined {
  const echoed = ECHOED_QUESTION.exec(embeds[0]?.description ?? '')?.[1];
  if (!echoed) return undefined;
  const question = echoed.replace(/\\([^0-9A-Za-z\s])/gu, '$1').trim();
  const cited = [...new Set(embeds.slice(1).flatMap((embed) => CITED_SOURCE.exec(embed.footer?.text ?? '')?.[1] ?? []))];
  return { question, cited, at };
}

/** The first question of a thread the bot began from one of its answers; undefined for any other thread. */
export async function recoverThread(thread: ThreadChannel): Promise<AskedInThread | undefined> {
  if (thread.ownerId !== thread.client.user.id) return undefined;
  const starter = await thread.fetchStarterMessage({ force: true }).catch(() => null);
  if (!starter || starter.author.id !== thread.client.user.id) return undefined;
  return askedFromAnswer(
    starter.embeds.map((embed) => embed.toJSON()),
    starter.createdTimestamp,
  );
}
