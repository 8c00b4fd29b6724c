/**
 * `npm start` with `SHARDS` set: discord.js's ShardingManager runs each shard as a child
 * process of this one, each running `npm start` as one bot (its Client reads which shard it is
 * from the environment the manager gives it). Discord sends a server's events to one shard, so
 * every process answers its own servers; they share the question store and the index through
 * PostgreSQL. The shard count comes from this API's `/gateway/bot` (`auto`), not discord.js's,
 * which always asks discord.com whatever `DISCORD_API_URL` says.
 */
import { ShardingManager } from 'discord.js';
import type { BotConfig } from '../config.js';
import type { Logger } from '../log.js';
import { checkDiscordApi, describeApi } from './login.js';

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
  });
  manager.on('shardCreate', (shard) => {
    log.info(`Shard ${shard.id} of ${count}: starting.`);
    shard.on('death', () => log.warn(`Shard ${shard.id} of ${count}: its process ended${manager.respawn ? '; restarting it' : ''}.`));
  });
  const stop = async () => {
    manager.respawn = false;
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
  try {
    await manager.spawn({ amount: count, delay: Math.ceil(IDENTIFY_WINDOW_MS / maxConcurrency), timeout: SHARD_READY_TIMEOUT_MS });
  } catch (error) {
    await stop();
    throw error;
  }
  log.info(`All ${count} shards are ready.`);
  return { count, stop };
}
