import { describe, expect, test } from 'vitest';
import { createAnswerSessions } from '../../src/bot/components/answerSessions.js';
import { createConcurrencyLimit } from '../../src/bot/concurrency.js';
import { createCooldown } from '../../src/bot/cooldown.js';
import { ConfigError, loadBotConfig } from '../../src/config.js';

describe('cooldown', () => {
  test('allows max questions per sliding window, then says when to come back', () => {
    let now = 0;
    const cooldown = createCooldown({ max: 5, windowMs: 30_000, now: () => now });
    for (let i = 0; i < 5; i += 1) {
      expect(cooldown.take('a').allowed).toBe(true);
      now += 1000;
    }
    expect(cooldown.take('a')).toEqual({ allowed: false, retryAfterMs: 25_000 });
    expect(cooldown.take('b').allowed).toBe(true);
    now = 30_001;
    expect(cooldown.take('a').allowed).toBe(true);
  });
});

describe('concurrency limit', () => {
  test('never runs more than the cap at once and serves waiters first come, first served', async () => {
    const limit = createConcurrencyLimit(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (n: number) =>
      limit.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push(n);
        running -= 1;
      });
    await Promise.all(Array.from({ length: 8 }, (_, n) => task(n)));
    expect(peak).toBe(2);
    expect(order.slice(2)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(limit.active).toBe(0);
    expect(limit.waiting).toBe(0);
  });

  test('a failing task frees its slot', async () => {
    const limit = createConcurrencyLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(limit.run(() => Promise.resolve(7))).resolves.toBe(7);
  });
});

describe('answer sessions (the state behind the buttons)', () => {
  test('keep working for at least 15 minutes, then expire', () => {
    let now = 0;
    const sessions = createAnswerSessions({ now: () => now });
    const id = sessions.save({ question: 'q', options: {}, quoted: [] });
    now = 15 * 60 * 1000;
    expect(sessions.get(id)?.question).toBe('q');
    now = 61 * 60 * 1000;
    expect(sessions.get(id)).toBeUndefined();
  });

  test('drop the oldest beyond the size bound', () => {
    const sessions = createAnswerSessions({ maxEntries: 2 });
    const ids = ['a', 'b', 'c'].map((question) => sessions.save({ question, options: {}, quoted: [] }));
    expect(sessions.get(ids[0] as string)).toBeUndefined();
    expect(sessions.get(ids[2] as string)?.question).toBe('c');
  });
});

describe('bot configuration', () => {
  const required = { DISCORD_TOKEN: `${'a'.repeat(24)}.bbbbbb.${'c'.repeat(27)}`, DISCORD_CLIENT_ID: '123456789012345678' };

  test('login waits and attempts default to 30 s and 4, and a bad value names its variable', () => {
    expect(loadBotConfig(required)).toMatchObject({ discordLoginTimeoutMs: 30_000, discordLoginAttempts: 4, answerInThreads: [] });
    expect(() => loadBotConfig({ ...required, DISCORD_LOGIN_TIMEOUT_MS: '0' })).toThrow(/DISCORD_LOGIN_TIMEOUT_MS/u);
    expect(() => loadBotConfig({ ...required, DISCORD_LOGIN_ATTEMPTS: 'many' })).toThrow(/DISCORD_LOGIN_ATTEMPTS/u);
  });

  test('ANSWER_IN_THREADS is "all" or server ids', () => {
    expect(loadBotConfig({ ...required, ANSWER_IN_THREADS: 'all' }).answerInThreads).toBe('all');
    expect(loadBotConfig({ ...required, ANSWER_IN_THREADS: '300000000000000003, 300000000000000004' }).answerInThreads).toEqual([
      '300000000000000003',
      '300000000000000004',
    ]);
    expect(() => loadBotConfig({ ...required, ANSWER_IN_THREADS: 'general' })).toThrow(
      /ANSWER_IN_THREADS must be "all" or a comma-separated list/u,
    );
  });

  test('a missing or malformed token names the variable and points at .env.example and npm run ask', () => {
    expect(() => loadBotConfig({ DISCORD_CLIENT_ID: '123456789012345678' })).toThrow(ConfigError);
    expect(() => loadBotConfig({ DISCORD_CLIENT_ID: '123456789012345678' })).toThrow(
      /DISCORD_TOKEN is missing.*\.env\.example.*npm run ask/su,
    );
    expect(() => loadBotConfig({ DISCORD_TOKEN: 'abc', DISCORD_CLIENT_ID: '123456789012345678' })).toThrow(
      /DISCORD_TOKEN does not look like a bot token/u,
    );
    expect(() => loadBotConfig({ DISCORD_TOKEN: `${'a'.repeat(24)}.bbbbbb.${'c'.repeat(27)}`, DISCORD_CLIENT_ID: 'app' })).toThrow(
      /DISCORD_CLIENT_ID/u,
    );
  });
});
