/** The command loader: every command module, by the name Discord sends back. */
import type { MessageMenuCommand, SlashCommand } from '../command.js';
import * as ask from './ask.js';
import * as calibrate from './calibrate.js';
import * as corpus from './corpus.js';
import * as findInCorpus from './findInCorpus.js';
import * as passage from './passage.js';
import * as quote from './quote.js';
import * as report from './report.js';
import * as sources from './sources.js';

export const slashCommands: ReadonlyMap<string, SlashCommand> = new Map(
  [ask, quote, sources, passage, report, corpus, calibrate].map((command): [string, SlashCommand] => [command.data.name, command]),
);

export const messageCommands: ReadonlyMap<string, MessageMenuCommand> = new Map([[findInCorpus.data.name, findInCorpus]]);
