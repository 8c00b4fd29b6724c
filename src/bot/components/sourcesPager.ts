/** The `/sources` pages and their Previous/Next buttons (`sources:<page>`); pages need no stored state. */
import { ButtonStyle, ComponentType, type ButtonInteraction } from 'discord.js';
import { renderSourcesEmbed } from '../../render/discord.js';
import type { BotContext } from '../context.js';
import { NO_MENTIONS, type ReplyData } from '../reply.js';

/** The articles the server asked in (`guildId`; null in a DM) is answered from. */
export async function sourcesPage(ctx: BotContext, guildId: string | null, page: number): Promise<ReplyData> {
  const { embed, page: current, pages } = renderSourcesEmbed((await ctx.engineSource.forServer(guildId)).listArticles(), page);
  if (pages === 1) return { embeds: [embed] };
  const button = (label: string, target: number, disabled: boolean) => ({
    type: ComponentType.Button as const,
    style: ButtonStyle.Secondary as const,
    label,
    custom_id: `sources:${target}`,
    disabled,
  });
  return {
    embeds: [embed],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [button('Previous', current - 1, current === 0), button('Next', current + 1, current === pages - 1)],
      },
    ],
  };
}

/** Turns the page in place: the list message is edited, not answered again. */
export async function handleSourcesButton(interaction: ButtonInteraction, ctx: BotContext, [pageText]: string[]): Promise<void> {
  const { embeds, components } = await sourcesPage(ctx, interaction.guildId, Number(pageText) || 0);
  await interaction.update({ embeds, components: components ?? [], allowedMentions: NO_MENTIONS });
}
