/**
 * Records a question and what the bot answered in the question store, for `/report` and the
 * feedback buttons. Recording never stands between a member and their answer: a failed write
 * is logged and the answer goes out without vote buttons.
 */
import type { RepliableInteraction } from 'discord.js';
import { questionKey } from '../report/questionKey.js';
import type { Answer, Quote } from '../types.js';
import type { BotContext } from './context.js';

/** The engine's confidence when its Answer carries one (a number), else null. */
function confidenceOf(answer: Answer): number | null {
  const confidence: unknown = (answer as Answer & { confidence?: unknown }).confidence;
  return typeof confidence === 'number' && Number.isFinite(confidence) ? confidence : null;
}

/** `shown`: the quotes the member saw. Returns the question's id, or undefined when it could not be recorded. */
export function recordQuestion(interaction: RepliableInteraction, ctx: BotContext, answer: Answer, shown: Quote[]): number | undefined {
  try {
    return ctx.store.recordQuestion({
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      askedAt: Date.now(),
      askerHash: ctx.hashUser(interaction.user.id),
      question: answer.question,
      questionKey: questionKey(answer.question),
      answered: answer.answered,
      confidence: confidenceOf(answer),
      topScore: answer.quotes[0]?.score ?? null,
      // What the member saw as the answer or as the closest passages; nothing when nothing answers.
      cited: answer.level !== 'none'
        ? shown.map((q) => ({ source: q.source, title: q.title, paragraph: q.paragraph, start: q.start, end: q.end, text: q.text, highlight: q.highlight, score: q.score, answers: q.answers }))
        : [],
    });
  } catch (error) {
    ctx.log.error({ err: error }, 'Could not record a question; answering without vote buttons');
    return undefined;
  }
}
