/**
 * The buttons that take a result to the others: "Discuss in a thread" under a public answer
 * (`thread:<session>`), and "Post publicly" under a result only the asker sees
 * (`publish:<post>`), which posts the same quotes in the channel.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import type { BotContext } from '../context.js';

export function threadButtonRow(sessionId: string): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Discuss in a thread', custom_id: `thread:${sessionId}` }],
  };
}

/** Remembers `embeds` for a while and offers to post them. */
export function publishButtonRow(ctx: BotContext, embeds: APIEmbed[]): APIActionRowComponent<APIButtonComponent> {
  const postId = ctx.posts.add({ embeds, posted: false });
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Post publicly', custom_id: `publish:${postId}` }],
  };
}
