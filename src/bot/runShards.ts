/**
 * `npm start` with `SHARDS` set: discord.js's ShardingManager runs each shard as a child
 * process of this one, each running `npm start` as one bot (its Client reads which shard it is
 * from the environment the manager gives it). Discord sends a server's events to one shard, so
 * every process answers its own servers; they share the question store and the index through
 * PostgreSQL. The shard count comes from this API's `/gateway/bot` (`auto`), not discord.js's,
 * which always asks discord.com whatever `DISCORD_API_URL` says.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ShardingManager } from 'discord.js';
import type { BotConfig } from '../config.js';
import type { Logger } from '../log.js';
import { checkDiscordApi, describeApi } from './login.js';
import { restartDelay } from './restartDelay.js';

/**
 * Discord accepts `max_concurrency` IDENTIFYs per 5 s (1 for most bots; more for very large
 * ones): shards are started that far apart, with a margin.
 */
const IDENTIFY_WINDOW_MS = 5500;
/**
 * How long a shard may take to be ready: loading a large index and the model comes first. A
 * shard that fails exits sooner (its login is bounded by DISCORD_LOGIN_TIMEOUT_MS), failing the start.
 */
const SHARD_READY_TIMEOUT_MS = 10 * 60_000;

export interface RunningShards {
  count: number;
  /** Asks every shard to finish its replies in flight and stop (SIGTERM; each has its own deadline), and waits for them. */
  stop(): Promise<void>;
}

export interface ShardOptions {
  log: Logger;
  /** The script each shard process runs: `npm start`'s own. */
  file: string;
  /** Runs once Discord has accepted the token, before any shard starts (`npm start` builds a missing index here). */
  prepareIndex?: () => Promise<void>;
  /** Aborted (SIGTERM while shards start): the shards started so far are stopped and no more are started. */
  stopSignal?: AbortSignal;
}

export async function runShards(config: BotConfig, options: ShardOptions): Promise<RunningShards> {
  const { log } = options;
  log.info(`Connecting to the Discord API at ${describeApi(config)}.`);
  const { shards: recommended, maxConcurrency } = await checkDiscordApi(config, log);
  const count = config.shards === 'auto' ? recommended : (config.shards as number);
  await options.prepareIndex?.();
  const manager = new ShardingManager(options.file, {
    totalShards: count,
    token: config.discordToken,
    mode: 'process',
    // The shard runs the same TypeScript entry point through the same loader (tsx) as this process.
    execArgv: process.execArgv,
    // discord.js restarts a dead shard at once, forever, and a restart that fails emits an error
    // nothing hears: restarts are ours, backing off.
    respawn: false,
  });
  let started = false;
  let stopping = false;
  const restartTimers = new Set<NodeJS.Timeout>();
  manager.on('shardCreate', (shard) => {
    const name = `Shard ${shard.id} of ${count}`;
    let deathsInARow = 0;
    log.info(`${name}: starting.`);
    shard.on('ready', () => (deathsInARow = 0));
    // The message only: an error from the shard's process never carries the token, but its stack is not for the log line.
    shard.on('error', (error: unknown) => log.error(`${name}: ${error instanceof Error ? error.message : String(error)}`));
    shard.on('death', () => {
      // While starting, a death fails the start instead (discord.js rejects the spawn).
      if (!started || stopping) return;
      deathsInARow += 1;
      const delay = restartDelay(deathsInARow);
      log.warn(`${name}: its process ended; restarting it in ${delay / 1000} s.`);
      const timer = setTimeout(() => {
        restartTimers.delete(timer);
        if (stopping) return;
        shard.spawn(SHARD_READY_TIMEOUT_MS).catch((error: unknown) => shard.emit('error', error));
      }, delay);
      restartTimers.add(timer);
    });
  });
  const stop = async () => {
    stopping = true;
    for (const timer of restartTimers) clearTimeout(timer);
    await Promise.all(
      [...manager.shards.values()].map(
        (shard) =>
          new Promise<void>((resolve) => {
            const child = shard.process;
            if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
  };
  const onStopSignal = () => void stop();
  options.stopSignal?.addEventListener('abort', onStopSignal, { once: true });
  // Asked before the manager existed (while the index was prepared).
  if (options.stopSignal?.aborted) await stop();
  const identifyDelay = Math.ceil(IDENTIFY_WINDOW_MS / maxConcurrency);
  try {
    // discord.js's manager.spawn, except that a stop asked for in between starts no further shard.
    for (let id = 0; id < count && !stopping; id += 1) {
      const shard = manager.createShard(id);
      await Promise.all([shard.spawn(SHARD_READY_TIMEOUT_MS), id < count - 1 ? sleep(identifyDelay) : undefined]);
    }
    if (stopping) throw new Error('Stopped while the shards were starting.');
  } catch (error) {
    await stop();
    throw error;
  } finally {
    options.stopSignal?.removeEventListener('abort', onStopSignal);
  }
  started = true;
  log.info(`All ${count} shards are ready.`);
  return { count, stop };
}
