/**
 * What the bot remembers of each thread begun by one of its answers: the questions asked there
 * and the articles each answer cited. In memory, for a day after the thread's last question
 * and for a bounded number of threads; after a restart a thread's follow-ups are answered on
 * their own until someone asks again.
 */
import { createExpiringStore } from '../expiringStore.js';

export interface AskedInThread {
  question: string;
  /** Sources the answer cited, best first. */
  cited: string[];
  at: number;
}

export interface ThreadHistories {
  /** Marks `threadId` as begun by the answer to `first`. */
  begin(threadId: string, first: AskedInThread): void;
  /** Records a follow-up; ignored for a thread the bot did not begin (or has forgotten). */
  add(threadId: string, asked: AskedInThread): void;
  /** The thread's questions, oldest first; undefined when the bot did not begin it. */
  get(threadId: string): readonly AskedInThread[] | undefined;
}

export const THREAD_MEMORY_MS = 24 * 60 * 60 * 1000;
/** Questions kept per thread: more than the context ever uses, few enough to stay small. */
const KEPT_PER_THREAD = 10;

export function createThreadHistories(options: { ttlMs?: number; maxThreads?: number; now?: () => number } = {}): ThreadHistories {
  const store = createExpiringStore<AskedInThread[]>({
    ttlMs: options.ttlMs ?? THREAD_MEMORY_MS,
    maxEntries: options.maxThreads ?? 2000,
    now: options.now,
  });
  return {
    begin(threadId, first) {
      store.set(threadId, [first]);
    },
    add(threadId, asked) {
      const history = store.get(threadId);
      if (history) store.set(threadId, [...history, asked].slice(-KEPT_PER_THREAD));
    },
    get: (threadId) => store.get(threadId),
  };
}
