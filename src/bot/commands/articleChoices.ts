/**
 * Autocomplete over article titles and files, for every `source` option. It reads only the
 * in-memory article list, so it answers well within Discord's 3 seconds; Discord allows at
 * most 25 choices, each name and value at most 100 characters.
 */
import type { AutocompleteInteraction } from 'discord.js';
import { inertPlain } from '../../render/inert.js';
import type { ArticleSummary } from '../../types.js';
import type { BotContext } from '../context.js';
import { MAX_CHOICE_LENGTH, MAX_CHOICES } from '../interactions/limits.js';

const fit = (text: string) => (text.length <= MAX_CHOICE_LENGTH ? text : `${text.slice(0, MAX_CHOICE_LENGTH - 1)}…`);

export function articleChoice(article: ArticleSummary): { name: string; value: string } {
  const file = article.source.split('/').at(-1) ?? article.source;
  // The value must name the article exactly; the full path when it fits, else the file name.
  const value = article.source.length <= MAX_CHOICE_LENGTH ? article.source : file.slice(0, MAX_CHOICE_LENGTH);
  return { name: fit(inertPlain(`${article.title} (${file})`)), value };
}

export async function autocompleteArticles(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const typed = String(interaction.options.getFocused());
  await interaction.respond((await ctx.engineSource.forServer(interaction.guildId)).findArticles(typed, MAX_CHOICES).map(articleChoice));
}
