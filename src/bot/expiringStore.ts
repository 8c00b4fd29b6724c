/**
 * A bounded in-memory store whose entries expire: what buttons and threads need after a
 * message was sent. Entries live `ttlMs` after their last save; beyond `maxEntries` the oldest
 * go first, so no member can grow the bot's memory without bound.
 */
import { randomBytes } from 'node:crypto';

export interface ExpiringStore<T> {
  /** Stores `value` under a new random id (short enough for a button's custom id). */
  add(value: T): string;
  /** Stores `value` under `id`, replacing what was there and renewing its time. */
  set(id: string, value: T): void;
  get(id: string): T | undefined;
}

export function createExpiringStore<T>(options: { ttlMs: number; maxEntries: number; now?: () => number }): ExpiringStore<T> {
  const now = options.now ?? Date.now;
  // Insertion order is age order, so the first entries are the oldest.
  const entries = new Map<string, { value: T; savedAt: number }>();
  const set = (id: string, value: T) => {
    entries.delete(id);
    entries.set(id, { value, savedAt: now() });
    for (const [oldId, entry] of entries) {
      if (entries.size <= options.maxEntries && now() - entry.savedAt < options.ttlMs) break;
      entries.delete(oldId);
    }
  };
  return {
    add(value) {
      const id = randomBytes(6).toString('base64url');
      set(id, value);
      return id;
    },
    set,
    get(id) {
      const entry = entries.get(id);
      if (!entry || now() - entry.savedAt >= options.ttlMs) return undefined;
      return entry.value;
    },
  };
}
