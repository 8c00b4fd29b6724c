/**
 * The generation signal on Debian's PostgreSQL (a real server: notifications cross connections).
 * The generation row is pgstore's `passage_stores` (tenant, generation), reduced to what is read.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { announceGeneration, parseGenerationNotice, watchGenerations, type GenerationSignal } from '../../src/sync/watchGenerations.js';
import { freshDatabase } from '../support/postgresServer.js';
import { testPostgresUrl } from '../support/testPostgres.js';

const SERVER_TENANT = '300000000000000003';
const serverUrl = testPostgresUrl();

const readGeneration = async (db: pg.Pool, tenant: string) =>
  (await db.query<{ generation: string }>('SELECT generation FROM passage_stores WHERE tenant = $1', [tenant])).rows.map((r) =>
    Number(r.generation),
  )[0] ?? null;

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a notice is <tenant>:<generation>; anything else on the channel is ignored', () => {
  expect(parseGenerationNotice('base:12')).toEqual({ tenant: 'base', generation: 12 });
  expect(parseGenerationNotice(`${SERVER_TENANT}:3`)).toEqual({ tenant: SERVER_TENANT, generation: 3 });
  expect(parseGenerationNotice('base')).toBeNull();
  expect(parseGenerationNotice('base:two')).toBeNull();
  expect(parseGenerationNotice(undefined)).toBeNull();
});

describe.skipIf(serverUrl === null)('the generation signal', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let pool: pg.Pool;
  let writer: pg.Client;
  let signal: GenerationSignal | undefined;
  /** What the watching process serves; the callback moves it on, as a reload would. */
  let served: Map<string, number | null>;
  let seen: Array<[string, number]>;

  const commitGeneration = async (tenant: string, generation: number, options: { announce: boolean; commit: boolean }) => {
    await writer.query('BEGIN');
    await writer.query('UPDATE passage_stores SET generation = $2 WHERE tenant = $1', [tenant, generation]);
    if (options.announce) await announceGeneration(writer, tenant, generation);
    await writer.query(options.commit ? 'COMMIT' : 'ROLLBACK');
  };
  const firstSeen = async (timeoutMs: number) => {
    const started = performance.now();
    while (seen.length === 0 && performance.now() - started < timeoutMs) await settle(10);
    return performance.now() - started;
  };
  const start = async (pollMs: number) => {
    signal = await watchGenerations(
      pool,
      { pollMs, readGeneration },
      {
        served: () => served,
        onNewGeneration: (tenant, generation) => {
          seen.push([tenant, generation]);
          served.set(tenant, generation);
        },
        onError: (error) => {
          throw error;
        },
      },
    );
  };

  beforeEach(async () => {
    database = await freshDatabase(serverUrl as string);
    pool = new pg.Pool({ connectionString: database.url });
    writer = new pg.Client({ connectionString: database.url });
    await writer.connect();
    await writer.query('CREATE TABLE passage_stores (tenant TEXT PRIMARY KEY, generation BIGINT NOT NULL)');
    await writer.query(`INSERT INTO passage_stores VALUES ('base', 1), ('${SERVER_TENANT}', 1), ('300000000000000099', 1)`);
    served = new Map([
      ['base', 1],
      [SERVER_TENANT, 1],
    ]);
    seen = [];
  });

  afterEach(async () => {
    await signal?.close();
    signal = undefined;
    await writer.end();
    await pool.end();
    await database.drop();
  });

  test('LISTEN/NOTIFY across connections: a committed generation arrives at once, a rolled-back one never, another tenant is not ours', async () => {
    // Polling far slower than the test: whatever arrives came by notification.
    await start(60_000);
    await writer.query('BEGIN');
    await writer.query("UPDATE passage_stores SET generation = 2 WHERE tenant = 'base'");
    await announceGeneration(writer, 'base', 2);
    await settle(200);
    // Not before the commit: a reader reloading now would still read generation 1.
    expect(seen).toEqual([]);
    await writer.query('COMMIT');
    const ms = await firstSeen(2000);
    expect(seen).toEqual([['base', 2]]);
    expect(ms).toBeLessThan(1000);

    await commitGeneration(SERVER_TENANT, 7, { announce: true, commit: false });
    await commitGeneration('300000000000000099', 4, { announce: true, commit: true });
    // The generation served already: nothing to reload.
    await announceGeneration(writer, 'base', 2);
    await settle(300);
    expect(seen).toEqual([['base', 2]]);
  });

  test('polling the generation row finds a generation committed without a notification, once', async () => {
    await start(100);
    await commitGeneration(SERVER_TENANT, 5, { announce: false, commit: true });
    await firstSeen(3000);
    await settle(350);
    expect(seen).toEqual([[SERVER_TENANT, 5]]);
  });

  test('where LISTEN is refused (a pooler in transaction mode), its connection goes back and polling still finds new generations', async () => {
    const errors: unknown[] = [];
    // The real pool, but every connection it lends refuses LISTEN.
    const refusingListen = {
      connect: async () => {
        const client = await pool.connect();
        const query = client.query.bind(client) as (text: string) => Promise<unknown>;
        return Object.assign(client, {
          query: (text: string) => (text.startsWith('LISTEN') ? Promise.reject(new Error('LISTEN is not supported')) : query(text)),
        });
      },
    } as unknown as pg.Pool;
    signal = await watchGenerations(
      refusingListen,
      { pollMs: 100, readGeneration: (_db, tenant) => readGeneration(pool, tenant) },
      {
        served: () => served,
        onNewGeneration: (tenant, generation) => {
          seen.push([tenant, generation]);
          served.set(tenant, generation);
        },
        onError: (error) => errors.push(error),
      },
    );
    await commitGeneration(SERVER_TENANT, 6, { announce: true, commit: true });
    await firstSeen(3000);
    expect(seen).toEqual([[SERVER_TENANT, 6]]);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(pool.totalCount - pool.idleCount).toBe(0);
  });

  test('closed: nothing more is reported, and its connection is back in the pool', async () => {
    await start(100);
    expect(pool.totalCount - pool.idleCount).toBe(1);
    await signal?.close();
    signal = undefined;
    await commitGeneration('base', 9, { announce: true, commit: true });
    await settle(350);
    expect(seen).toEqual([]);
    expect(pool.totalCount - pool.idleCount).toBe(0);
  });
});
