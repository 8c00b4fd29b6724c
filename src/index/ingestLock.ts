/**
 * One ingest at a time per index: a second one would race on segment names and the manifest.
 * The lock file names its holder's pid. A lock is stale when that process is gone, or when the
 * pid now belongs to a process that started after the lock was written (pids are reused, e.g.
 * after a reboot), which Linux tells through /proc; elsewhere only a live pid is checked.
 */
import { open, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { IndexError } from './manifest.js';

export const LOCK_FILE = 'ingest.lock';

interface LockHolder {
  pid: number;
  startedAt?: string;
}

function readHolder(text: string): LockHolder | null {
  try {
    const data = JSON.parse(text) as Partial<LockHolder> | number;
    if (typeof data === 'number') return { pid: data };
    return typeof data?.pid === 'number' ? (data as LockHolder) : null;
  } catch {
    return null;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When a process started, in ms since the epoch, from /proc (Linux); undefined where that cannot be told. */
async function processStartMs(pid: number): Promise<number | undefined> {
  try {
    const [stat, uptime] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile('/proc/uptime', 'utf8')]);
    // Field 22, after the parenthesised command name (which may itself hold spaces): start time in clock ticks after boot.
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const bootMs = Date.now() - Number(uptime.split(' ')[0]) * 1000;
    // Linux reports these ticks at USER_HZ, 100 per second on every mainstream build.
    return Number.isFinite(ticks) ? bootMs + ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/** Slack for the clock-tick rounding of a process's start time. */
const START_TIME_SLACK_MS = 2000;

async function holderIsRunning(holder: LockHolder, lockWrittenMs: number): Promise<boolean> {
  if (!isProcessAlive(holder.pid)) return false;
  const started = await processStartMs(holder.pid);
  return started === undefined || started <= lockWrittenMs + START_TIME_SLACK_MS;
}

export async function acquireIngestLock(indexDir: string, attempt = 1): Promise<() => Promise<void>> {
  const lockPath = path.join(indexDir, LOCK_FILE);
  try {
    const handle = await open(lockPath, 'wx');
    await handle.writeFile(JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
    await handle.close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const [text, info] = await Promise.all([readFile(lockPath, 'utf8').catch(() => ''), stat(lockPath).catch(() => null)]);
    const holder = readHolder(text.trim());
    if (holder && info && (await holderIsRunning(holder, info.mtimeMs))) {
      throw new IndexError(
        `Another ingest (pid ${holder.pid}, since ${holder.startedAt ?? info.mtime.toISOString()}) ` +
          `is writing ${indexDir}; wait for it to finish. ` +
          `If no ingest is running, delete ${lockPath} and try again.`,
      );
    }
    if (attempt > 1) throw new IndexError(`The stale lock ${lockPath} could not be removed; delete it and try again.`);
    await unlink(lockPath).catch(() => undefined);
    return acquireIngestLock(indexDir, attempt + 1);
  }
  return () => unlink(lockPath).catch(() => undefined);
}
