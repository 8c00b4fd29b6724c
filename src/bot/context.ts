/** What every command and button handler receives: the engine in service and the shared guards. */
import type { EngineSource } from '../answer/openEngine.js';
import type { Logger } from '../log.js';
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
}
