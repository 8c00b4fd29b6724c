/**
 * What the "More" and "Context" buttons of an answer need after the answer was sent: the
 * question and the quotes shown so far. Kept in memory for an hour (Discord's buttons must
 * keep working for at least 15 minutes), oldest dropped first beyond a fixed count.
 */
import { randomBytes } from 'node:crypto';
import type { AskOptions } from '../../answer/engine.js';

export interface QuotedPlace {
  source: string;
  paragraph: number;
}

export interface AnswerSession {
  question: string;
  options: Pick<AskOptions, 'source'>;
  /** Quotes by rank (0-based, across "More" pages), for the "Context" buttons. */
  quoted: QuotedPlace[];
}

export interface AnswerSessions {
  save(session: AnswerSession): string;
  get(id: string): AnswerSession | undefined;
}

export const SESSION_TTL_MS = 60 * 60 * 1000;

export function createAnswerSessions(options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}): AnswerSessions {
  const ttlMs = options.ttlMs ?? SESSION_TTL_MS;
  const maxEntries = options.maxEntries ?? 5000;
  const now = options.now ?? Date.now;
  // Insertion order is age order, so the first entries are the oldest.
  const sessions = new Map<string, { session: AnswerSession; savedAt: number }>();
  return {
    save(session) {
      const id = randomBytes(6).toString('base64url');
      sessions.set(id, { session, savedAt: now() });
      for (const [oldId, entry] of sessions) {
        if (sessions.size <= maxEntries && now() - entry.savedAt < ttlMs) break;
        sessions.delete(oldId);
      }
      return id;
    },
    get(id) {
      const entry = sessions.get(id);
      if (!entry || now() - entry.savedAt >= ttlMs) return undefined;
      return entry.session;
    },
  };
}
