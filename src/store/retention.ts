/**
 * Retention: questions (with their citations and votes) older than the configured number of
 * days are deleted at start-up and then every hour while the bot runs.
 */
import { DAY_MS, type QuestionStore } from './questionStore.js';

const PURGE_EVERY_MS = 60 * 60 * 1000;

/** Purges now and hourly; returns the function that stops it. */
export function scheduleRetention(
  store: QuestionStore,
  retentionDays: number,
  log: { info(message: string): void },
  now: () => number = Date.now,
): () => void {
  const purge = () => {
    // Whole UTC days are kept: the oldest kept day is the one `retentionDays` ago.
    const deleted = store.purgeBefore(Math.floor((now() - retentionDays * DAY_MS) / DAY_MS) * DAY_MS);
    if (deleted > 0) log.info(`Retention: deleted ${deleted} question(s) older than ${retentionDays} days.`);
  };
  purge();
  const timer = setInterval(purge, PURGE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
