/**
 * The run's PGlite server (pgliteSetup.ts) as a pool, once it accepts connections. Test files
 * share it and run at the same time: each keeps to tenants of its own (`testTenant`).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { inject } from 'vitest';
import { postgresPool } from '../../src/index/postgresPool.js';

const READY_TIMEOUT_MS = 90_000;

export async function testDatabase(): Promise<{ url: string; pool: pg.Pool }> {
  const url = inject('databaseUrl');
  const pool = postgresPool(url);
  const started = Date.now();
  for (;;) {
    try {
      await pool.query('select 1');
      return { url, pool };
    } catch (error) {
      if (Date.now() - started > READY_TIMEOUT_MS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** A tenant no other test file uses. */
export const testTenant = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;
