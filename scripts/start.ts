/** `npm start`: runs the Discord bot until SIGINT/SIGTERM. */
import { startBot } from '../src/bot/startBot.js';
import { ensureIndex } from '../src/cli/ingestWithProgress.js';
import { runCli } from '../src/cli/runCli.js';
import { loadBotConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';

const HELP = `Usage: npm start

Runs the Verbatim Discord bot: loads the index (building it first if there is none) and the
embedding model once, logs in with the Guilds intent only, and answers /ask, /quote,
/sources, /passage and "Find in corpus". Re-ingesting while it runs swaps the new index in
without a restart. SIGINT/SIGTERM finish replies in flight (up to 5 s), then exit.

Needs DISCORD_TOKEN and DISCORD_CLIENT_ID (see .env.example). To try the corpus without
Discord: npm run ask -- "your question".`;

const SHUTDOWN_DEADLINE_MS = 5000;

await runCli(async () => {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const config = loadBotConfig();
  const log = createLogger(config.logLevel);
  await ensureIndex(config);
  const bot = await startBot(config, { log });
  const shutdown = (signal: string) => {
    log.info(`${signal}: finishing replies in flight, then stopping.`);
    void bot.stop(SHUTDOWN_DEADLINE_MS).then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
});
