/** `npm run register`: registers the bot's commands with Discord. */
import { registerCommands } from '../src/bot/registerCommands.js';
import { runCli } from '../src/cli/runCli.js';
import { loadBotConfig } from '../src/config.js';

const HELP = `Usage: npm run register

Registers Verbatim's commands (/ask, /quote, /sources, /passage, /report, /corpus,
/calibrate and the message command "Find in corpus") for the application DISCORD_CLIENT_ID, using DISCORD_TOKEN. With
DISCORD_GUILD_ID set they are registered to that server only and appear at once (good for
testing); without it, globally. Configuration comes from the environment or .env (see
.env.example).`;

await runCli(async () => {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const { names, scope } = await registerCommands(loadBotConfig());
  process.stdout.write(`Registered ${names.length} commands (${names.join(', ')}) for ${scope}.\n`);
});
