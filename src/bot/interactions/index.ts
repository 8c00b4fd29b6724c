/**
 * Every command as Discord registers it: plain data, as in discordjs/discord-utils-bot, so
 * `npm run register` loads no model and no index. The handlers in `../commands/` take their
 * definitions from here.
 */
import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import { askCommand } from './ask.js';
import { calibrateCommand } from './calibrate.js';
import { corpusCommand } from './corpus.js';
import { findInCorpusCommand } from './findInCorpus.js';
import { passageCommand } from './passage.js';
import { quoteCommand } from './quote.js';
import { reportCommand } from './report.js';
import { sourcesCommand } from './sources.js';

export const commandDefinitions: readonly RESTPostAPIApplicationCommandsJSONBody[] = [
  askCommand,
  quoteCommand,
  sourcesCommand,
  passageCommand,
  reportCommand,
  corpusCommand,
  calibrateCommand,
  findInCorpusCommand,
];
