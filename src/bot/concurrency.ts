/**
 * A global cap on questions answered at once. Waiting work is served first come, first
 * served, so a burst queues behind the cap instead of starving the event loop (heartbeats,
 * other users' cheap commands) or the process's memory.
 */
export interface ConcurrencyLimit {
  run<T>(work: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly waiting: number;
}

export function createConcurrencyLimit(max: number): ConcurrencyLimit {
  let active = 0;
  const queue: Array<() => void> = [];
  return {
    async run(work) {
      // A finishing task hands its slot straight to the next in line, so a newcomer cannot
      // slip in between and push the count over the cap.
      if (active >= max) await new Promise<void>((resolve) => queue.push(resolve));
      else active += 1;
      try {
        return await work();
      } finally {
        const next = queue.shift();
        if (next) next();
        else active -= 1;
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}
