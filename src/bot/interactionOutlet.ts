/** The answer flow's outlet for an interaction (a slash command, the context menu, a button): deferred, replied, followed up. */
import type { RepliableInteraction } from 'discord.js';
import type { AnswerOutlet } from './answerQuestion.js';
import { deferReply, sendFollowUp, sendReply } from './reply.js';

export const cooldownNotice = (retryAfterMs: number) =>
  `You are asking quickly: please wait ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s before the next question, so everyone gets a turn.`;

/** `ephemeral`: whether the answer is for the asker alone (decided when deferring, as Discord fixes it then). */
export function interactionOutlet(interaction: RepliableInteraction, visibility: { ephemeral: boolean }): AnswerOutlet {
  return {
    // Only the asker is told when to try again.
    refuseForCooldown: (retryAfterMs) => sendReply(interaction, { content: cooldownNotice(retryAfterMs), ephemeral: true }),
    acknowledge: () => deferReply(interaction, visibility),
    async reply(data) {
      await sendReply(interaction, data);
      return () => interaction.fetchReply();
    },
    followUp: (data) => sendFollowUp(interaction, data),
  };
}
