/** `npm start`: runs the Discord bot until SIGINT/SIGTERM. */
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
  const bot = await startBot(config, { log, prepareIndex: () => ensureIndex(config) });
  const shutdown = (signal: string) => {
    log.info(`${signal}: finishing replies in flight, then stopping.`);
    void bot.stop(SHUTDOWN_DEADLINE_MS).then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
});
// A failed login can leave discord.js retrying a stalled gateway in the background: leave now.
if (process.exitCode) process.exit();
