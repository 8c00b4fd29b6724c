/** `npm start`: runs the Discord bot (one process, or one per shard with SHARDS) until SIGINT/SIGTERM. */
import { fileURLToPath } from 'node:url';
import { runShards } from '../src/bot/runShards.js';
import { startBot } from '../src/bot/startBot.js';
import { ensureIndex } from '../src/cli/ingestWithProgress.js';
import { runCli } from '../src/cli/runCli.js';
import { loadBotConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';

const HELP = `Usage: npm start

Runs the Verbatim Discord bot: checks that the Discord API answers and accepts the token,
loads the index (building it first if there is none) and the embedding model once, connects
with the Guilds and GuildMessages intents (none privileged), and answers /ask, /quote,
/sources, /passage, /report, /corpus, /calibrate, "Find in corpus", the buttons and menus under
its answers, and messages that mention it. Re-ingesting while it runs
swaps the new index in without a restart. SIGINT/SIGTERM finish replies in flight (up to 5 s),
then exit.

With SHARDS (auto or a number; needs DATABASE_URL), runs that many shard processes, each
answering the servers Discord gives it (docs/shards.md).

Needs DISCORD_TOKEN and DISCORD_CLIENT_ID (see .env.example). To try the corpus without
Discord: npm run ask -- "your question".

Exit codes: 0 stopped by SIGINT/SIGTERM; 1 a setting is wrong (configuration, the token,
the index); 2 usage error; 3 Discord could not be reached or did not answer in time (worth
retrying later). Every failure names the step and the variable to check.`;

const SHUTDOWN_DEADLINE_MS = 5000;

await runCli(async () => {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const config = loadBotConfig();
  const log = createLogger(config.logLevel);
  const prepareIndex = () => ensureIndex(config);
  let running: { stop(deadlineMs?: number): Promise<void> } | undefined;
  let stopping = false;
  const stopAsked = new AbortController();
  const shutdown = (reason: string) => {
    // Ctrl-C reaches the shards' processes too, and the manager passes the signal on: stop once.
    if (stopping) return;
    stopping = true;
    log.info(`${reason}: finishing replies in flight, then stopping.`);
    stopAsked.abort();
    void running?.stop(SHUTDOWN_DEADLINE_MS).then(() => process.exit(0));
  };
  if (config.shards !== undefined) {
    // The manager listens from the start: a SIGTERM while shards start stops those already running.
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    running = await runShards(config, { log, file: fileURLToPath(import.meta.url), prepareIndex, stopSignal: stopAsked.signal }).catch(
      (error: unknown) => {
        if (stopping) process.exit(0);
        throw error;
      },
    );
    return;
  }
  // A shard's index was prepared by the process that started it.
  running = await startBot(config, { log, prepareIndex: config.runsAsShard ? undefined : prepareIndex });
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  if (config.runsAsShard) {
    // The manager's IPC channel closes when it dies, however it dies (even SIGKILL): no shard outlives it.
    process.once('disconnect', () => shutdown('The shard manager ended'));
    if (!process.connected) shutdown('The shard manager ended');
  }
});
// A failed login can leave discord.js retrying a stalled gateway in the background: leave now.
if (process.exitCode) process.exit();
