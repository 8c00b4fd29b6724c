/**
 * Records a question (asked by command, "Find in corpus" or mention) and what the bot answered
 * in the question store, for `/report` and the feedback buttons. Recording never stands between
 * a member and their answer: a failed write is logged and the answer goes out without vote buttons.
 */
import { questionKey } from '../report/questionKey.js';
import type { Answer, Quote } from '../types.js';
import type { BotContext } from './context.js';

/** Where a question was asked and by whom: an interaction, or a message that mentions the bot. */
export interface AskedIn {
  guildId: string | null;
  channelId: string | null;
  user: { id: string };
}

/** `shown`: the quotes the member saw. Returns the question's id, or undefined when it could not be recorded. */
export async function recordQuestion(asked: AskedIn, ctx: BotContext, answer: Answer, shown: Quote[]): Promise<number | undefined> {
  try {
    return await ctx.store.recordQuestion({
      guildId: asked.guildId,
      channelId: asked.channelId,
      askedAt: Date.now(),
      askerHash: ctx.hashUser(asked.user.id),
      question: answer.question,
      questionKey: questionKey(answer.question),
      answered: answer.answered,
      confidence: Number.isFinite(answer.confidence) ? answer.confidence : null,
      topScore: answer.quotes[0]?.answerProbability ?? null,
      // What the member saw as the answer or as the closest passages; nothing when nothing answers.
      cited:
        answer.level !== 'none'
          ? shown.map((q) => ({
              source: q.source,
              title: q.title,
              paragraph: q.paragraph,
              start: q.start,
              end: q.end,
              text: q.text,
              highlight: q.highlight,
              answerProbability: q.answerProbability,
              answers: q.answers,
            }))
          : [],
    });
  } catch (error) {
    ctx.log.error({ err: error }, 'Could not record a question; answering without vote buttons');
    return undefined;
  }
}
