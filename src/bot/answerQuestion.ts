/**
 * The one answer flow of the bot: `/ask`, `/quote`, "Find in corpus", "More" and questions
 * asked by mention each adapt their input to a `QuestionAsked` and an `AnswerOutlet`, and the
 * steps run here, in this order: cooldown, acknowledge, conversation context, ask (behind the
 * concurrency limit, at the server's levels), record, remember for the buttons, reply, and
 * what follows the reply (the thread, the closest passages). A new step has one place to go.
 */
import type { APIEmbed, Message, TextBasedChannel } from 'discord.js';
import type { AskOptions } from '../answer/engine.js';
import { UnknownSourceError } from '../answer/openEngine.js';
import { serverLevelsInForce } from '../answer/serverLevelsInForce.js';
import { renderClosestEmbeds } from '../render/discord.js';
import type { Answer } from '../types.js';
import {
  answerMessage,
  answerPage,
  closestPassagesMessage,
  QUOTES_PER_PAGE,
  quoteMessage,
  unknownSourceMessage,
  type AnswerPage,
  type PageIds,
} from './answerMessage.js';
import type { AnswerSession } from './components/answerSessions.js';
import { closestButtonRow } from './components/shareButtons.js';
import type { BotContext } from './context.js';
import { recordQuestion, type AskedIn } from './recordQuestion.js';
import type { ReplyData } from './reply.js';
import type { AskContext } from './threads/askContext.js';
import { conversationAt, type Conversation } from './threads/conversation.js';

export const NO_FURTHER_QUOTES = 'There are no further quotes for this question.';

/**
 * How the answer is shown. `page`: quote embeds with buttons, under `label`; the closest
 * passages, when nothing answers, follow privately (`follow-up`), wait behind a button where
 * nothing can be private (`button`, a mention) or are not offered (`none`). `quote`: `/quote`'s block.
 */
export type AnswerForm = { kind: 'page'; label: string; ephemeral: boolean; closest: 'follow-up' | 'button' | 'none' } | { kind: 'quote' };

export interface QuestionAsked {
  /** Who asks, in which server and channel: the cooldown's key, the levels' server, the record's place. */
  asker: AskedIn;
  question: string;
  source?: string;
  /**
   * The channel asked in, for a thread's context and the "Discuss in a thread" offer; omitted,
   * the question stands alone ("Find in corpus").
   */
  conversationIn?: TextBasedChannel | null;
  /** A further page ("More") of an answer given before: asked as it was, not recorded again. */
  continues?: { sessionId: string; session: AnswerSession; offset: number };
  form: AnswerForm;
}

/** Where the answer goes: an interaction or a member's message (the thin adapters). */
export interface AnswerOutlet {
  /** Tells the asker they are asking too quickly. */
  refuseForCooldown(retryAfterMs: number): Promise<void>;
  /** Shows that an answer is coming, before the search: a deferred reply, a typing indicator. */
  acknowledge(): Promise<void>;
  /** Sends the answer; returns how to fetch the message sent, from which a thread may begin. */
  reply(data: ReplyData): Promise<() => Promise<Message>>;
  /** Sends a further message only the asker sees; absent where nothing is private. */
  followUp?: (data: ReplyData) => Promise<void>;
}

/** A question asked outside any conversation: no context, no thread to begin or offer. */
const standingAlone: Conversation = { context: undefined, offerThread: false, answered: async () => undefined };

/**
 * Asks the engine of the server asked in (its corpora, see serverEngines.ts; the base in a
 * direct message), behind the concurrency limit, at that server's levels.
 */
async function askCorpus(ctx: BotContext, guildId: string | null, question: string, options: AskOptions): Promise<Answer> {
  const engine = await ctx.engineSource.forServer(guildId);
  const { levels } = serverLevelsInForce(engine, guildId === null ? null : await ctx.store.serverLevels(guildId));
  return ctx.questionLimit.run(() => engine.ask(question, { ...options, levels }));
}

