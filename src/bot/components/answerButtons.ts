/**
 * The buttons under an answer. "More" shows the next quotes and "Context" a quote's paragraph
 * with its neighbours; both answer only the user who clicked (ephemeral), whoever asked.
 * Custom ids: `more:<session>:<offset>` and `context:<session>:<rank>`.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';

export const EXPIRED_NOTICE = 'This answer has expired; ask again with `/ask`.';

export function answerButtonRow(
  sessionId: string,
  offset: number,
  shown: number,
  hasMore: boolean,
): APIActionRowComponent<APIButtonComponent> {
  const context = Array.from({ length: Math.min(shown, 4) }, (_, i): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label: `Context ${offset + i + 1}`,
    custom_id: `context:${sessionId}:${offset + i}`,
  }));
  const more: APIButtonComponent[] = hasMore
    ? [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'More', custom_id: `more:${sessionId}:${offset + shown}` }]
    : [];
  return { type: ComponentType.ActionRow, components: [...more, ...context] };
}
