/** The message command "Find in corpus", as Discord registers it. */
import { ApplicationCommandType, type RESTPostAPIContextMenuApplicationCommandsJSONBody } from 'discord.js';

export const findInCorpusCommand = {
  type: ApplicationCommandType.Message,
  name: 'Find in corpus',
} satisfies RESTPostAPIContextMenuApplicationCommandsJSONBody;
