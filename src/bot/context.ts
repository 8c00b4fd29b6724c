/** What every command and button handler receives: the engine in service and the shared guards. */
import type { EngineSource } from '../answer/openEngine.js';
import type { CorpusChanges } from '../corpusAdmin/corpusChanges.js';
import type { Logger } from '../log.js';
import type { QuestionStore } from '../store/questionStore.js';
import type { UserHasher } from '../store/userHash.js';
import type { AnswerSessions } from './components/answerSessions.js';
import type { ConcurrencyLimit } from './concurrency.js';
import type { Cooldown } from './cooldown.js';

export interface BotContext {
  /** Always the latest fully loaded index (hot-reloaded after a re-ingest). */
  engines: EngineSource;
  cooldown: Cooldown;
  queries: ConcurrencyLimit;
  sessions: AnswerSessions;
  log: Logger;
  /** What the bot records: questions, what they cited, votes. */
  store: QuestionStore;
  /** Members are recorded only as this keyed hash of their id. */
  hashUser: UserHasher;
  /** Where "Send to moderators" posts; unset, the button is not offered. */
  moderatorsChannelId?: string;
  /** `/corpus add` and `remove`, one at a time. */
  corpus: CorpusChanges;
}
