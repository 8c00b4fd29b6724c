/**
 * The PostgreSQL ingest's commit, on the run's PGlite. PGlite delivers a NOTIFY only to the
 * connection that sent it, so the announce is heard on the ingest's own pooled connection here;
 * crossing connections is tested on Debian's PostgreSQL (tests/sync/watchGenerations.test.ts).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { beforeAll, expect, it } from 'vitest';
import { createEmbedder, type Embedder } from '../../src/embedding/embedder.js';
import { OFFLINE_MODEL } from '../../src/embedding/profiles.js';
import { ingestIntoPostgres } from '../../src/index/postgresIngest.js';
import { openPostgresStore } from '../../src/index/postgresStore.js';
import { tempFolder } from '../support/tempFolder.js';
import { MODEL_CACHE_DIR } from '../support/testConfig.js';
import { testDatabase, testTenant } from '../support/testDatabase.js';

let url: string;
let embedder: Embedder;

beforeAll(async () => {
  const database = await testDatabase();
  url = database.url;
  await database.pool.end();
  embedder = await createEmbedder({ model: OFFLINE_MODEL, cacheDir: MODEL_CACHE_DIR, hubTimeoutMs: 100 });
}, 120_000);

const corpusWith = async (text: string) => {
  const root = tempFolder('pgingest');
  await mkdir(path.join(root, 'corpus'), { recursive: true });
  await writeFile(path.join(root, 'corpus', 'bells.txt'), text);
  return { root, corpusDir: path.join(root, 'corpus') };
};

it('announces each committed generation as <tenant>:<generation> on verbatim_generation', async () => {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    // The connection the ingest will take: the pool hands out the idle connection released last.
    const listener = await pool.connect();
    const heard: string[] = [];
    listener.on('notification', (message) => heard.push(`${message.channel} ${message.payload}`));
    await listener.query('listen verbatim_generation');
    listener.release();
    const tenant = testTenant('announce');
    const { root, corpusDir } = await corpusWith('Bells\n\nThe harbour bell of Quillan rang at dawn and at dusk.\n');
    await ingestIntoPostgres({ pool, tenant, corpusDir, projectRoot: root, embedder });
    await writeFile(path.join(corpusDir, 'more.txt'), 'More bells\n\nThe chapel bell of Quillan rang only on Sundays.\n');
    await ingestIntoPostgres({ pool, tenant, corpusDir, projectRoot: root, embedder });
    expect(heard).toEqual([`verbatim_generation ${tenant}:1`, `verbatim_generation ${tenant}:2`]);
  } finally {
    await pool.end();
  }
}, 60_000);

it('plans again when another ingest of the tenant committed while it was embedding', async () => {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  try {
    const tenant = testTenant('race');
    const { root, corpusDir } = await corpusWith('Bells\n\nThe harbour bell of Quillan rang at dawn and at dusk.\n');
    await ingestIntoPostgres({ pool, tenant, corpusDir, projectRoot: root, embedder });
    // Another folder of the same tenant, without bells.txt: its ingest removes that article.
    const other = await corpusWith('');
    await rm(path.join(other.corpusDir, 'bells.txt'));
    await writeFile(path.join(other.corpusDir, 'gulls.txt'), 'Gulls\n\nThe gulls of Quillan nest on the harbour wall.\n');
    await writeFile(path.join(corpusDir, 'more.txt'), 'More bells\n\nThe chapel bell of Quillan rang only on Sundays.\n');
    let raced = false;
    // The first embedding of this ingest (more.txt, planned with bells.txt unchanged) lets the other ingest commit first.
    const racing: Embedder = {
      ...embedder,
      async embedPassages(texts) {
        if (!raced) {
          raced = true;
          await ingestIntoPostgres({ pool, tenant, corpusDir: other.corpusDir, projectRoot: other.root, embedder });
        }
        return embedder.embedPassages(texts);
      },
    };
    const summary = await ingestIntoPostgres({ pool, tenant, corpusDir, projectRoot: root, embedder: racing });
    expect(raced).toBe(true);
    expect(summary.generation).toBe(3);
    const store = await openPostgresStore(pool, tenant);
    expect(store.articles.map((a) => a.source)).toEqual(['corpus/bells.txt', 'corpus/more.txt']);
  } finally {
    await pool.end();
  }
}, 60_000);
