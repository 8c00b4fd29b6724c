/** `/ask question:<text> [source:<article>]`, as Discord registers it (plain data: registering loads nothing else). */
import { ApplicationCommandOptionType, ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { MAX_CHOICE_LENGTH } from './limits.js';

export const askCommand = {
  type: ApplicationCommandType.ChatInput,
  name: 'ask',
  description: 'Answer a question by quoting the corpus, word for word, with citations',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'question',
      description: 'What do you want to know?',
      required: true,
      max_length: 1000,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'source',
      description: 'Only search this article',
      autocomplete: true,
      max_length: MAX_CHOICE_LENGTH,
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