function askOptions(asked: QuestionAsked, context: AskContext | undefined): AskOptions {
  // A page asks for one quote more than it shows, to tell whether "More" would find any.
  const k = asked.form.kind === 'quote' ? 1 : QUOTES_PER_PAGE + 1;
  const source = asked.continues?.session.options.source ?? asked.source;
  const asContext = asked.continues?.session.context ?? context;
  return {
    k,
    ...(source === undefined ? {} : { source }),
    ...(asked.continues ? { offset: asked.continues.offset } : {}),
    ...(asContext ? { context: asContext } : {}),
  };
}

export async function answerQuestion(ctx: BotContext, asked: QuestionAsked, outlet: AnswerOutlet): Promise<void> {
  const verdict = ctx.cooldown.take(asked.asker.user.id);
  if (!verdict.allowed) return outlet.refuseForCooldown(verdict.retryAfterMs);
  await outlet.acknowledge();
  const conversation =
    asked.conversationIn === undefined
      ? standingAlone
      : await conversationAt(ctx, asked.conversationIn, asked.asker.guildId, asked.question);
  let answer: Answer;
  try {
    answer = await askCorpus(ctx, asked.asker.guildId, asked.question, askOptions(asked, conversation.context));
  } catch (error) {
    if (!(error instanceof UnknownSourceError)) throw error;
    await outlet.reply(unknownSourceMessage(error));
    return;
  }
  if (asked.form.kind === 'quote') {
    const best = answer.answered ? answer.quotes[0] : undefined;
    await outlet.reply(quoteMessage(best, await recordQuestion(asked.asker, ctx, answer, best ? [best] : [])));
    return;
  }
  const { form } = asked;
  if (asked.continues && (answer.quotes.length === 0 || !answer.answered)) {
    await outlet.reply({ content: NO_FURTHER_QUOTES });
    return;
  }
  const page = answerPage(answer, form.label, asked.continues?.offset ?? 0);
  const questionId = asked.continues ? undefined : await recordQuestion(asked.asker, ctx, answer, page.shown);
  const ids = rememberPage(ctx, asked, page, { ephemeral: form.ephemeral, discuss: conversation.offerThread }, conversation.context);
  const closest = form.closest !== 'none' && answer.level === 'none' && answer.quotes.length > 0 ? rememberClosest(ctx, answer) : undefined;
  const message = answerMessage(page, { ephemeral: form.ephemeral, discuss: conversation.offerThread }, { ...ids, questionId });
  if (closest && form.closest === 'button') message.components = [...(message.components ?? []), closestButtonRow(closest.privateResultId)];
  const sent = await outlet.reply(message);
  await conversation.answered(answer, sent);
  if (closest && form.closest === 'follow-up') await outlet.followUp?.(closestPassagesMessage(closest.embeds, closest.privateResultId));
}

/** When nothing answers: the closest passages, labelled as not answers, kept for whoever may see them. */
function rememberClosest(ctx: BotContext, answer: Answer): { embeds: APIEmbed[]; privateResultId: string } {
  const embeds = renderClosestEmbeds(answer);
  return { embeds, privateResultId: ctx.privateResults.remember(embeds) };
}

/**
 * What the buttons will need once the page is sent: the session (the question and the quotes
 * shown so far, for "More", "Context" and "Discuss in a thread") and, for a private page, the
 * page itself (for "Post publicly"). Only what the page offers is kept.
 */
function rememberPage(
  ctx: BotContext,
  asked: QuestionAsked,
  page: AnswerPage,
  form: { ephemeral: boolean; discuss: boolean },
  context: AskContext | undefined,
): Omit<PageIds, 'questionId'> {
  const offersThread = !form.ephemeral && form.discuss;
  if (!page.showsQuotes && !offersThread) return {};
  const session: AnswerSession = asked.continues?.session ?? {
    question: asked.question,
    options: asked.source === undefined ? {} : { source: asked.source },
    quoted: [],
    ...(context ? { context } : {}),
  };
  if (page.showsQuotes) {
    page.shown.forEach((quote, i) => {
      session.quoted[page.offset + i] = { source: quote.source, paragraph: quote.paragraph };
    });
  }
  const sessionId = asked.continues?.sessionId ?? ctx.sessions.save(session);
  return page.showsQuotes && form.ephemeral ? { sessionId, privateResultId: ctx.privateResults.remember(page.embeds) } : { sessionId };
}
