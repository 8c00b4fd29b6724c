/**
 * What "Send to moderators" posts: the question and the passages the member was shown, as they
 * were quoted then (the stored text, so a later edit of the article cannot change the record),
 * with fixed UI text only. Nobody is named or pinged.
 */
import type { APIEmbed } from 'discord.js';
import type { StoredQuestion } from '../store/questionStore.js';
import { DISCORD_LIMITS, embedLength, renderQuoteEmbeds } from './discord.js';
import { inert } from './inert.js';

export const VOTED_DOWN_HEADING = 'A member voted this answer down';

export function renderVotedDownEmbeds(question: StoredQuestion, answerLink?: string): APIEmbed[] {
  const asked = `Asked <t:${Math.floor(question.askedAt / 1000)}:f>${question.channelId ? ` in <#${question.channelId}>` : ''}.`;
  const link = answerLink ? ` [The answer in the channel](${answerLink})` : '';
  const flat = question.question.replace(/\s+/gu, ' ').trim();
  const header: APIEmbed = {
    title: VOTED_DOWN_HEADING,
    description: `**Question:** ${inert(flat.length > 600 ? `${flat.slice(0, 599)}…` : flat)}\n${asked}${link}`,
    color: 0xed4245,
  };
  if (question.cited.length === 0) return [header];
  return [header, ...renderQuoteEmbeds(question.cited, { firstNumber: 1, budget: DISCORD_LIMITS.embedsTotal - embedLength(header) })];
}
