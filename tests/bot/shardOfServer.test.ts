import { expect, test } from 'vitest';
import { restartDelay } from '../../src/bot/restartDelay.js';
import { shardOfServer } from '../../src/bot/shardOfServer.js';

test("a server belongs to the shard its id's timestamp (the bits above the low 22) falls on, modulo the shard count", () => {
  // Timestamp 5, worker/sequence bits set: those must not count.
  const id = String((5n << 22n) | 0x3fffffn);
  expect(shardOfServer(id, 1)).toBe(0);
  expect(shardOfServer(id, 2)).toBe(1);
  expect(shardOfServer(id, 4)).toBe(1);
  expect(shardOfServer(id, 5)).toBe(0);
  // A real-sized id (beyond 2^53): exact, not rounded through a float.
  expect(shardOfServer(String((9_007_199_254_740_993n << 22n) + 1n), 64)).toBe(1);
});

test('a dead shard is restarted after 1 s, then twice as long each time it dies again, never more than 5 min', () => {
  expect([1, 2, 3, 4].map(restartDelay)).toEqual([1000, 2000, 4000, 8000]);
  expect(restartDelay(9)).toBe(256_000);
  expect(restartDelay(10)).toBe(300_000);
  expect(restartDelay(1000)).toBe(300_000);
});
