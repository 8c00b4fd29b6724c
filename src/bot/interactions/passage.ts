/** `/passage source:<article> paragraph:<n>`, as Discord registers it. */
import { ApplicationCommandOptionType, ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { MAX_CHOICE_LENGTH } from './limits.js';

export const passageCommand = {
  type: ApplicationCommandType.ChatInput,
  name: 'passage',
  description: 'Show a paragraph of an article with its neighbours',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'source',
      description: 'The article (title or file)',
      required: true,
      autocomplete: true,
      max_length: MAX_CHOICE_LENGTH,
    },
    { type: ApplicationCommandOptionType.Integer, name: 'paragraph', description: 'Paragraph number (¶)', required: true, min_value: 1 },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
