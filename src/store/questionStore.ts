/**
 * What the bot learns from its use, behind a small interface: the questions asked (with what
 * was cited), members' votes on answers, and the aggregates `/report` shows. The SQLite file
 * store implements it for one machine; the PostgreSQL store takes its place when `DATABASE_URL`
 * is set, so shards on several machines share it; every method is asynchronous for its sake.
 * Members appear only as salted hashes (see `userHash.ts`).
 */
import type { Quote } from '../types.js';

/** Days are UTC days: retention, the report's window and its per-day counts all count in them. */
export const DAY_MS = 86_400_000;

/** A quote as cited in a recorded answer: enough to show it again word for word and to count its article. */
export type CitedQuote = Pick<
  Quote,
  'source' | 'title' | 'paragraph' | 'start' | 'end' | 'text' | 'highlight' | 'answerProbability' | 'answers'
>;

export interface QuestionRecord {
  /** Null outside a server (a direct message). */
  guildId: string | null;
  channelId: string | null;
  /** Milliseconds since the epoch. */
  askedAt: number;
  /** The asker's salted hash, never their id. */
  askerHash: string;
  question: string;
  /** Similar wordings share a key (see `questionKey.ts`); the report groups by it. */
  questionKey: string;
  answered: boolean;
  /** The engine's confidence, when it reports one. */
  confidence: number | null;
  /** The best quote's `answerProbability` (also set when nothing answered: the closest passage's). */
  topScore: number | null;
  /** The quotes shown as the answer, best first (none when nothing answered). */
  cited: CitedQuote[];
}

export interface StoredQuestion extends QuestionRecord {
  id: number;
}

export type Vote = 'up' | 'down';

export type VoteOutcome = 'recorded' | 'changed' | 'unchanged' | 'unknown question';

/**
 * A question labelled by a vote or a moderator's mark: the quote that answers it as it was
 * cited (source and file offsets), or null when the corpus does not answer it (as far as the
 * label says). Always of one server: the question's.
 */
export interface VotedLabel {
  questionId: number;
  question: string;
  answer: { source: string; start: number; end: number } | null;
  by: 'moderator' | 'members';
}

/** Confidence levels a server applied (`/calibrate apply`), with the scorer they were fitted with. */
export interface ServerLevels {
  answerLevel: number;
  closestLevel: number;
  scorer: string;
  /** How many labelled questions they were fitted on. */
  labelled: number;
}

export interface ReportWindow {
  guildId: string;
  /** Inclusive, in ms since the epoch. */
  since: number;
  /** Exclusive. */
  until: number;
  /** Rows per list (unanswered groups, voted-down answers, cited articles). */
  limit: number;
}

export interface UnansweredGroup {
  /** The most recent wording of the group. */
  wording: string;
  asked: number;
  /** Distinct members who asked. */
  askers: number;
  lastAskedAt: number;
}

export interface CitedSource {
  source: string;
  title: string;
  paragraph: number;
}

export interface DownvotedAnswer {
  questionId: number;
  question: string;
  askedAt: number;
  down: number;
  up: number;
  sources: CitedSource[];
}

export interface CitedArticle {
  source: string;
  title: string;
  /** Answers that quoted it. */
  answers: number;
}

export interface DayCount {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  answered: number;
  unanswered: number;
}

export interface ReportData {
  unanswered: UnansweredGroup[];
  downvoted: DownvotedAnswer[];
  cited: CitedArticle[];
  /** Only days with questions, in order. */
  days: DayCount[];
}

export interface QuestionStore {
  /** Records one question and what it cited, atomically; returns its id. */
  recordQuestion(record: QuestionRecord): Promise<number>;
  question(id: number): Promise<StoredQuestion | undefined>;
  /**
   * One vote per member per answer; a new vote replaces theirs. `quoteRank` (with 👍) names the
   * quote that answers, by its rank among the citations; 👎 says none of them does.
   */
  recordVote(questionId: number, voterHash: string, vote: Vote, at: number, quoteRank?: number): Promise<VoteOutcome>;
  /** A moderator's mark: the quote that answers (its rank), or null for "the corpus does not answer this"; replaces any earlier mark. */
  markByModerator(
    questionId: number,
    moderatorHash: string,
    quoteRank: number | null,
    at: number,
  ): Promise<'recorded' | 'unknown question'>;
  /** The server's labelled questions, one per question (see labelFromVotes.ts), oldest first. */
  labelledQuestions(guildId: string): Promise<VotedLabel[]>;
  /** The levels the server applied, or null: the index's levels hold. */
  serverLevels(guildId: string): Promise<ServerLevels | null>;
  /** Applies `levels` for the server, keeping the ones they replace (null: the index's) for `restoreServerLevels`. */
  applyServerLevels(guildId: string, levels: ServerLevels, at: number): Promise<void>;
  /** Swaps back to the levels kept before the last apply; false when there are none kept. */
  restoreServerLevels(guildId: string, at: number): Promise<boolean>;
  /** Marks that this member sent the answer to the moderators; false when they already had (or never voted it down). */
  markSentToModerators(questionId: number, voterHash: string, at: number): Promise<boolean>;
  /** Undoes the mark when the post to the moderators failed, so the member can send again. */
  clearSentToModerators(questionId: number, voterHash: string): Promise<void>;
  report(window: ReportWindow): Promise<ReportData>;
  /**
   * Deletes questions asked before `time` with their citations, votes and marks (so their
   * labels), and the per-day counts
   * of the days wholly before it (so pass the start of a day); returns how many questions.
   */
  purgeBefore(time: number): Promise<number>;
  close(): Promise<void>;
}
