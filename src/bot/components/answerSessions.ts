/**
 * What the "More" and "Context" buttons of an answer need after the answer was sent: the
 * question and the quotes shown so far. Kept in memory for an hour (Discord's buttons must
 * keep working for at least 15 minutes), oldest dropped first beyond a fixed count.
 */
import type { AskOptions } from '../../answer/engine.js';
import { createExpiringStore } from '../expiringStore.js';
import type { AskContext } from '../threads/askContext.js';

export interface QuotedPlace {
  source: string;
  paragraph: number;
}

export interface AnswerSession {
  question: string;
  options: Pick<AskOptions, 'source'>;
  /** Quotes by rank (0-based, across "More" pages), for the "Context" buttons. */
  quoted: QuotedPlace[];
  /** The thread context the question was asked with, so "More" asks the same way. */
  context?: AskContext;
}

export interface AnswerSessions {
  save(session: AnswerSession): string;
  get(id: string): AnswerSession | undefined;
}

export const SESSION_TTL_MS = 60 * 60 * 1000;

export function createAnswerSessions(options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}): AnswerSessions {
  const store = createExpiringStore<AnswerSession>({
    ttlMs: options.ttlMs ?? SESSION_TTL_MS,
    maxEntries: options.maxEntries ?? 5000,
    now: options.now,
  });
  return { save: (session) => store.add(session), get: (id) => store.get(id) };
}
