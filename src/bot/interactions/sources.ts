/** `/sources [page:<n>]`, as Discord registers it. */
import { ApplicationCommandOptionType, ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';

export const sourcesCommand = {
  type: ApplicationCommandType.ChatInput,
  name: 'sources',
  description: 'List the articles Verbatim quotes from',
  options: [{ type: ApplicationCommandOptionType.Integer, name: 'page', description: 'Page number', min_value: 1 }],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
