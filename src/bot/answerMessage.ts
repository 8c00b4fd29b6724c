/**
 * Answers as Discord messages, without side effects: a page of quote embeds and the buttons
 * that go with it, the closest passages, `/quote`'s block, and the notice for a `source` that
 * names no article or several. Every id a button carries (the question recorded, the session
 * and the private result remembered) is made by `answerQuestion` before and passed in.
 */
import type { APIEmbed } from 'discord.js';
import type { UnknownSourceError } from '../answer/openEngine.js';
import { renderAnswerEmbeds, renderQuoteBlock } from '../render/discord.js';
import { inert } from '../render/inert.js';
import { NOT_FOUND_HEADING } from '../render/terminal.js';
import type { Answer, Quote } from '../types.js';
import { answerButtonRow } from './components/answerButtons.js';
import { publishButtonRow, threadButtonRow } from './components/shareButtons.js';
import { voteMenu } from './components/voteMenu.js';
import type { ReplyData } from './reply.js';

/** Quotes per message: five embeds of passages stay readable and inside the 6,000-character total. */
export const QUOTES_PER_PAGE = 4;

/** An ambiguous name lists at most this many articles, each cut to this length: a message has 2,000 characters. */
const CANDIDATES_SHOWN = 10;
const CANDIDATE_NAME_MAX = 150;

/** One page of an answer asked for one quote more than it shows, to tell whether "More" would find any. */
export interface AnswerPage {
  answer: Answer;
  /** The quotes shown, numbered from `offset + 1`. */
  shown: Quote[];
  offset: number;
  embeds: APIEmbed[];
  /** Quotes are shown: answers, or closest passages that may not answer; "nothing answers" shows none. */
  showsQuotes: boolean;
  hasMore: boolean;
}

export function answerPage(answer: Answer, label: string, offset: number): AnswerPage {
  const shown = answer.quotes.slice(0, QUOTES_PER_PAGE);
  return {
    answer,
    shown,
    offset,
    embeds: renderAnswerEmbeds({ ...answer, quotes: shown }, { label, firstNumber: offset + 1 }),
    showsQuotes: answer.level !== 'none' && shown.length > 0,
    hasMore: answer.quotes.length > QUOTES_PER_PAGE,
  };
}

/** What the flow recorded and remembered for a page; each button is offered only when its id exists. */
export interface PageIds {
  /** The question on record: its page of quotes gets the vote menu. */
  questionId?: number;
  /** The session behind "More", "Context" and "Discuss in a thread". */
  sessionId?: string;
  /** The page itself, private, for "Post publicly". */
  privateResultId?: string;
}

/**
 * The page as a message: quotes get "More"/"Context", a private page "Post publicly", a public
 * one "Discuss in a thread" when `discuss` is set, and recorded quotes the vote menu (which
 * passage answers). "Nothing answers" gets only the thread, where the question can be put another way.
 */
export function answerMessage(page: AnswerPage, form: { ephemeral: boolean; discuss: boolean }, ids: PageIds): ReplyData {
  const { sessionId, privateResultId, questionId } = ids;
  const quoteButtons =
    page.showsQuotes && sessionId !== undefined ? [answerButtonRow(sessionId, page.offset, page.shown.length, page.hasMore)] : [];
  const share =
    privateResultId !== undefined
      ? [publishButtonRow(privateResultId)]
      : !form.ephemeral && form.discuss && sessionId !== undefined
        ? [threadButtonRow(sessionId)]
        : [];
  // Votes on what was shown as an answer, or as the closest passages; not on "nothing answers".
  const feedback = page.showsQuotes && questionId !== undefined ? [voteMenu(questionId, page.shown.length)] : [];
  return { embeds: page.embeds, components: [...quoteButtons, ...share, ...feedback], ephemeral: form.ephemeral };
}

/** The closest passages, remembered as `privateResultId`, for the asker alone (who may post them). */
export const closestPassagesMessage = (embeds: APIEmbed[], privateResultId: string): ReplyData => ({
  embeds,
  components: [publishButtonRow(privateResultId)],
  ephemeral: true,
});

/** `/quote`: the best sentence(s) as a copy-ready block, with the vote menu once recorded. */
export const quoteMessage = (best: Quote | undefined, questionId: number | undefined): ReplyData => ({
  content: best ? renderQuoteBlock(best) : NOT_FOUND_HEADING,
  components: best && questionId !== undefined ? [voteMenu(questionId, 1)] : [],
});

/** A name that fits several articles: fixed text and the articles' names (inert), to pick one from. */
export function ambiguousSourceMessage(candidates: string[]): ReplyData {
  const fit = (source: string) => (source.length <= CANDIDATE_NAME_MAX ? source : `${source.slice(0, CANDIDATE_NAME_MAX - 1)}…`);
  const listed = candidates.slice(0, CANDIDATES_SHOWN).map((source) => `• ${inert(fit(source))}`);
  const more = candidates.length > CANDIDATES_SHOWN ? [`… and ${candidates.length - CANDIDATES_SHOWN} more`] : [];
  return {
    content: [
      `That name fits ${candidates.length} articles; give one of these as the source:`,
      ...listed,
      ...more,
      '`/sources` lists the articles.',
    ].join('\n'),
    ephemeral: true,
  };
}

/** A `source` that names no article (what the member typed, inert) or several. */
export const unknownSourceMessage = (error: UnknownSourceError): ReplyData =>
  error.candidates.length > 0
    ? ambiguousSourceMessage(error.candidates)
    : { content: `${inert(error.message)} \`/sources\` lists the articles.`, ephemeral: true };
