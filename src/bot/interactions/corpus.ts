/** `/corpus add|remove|status`, as Discord registers it: for members with Manage Server only. */
import { ApplicationCommandOptionType, ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { ARTICLE_EXTENSIONS } from '../../corpus/articleFormat.js';
import { MAX_CHOICE_LENGTH } from './limits.js';
import { moderatorsOnly } from './moderatorsOnly.js';

const TYPES = [...ARTICLE_EXTENSIONS].join(' ');

export const corpusCommand = {
  type: ApplicationCommandType.ChatInput,
  name: 'corpus',
  description: 'Add, remove or inspect the articles Verbatim quotes from',
  ...moderatorsOnly,
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'add',
      description: 'Add an article: attach a file (up to 5 MB), or give the address of a page or PDF',
      options: [
        { type: ApplicationCommandOptionType.Attachment, name: 'file', description: `The article (${TYPES}; up to 5 MB)` },
        { type: ApplicationCommandOptionType.String, name: 'url', description: 'A web page to add as an article', max_length: 2000 },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'remove',
      description: 'Remove an article from the corpus',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'article',
          description: 'The article (title or file)',
          required: true,
          autocomplete: true,
          max_length: MAX_CHOICE_LENGTH,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'status',
      description: 'Articles, passages, model, last ingest and skipped files',
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
