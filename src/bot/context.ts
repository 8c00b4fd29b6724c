/** What every command and button handler receives: the engine in service and the shared guards. */
import type { EngineSource } from '../answer/openEngine.js';
import type { ServerCorpusChanges } from '../corpusAdmin/serverCorpusChanges.js';
import type { Logger } from '../log.js';
import type { QuestionStore } from '../store/questionStore.js';
import type { UserHasher } from '../store/userHash.js';
import type { AnswerSessions } from './components/answerSessions.js';
import type { PrivateResults } from './components/privateResults.js';
import type { ConcurrencyLimit } from './concurrency.js';
import type { Cooldown } from './cooldown.js';
import type { ThreadHistories } from './threads/threadHistories.js';

export interface BotContext {
  /** Always the latest fully loaded index (hot-reloaded after a re-ingest). */
  engineSource: EngineSource;
  cooldown: Cooldown;
  /** How many questions are answered at once, across all members. */
  questionLimit: ConcurrencyLimit;
  /** What an answer's buttons ("More", "Context", "Discuss in a thread") need after it was sent. */
  sessions: AnswerSessions;
  /** Private results a member may still post publicly. */
  privateResults: PrivateResults;
  /** The questions of each thread begun by an answer. */
  threads: ThreadHistories;
  /** Servers where every answer opens a thread. */
  answerInThreads: 'all' | string[];
  log: Logger;
  /** What the bot records: questions, what they cited, votes. */
  store: QuestionStore;
  /** Members are recorded only as this keyed hash of their id. */
  hashUser: UserHasher;
  /** Where "Send to moderators" posts; unset, the button is not offered. */
  moderatorsChannelId?: string;
  /** Each server's `/corpus add` and `remove` on its own articles, one at a time. */
  corpus: ServerCorpusChanges;
  /** The operator's CORPUS_CHANGES_FROM_DISCORD: off, `/corpus add` and `remove` are refused. */
  corpusChangesFromDiscord: boolean;
}
