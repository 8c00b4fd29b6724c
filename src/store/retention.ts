/**
 * Retention: questions (with their citations and votes) older than the configured number of
 * days are deleted at start-up and then every hour while the bot runs.
 */
import { DAY_MS, type QuestionStore } from './questionStore.js';

const PURGE_EVERY_MS = 60 * 60 * 1000;

/** Purges now (resolving once done) and hourly; resolves to the function that stops it. */
export async function scheduleRetention(
  store: QuestionStore,
  retentionDays: number,
  log: { info(message: string): void; warn(message: string): void },
  now: () => number = Date.now,
): Promise<() => void> {
  const purge = async () => {
    // Whole UTC days are kept: the oldest kept day is the one `retentionDays` ago.
    const deleted = await store.purgeBefore(Math.floor((now() - retentionDays * DAY_MS) / DAY_MS) * DAY_MS);
    if (deleted > 0) log.info(`Retention: deleted ${deleted} question(s) older than ${retentionDays} days.`);
  };
  await purge();
  // A database briefly unreachable skips one hourly purge; the next one catches up.
  const timer = setInterval(
    () => void purge().catch(() => log.warn('Retention: the hourly purge failed; retrying in an hour.')),
    PURGE_EVERY_MS,
  );
  timer.unref();
  return () => clearInterval(timer);
}
