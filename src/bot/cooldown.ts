/**
 * Per-user cooldown: at most `max` questions in any sliding window of `windowMs`. Pure apart
 * from the injected clock, so tests can drive time.
 */
export interface Cooldown {
  /** Records a question by `userId` if allowed; otherwise says how long to wait. */
  take(userId: string): { allowed: true } | { allowed: false; retryAfterMs: number };
}

export function createCooldown(options: { max: number; windowMs: number; now?: () => number }): Cooldown {
  const now = options.now ?? Date.now;
  const recent = new Map<string, number[]>();
  return {
    take(userId) {
      const t = now();
      const times = (recent.get(userId) ?? []).filter((at) => t - at < options.windowMs);
      if (times.length >= options.max) {
        recent.set(userId, times);
        return { allowed: false, retryAfterMs: options.windowMs - (t - (times[0] as number)) };
      }
      times.push(t);
      recent.set(userId, times);
      // Forget idle users so the map does not grow with every member who ever asked.
      if (recent.size > 10_000) for (const [id, ts] of recent) if (t - (ts.at(-1) ?? 0) >= options.windowMs) recent.delete(id);
      return { allowed: true };
    },
  };
}
