/** `/calibrate status|apply|restore`, as Discord registers it: for members with Manage Server only. */
import { ApplicationCommandOptionType, ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { moderatorsOnly } from './moderatorsOnly.js';

export const calibrateCommand = {
  type: ApplicationCommandType.ChatInput,
  name: 'calibrate',
  description: "When Verbatim answers in this server, fitted on members' votes and moderators' marks",
  ...moderatorsOnly,
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'status',
      description: 'Labelled questions, and what the current and a fitted level give on them',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'apply',
      description: "Answer this server's questions at the level fitted on its labelled questions",
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'restore', description: 'Go back to the level in force before the last apply' },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
