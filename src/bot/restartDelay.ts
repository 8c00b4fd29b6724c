/**
 * How long the shard manager waits before restarting a shard that died `deathsInARow` times (1:
 * the first) without becoming ready in between: doubling from 1 s, capped at 5 min, so a shard
 * that cannot start (a full disk, a broken database) is retried without hammering anything.
 */
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 5 * 60_000;

export function restartDelay(deathsInARow: number): number {
  return Math.min(FIRST_DELAY_MS * 2 ** (deathsInARow - 1), MAX_DELAY_MS);
}
