/** `/report [days:<n>]`, as Discord registers it: for members with Manage Server only. */
import { ApplicationCommandOptionType, ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { moderatorsOnly } from './moderatorsOnly.js';

export const REPORT_DEFAULT_DAYS = 7;
export const REPORT_MAX_DAYS = 365;

export const reportCommand = {
  type: ApplicationCommandType.ChatInput,
  name: 'report',
  description: 'What members asked: questions the corpus could not answer, answers voted down, most-cited articles',
  ...moderatorsOnly,
  options: [
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'days',
      description: `How many days back, today included (default ${REPORT_DEFAULT_DAYS})`,
      min_value: 1,
      max_value: REPORT_MAX_DAYS,
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
