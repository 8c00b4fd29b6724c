/**
 * "Closest passages" under a public "nothing answers" reply to a mention: a mention has no
 * private reply, so the closest passages (labelled as not answers) wait behind this button and
 * go only to whoever clicks, who may then post them (`closest:<post>`, see `shareButtons.ts`).
 */
import type { ButtonInteraction } from 'discord.js';
import type { BotContext } from '../context.js';
import { sendReply } from '../reply.js';
import { POST_EXPIRED_NOTICE } from './publishButton.js';
import { publishButtonRow } from './shareButtons.js';

export async function handleClosestButton(interaction: ButtonInteraction, ctx: BotContext, [postId]: string[]): Promise<void> {
  const result = ctx.privateResults.get(postId ?? '');
  if (!result) return sendReply(interaction, { content: POST_EXPIRED_NOTICE, ephemeral: true });
  await sendReply(interaction, {
    embeds: result.embeds,
    components: [publishButtonRow(ctx.privateResults.remember(result.embeds))],
    ephemeral: true,
  });
}
