/**
 * The buttons that take a result to the others: "Discuss in a thread" under a public answer
 * (`thread:<session>`); "Post publicly" under a result only the asker sees (`publish:<post>`),
 * which posts the same quotes in the channel; and "Closest passages" under a public "nothing
 * answers" to a mention (`closest:<post>`), which shows them privately to whoever clicks.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import type { BotContext } from '../context.js';

const oneButtonRow = (label: string, customId: string): APIActionRowComponent<APIButtonComponent> => ({
  type: ComponentType.ActionRow,
  components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label, custom_id: customId }],
});

export const threadButtonRow = (sessionId: string) => oneButtonRow('Discuss in a thread', `thread:${sessionId}`);

/** Remembers `embeds` for a while and offers to post them. */
export const publishButtonRow = (ctx: BotContext, embeds: APIEmbed[]) => oneButtonRow('Post publicly', `publish:${ctx.privateResults.add({ embeds, posted: false })}`);

/** Remembers the closest passages' `embeds` for a while and offers to show them. */
export const closestButtonRow = (ctx: BotContext, embeds: APIEmbed[]) => oneButtonRow('Closest passages', `closest:${ctx.privateResults.add({ embeds, posted: false })}`);
