/** `/quote topic:<text>`, as Discord registers it. */
import { ApplicationCommandOptionType, ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';

export const quoteCommand = {
  type: ApplicationCommandType.ChatInput,
  name: 'quote',
  description: 'The single best verbatim quote on a topic, ready to paste, with its citation',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'topic',
      description: 'A topic, claim or question',
      required: true,
      max_length: 1000,
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
