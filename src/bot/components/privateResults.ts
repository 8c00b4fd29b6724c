/**
 * Results only their asker saw ("Find in corpus", the closest passages, "More", "Context"),
 * kept for a while so "Post publicly" and "Closest passages" can still show them.
 */
import type { APIEmbed } from 'discord.js';
import { createExpiringStore } from '../expiringStore.js';
import { SESSION_TTL_MS } from './answerSessions.js';

export interface PrivateResult {
  embeds: APIEmbed[];
  posted: boolean;
}

export interface PrivateResults {
  /** Keeps `embeds`, not yet posted; returns the id the buttons carry. */
  remember(embeds: APIEmbed[]): string;
  get(id: string): PrivateResult | undefined;
}

/** How long a private result can still be posted: as long as the answer's own buttons work. */
export const PRIVATE_RESULT_TTL_MS = SESSION_TTL_MS;

export function createPrivateResults(): PrivateResults {
  // Each holds up to 6,000 characters of embeds: 2,000 of them stay under about 25 MB.
  const store = createExpiringStore<PrivateResult>({ ttlMs: PRIVATE_RESULT_TTL_MS, maxEntries: 2000 });
  return { remember: (embeds) => store.add({ embeds, posted: false }), get: (id) => store.get(id) };
}
