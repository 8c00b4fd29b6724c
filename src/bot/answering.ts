/**
 * The steps every question-answering interaction shares (`/ask`, `/quote`, "Find in corpus",
 * "More"): the per-user cooldown, the global concurrency cap, and the answer message with its
 * buttons.
 */
import type { RepliableInteraction } from 'discord.js';
import type { AskOptions } from '../answer/engine.js';
import { UnknownSourceError } from '../answer/openEngine.js';
import { serverLevelsInForce } from '../answer/serverLevelsInForce.js';
import { renderAnswerEmbeds, renderClosestEmbeds } from '../render/discord.js';
import { inert } from '../render/inert.js';
import type { Answer } from '../types.js';
import { answerButtonRow } from './components/answerButtons.js';
import { publishButtonRow, threadButtonRow } from './components/shareButtons.js';
import { voteMenu } from './components/voteMenu.js';
import type { AnswerSession } from './components/answerSessions.js';
import type { BotContext } from './context.js';
import { recordQuestion, type AskedIn } from './recordQuestion.js';
import { sendReply, type ReplyData } from './reply.js';
import type { AskContext } from './threads/askContext.js';

/** Quotes per message: five embeds of passages stay readable and inside the 6,000-character total. */
const QUOTES_PER_PAGE = 4;

/**
 * Records a question against the user's cooldown; when they are over it, tells them (only
 * them) when to try again and returns false.
 */
export async function admitQuestion(interaction: RepliableInteraction, ctx: BotContext): Promise<boolean> {
  const verdict = ctx.cooldown.take(interaction.user.id);
  if (verdict.allowed) return true;
  const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
  await sendReply(interaction, {
    content: `You are asking quickly: please wait ${seconds} s before the next question, so everyone gets a turn.`,
    ephemeral: true,
  });
  return false;
}

/**
 * Asks the engine in service, behind the global concurrency cap, at the levels of the server
 * asked in (`guildId`; null in a direct message). `context` (a thread's earlier questions and
 * cited articles) is plain data the engine weighs (see `AskContext`).
 */
export async function askCorpus(ctx: BotContext, guildId: string | null, question: string, options: AskOptions, context?: AskContext): Promise<Answer> {
  const engine = ctx.engineSource.current();
  const { levels } = serverLevelsInForce(engine, guildId === null ? null : ctx.store.serverLevels(guildId));
  return ctx.questionLimit.run(() => engine.ask(question, { ...options, levels, ...(context ? { context } : {}) }));
}

/** One page of quotes, and one more to tell whether a "More" page would have any. */
export function askForPage(ctx: BotContext, guildId: string | null, question: string, options: Pick<AskOptions, 'source' | 'offset'>, context?: AskContext): Promise<Answer> {
  return askCorpus(ctx, guildId, question, { ...options, k: QUOTES_PER_PAGE + 1 }, context);
}

export const unknownSourceReply = (error: UnknownSourceError): ReplyData => ({
  // The message repeats what the user typed as the source.
  content: `${inert(error.message)} \`/sources\` lists the articles.`,
  ephemeral: true,
});

/**
 * The answer (as `askForPage` returns it) as a message: a page of quote embeds and the buttons
 * ("More", offered only when another quote exists, continues from `offset`; "Context" opens
 * each quote's paragraph), remembered in a session for the buttons. A private page can be posted
 * publicly; a public one offers "Discuss in a thread" when `discuss` is set. With `recordFor` (a new
 * question, not a further page), the question and the quotes shown are recorded, and a page of
 * quotes gets the vote menu (which passage answers).
 */
export function answerReply(
  ctx: BotContext,
  answer: Answer,
  page: { session: AnswerSession; sessionId?: string; offset: number; label: string; ephemeral: boolean; discuss?: boolean; recordFor?: AskedIn },
): ReplyData {
  const shown = { ...answer, quotes: answer.quotes.slice(0, QUOTES_PER_PAGE) };
  const questionId = page.recordFor && recordQuestion(page.recordFor, ctx, answer, shown.quotes);
  // Votes on what was shown as an answer, or as the closest passages; not on "nothing answers".
  const feedback = questionId === undefined || answer.level === 'none' || shown.quotes.length === 0 ? [] : [voteMenu(questionId, shown.quotes.length)];
  const embeds = renderAnswerEmbeds(shown, { label: page.label, firstNumber: page.offset + 1 });
  // Quotes shown (answers, or closest passages that may not answer) get the quote buttons; "nothing
  // answers" only the thread, where the question can be put another way.
  if (answer.level === 'none' || shown.quotes.length === 0) {
    const discuss = !page.ephemeral && page.discuss ? [threadButtonRow(page.sessionId ?? ctx.sessions.save(page.session))] : [];
    return { embeds, components: [...discuss, ...feedback], ephemeral: page.ephemeral };
  }
  shown.quotes.forEach((quote, i) => {
    page.session.quoted[page.offset + i] = { source: quote.source, paragraph: quote.paragraph };
  });
  const sessionId = page.sessionId ?? ctx.sessions.save(page.session);
  const hasMore = answer.quotes.length > QUOTES_PER_PAGE;
  return {
    embeds,
    components: [
      answerButtonRow(sessionId, page.offset, shown.quotes.length, hasMore),
      ...(page.ephemeral ? [publishButtonRow(ctx, embeds)] : page.discuss ? [threadButtonRow(sessionId)] : []),
      ...feedback,
    ],
    ephemeral: page.ephemeral,
  };
}

/** When nothing is close enough to show in public: the closest passages, labelled as not answers, for the asker alone (who may post them). */
export function closestPassagesReply(ctx: BotContext, answer: Answer): ReplyData | null {
  if (answer.level !== 'none' || answer.quotes.length === 0) return null;
  const embeds = renderClosestEmbeds(answer);
  return { embeds, components: [publishButtonRow(ctx, embeds)], ephemeral: true };
}
