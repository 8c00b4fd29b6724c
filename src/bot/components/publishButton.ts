/**
 * "Post publicly" under a private result ("Find in corpus", the closest passages, "More",
 * "Context"): the same quotes, posted in the channel once, attributed to the member who
 * clicked, with a mention that pings no one (every message goes out with no allowed mentions).
 */
import type { ButtonInteraction } from 'discord.js';
import type { BotContext } from '../context.js';
import { sendReply } from '../reply.js';

export const POST_EXPIRED_NOTICE = 'This result has expired; ask again to post it.';
export const ALREADY_POSTED_NOTICE = 'You already posted this.';
export const sharedBy = (userId: string) => `Shared by <@${userId}>:`;

export async function handlePublishButton(interaction: ButtonInteraction, ctx: BotContext, [postId]: string[]): Promise<void> {
  const result = ctx.privateResults.get(postId ?? '');
  if (!result) return sendReply(interaction, { content: POST_EXPIRED_NOTICE, ephemeral: true });
  if (result.posted) return sendReply(interaction, { content: ALREADY_POSTED_NOTICE, ephemeral: true });
  result.posted = true;
  await sendReply(interaction, { content: sharedBy(interaction.user.id), embeds: result.embeds });
}
