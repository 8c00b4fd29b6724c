/**
 * The buttons that take a result to the others: "Discuss in a thread" under a public answer
 * (`thread:<session>`); "Post publicly" under a result only the asker sees (`publish:<post>`),
 * which posts the same quotes in the channel; and "Closest passages" under a public "nothing
 * answers" to a mention (`closest:<post>`), which shows them privately to whoever clicks.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';

const oneButtonRow = (label: string, customId: string): APIActionRowComponent<APIButtonComponent> => ({
  type: ComponentType.ActionRow,
  components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label, custom_id: customId }],
});

export const threadButtonRow = (sessionId: string) => oneButtonRow('Discuss in a thread', `thread:${sessionId}`);

/** Offers to post the private result remembered as `privateResultId`. */
export const publishButtonRow = (privateResultId: string) => oneButtonRow('Post publicly', `publish:${privateResultId}`);

/** Offers to show the closest passages remembered as `privateResultId`. */
export const closestButtonRow = (privateResultId: string) => oneButtonRow('Closest passages', `closest:${privateResultId}`);
