/**
 * A server's `/corpus add` and `remove` with DATABASE_URL set: the change goes into the server's
 * tenant in the database, the one its engine answers from (the run's PGlite).
 */
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openCorpusEngine, type EngineSource, type OpenedEngine } from '../../src/answer/openEngine.js';
import { serverEngines } from '../../src/answer/serverEngines.js';
import { serverCorpusChanges } from '../../src/corpusAdmin/serverCorpusChanges.js';
import { closeSharedPostgresPools } from '../../src/index/postgresPool.js';
import { readPostgresHead } from '../../src/index/readPostgresHead.js';
import { seedCorpus } from '../support/seedCorpus.js';
import { tempFolder } from '../support/tempFolder.js';
import { testDatabase } from '../support/testDatabase.js';
import type pg from 'pg';

const FACT = 'The lighthouse keepers of Quillan Sound rang the fog bell ninety-three times on the night of the great storm of 1907.';
const QUESTION = 'How many times did the lighthouse keepers of Quillan Sound ring the fog bell?';
/** A server id no other test file uses: the tenant is the id. */
const GUILD = `4${String(randomInt(1e9)).padStart(9, '0')}${String(Date.now()).slice(-8)}`;

let database: { url: string; pool: pg.Pool };
let base: OpenedEngine;

beforeAll(async () => {
  database = await testDatabase();
  base = await openCorpusEngine(seedCorpus().config, { log: () => undefined });
}, 120_000);

afterAll(async () => {
  await closeSharedPostgresPools();
  await database.pool.end();
});

it("in database mode, an added article is answered from the server's tenant, and a removed one is no longer quoted", async () => {
  const config = { ...seedCorpus().config, dataDir: path.join(tempFolder('pgcorpus'), 'data'), databaseUrl: database.url };
  const servers = serverEngines(
    { ...config, corpusScope: 'both' },
    () => base,
    () => undefined,
  );
  const engines: EngineSource = { current: () => base, forServer: (id) => servers.forServer(id), close: async () => undefined };
  const changes = serverCorpusChanges({ ...config, engines, log: () => undefined, reloadTimeoutMs: 5000 }).forServer(GUILD);
  const quoted = async () => (await (await servers.forServer(GUILD)).ask(QUESTION)).quotes.map((q) => q.text).join('\n');

  const added = await changes.add('quillan.md', Buffer.from(`Quillan Sound\n\n${FACT}\n`));
  expect(added).toMatchObject({ kind: 'added', source: 'corpus/quillan.md', title: 'Quillan Sound', live: true });
  expect((await readPostgresHead(database.pool, GUILD))?.generation).toBe(1);
  expect(await quoted()).toContain('ninety-three times');
  expect(await changes.status()).toMatchObject({ articles: 1, passages: 1 });

  const removed = await changes.remove('server:corpus/quillan.md');
  expect(removed).toMatchObject({ kind: 'removed', source: 'corpus/quillan.md', live: true });
  expect((await readPostgresHead(database.pool, GUILD))?.generation).toBe(2);
  expect(await quoted()).not.toContain('ninety-three');
}, 120_000);
