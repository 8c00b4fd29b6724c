import { spawn } from 'node:child_process';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { watchEngine } from '../../src/answer/openEngine.js';
import { createCorpusEngine } from '../../src/answer/createCorpusEngine.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { createEmbedder, type Embedder } from '../../src/embedding/embedder.js';
import { openIndexStore } from '../../src/index/fileStore.js';
import { ingestIntoPostgres } from '../../src/index/postgresIngest.js';
import { BASE_TENANT } from '../../src/index/baseTenant.js';
import { openPostgresStore } from '../../src/index/postgresStore.js';
import { readPostgresGeneration } from '../../src/index/readPostgresHead.js';
import { serverCorpusOf } from '../../src/answer/serverEngines.js';
import { sourceRootOf } from '../../src/corpus/loadCorpus.js';
import { seedCorpus } from '../support/seedCorpus.js';
import { tempFolder } from '../support/tempFolder.js';
import { testDatabase, testTenant } from '../support/testDatabase.js';
import { MODEL_CACHE_DIR, testConfig } from '../support/testConfig.js';
import type pg from 'pg';

const seed = seedCorpus();
let database: { url: string; pool: pg.Pool };
let embedder: Embedder;
const baseTenant = testTenant('seed');

const ingest = (tenant: string, corpusDir: string, projectRoot: string) =>
  ingestIntoPostgres({ pool: database.pool, tenant, corpusDir, projectRoot, embedder });

beforeAll(async () => {
  database = await testDatabase();
  embedder = await createEmbedder({ model: seed.config.embeddingModel, cacheDir: MODEL_CACHE_DIR, hubTimeoutMs: 100 });
  await ingest(baseTenant, seed.config.corpusDir, seed.projectRoot);
}, 120_000);

afterAll(async () => {
  await database.pool.end();
});

interface EvalQuestion {
  question: string;
}

describe('the PostgreSQL passage store', () => {
  it('answers every seed question with the same quotes as the file index', async () => {
    const lines = (await readFile(path.join(PROJECT_ROOT, 'tests', 'eval', 'questions.jsonl'), 'utf8')).split('\n').filter(Boolean);
    const questions = lines.map((line) => (JSON.parse(line) as EvalQuestion).question);
    expect(questions).toHaveLength(83);
    const fileEngine = createCorpusEngine(await openIndexStore(seed.config.indexDir, seed.config.corpusDir), embedder);
    const pgEngine = createCorpusEngine(await openPostgresStore(database.pool, baseTenant), embedder);
    const quotesOf = (answer: Awaited<ReturnType<typeof fileEngine.ask>>) =>
      answer.quotes.map((q) => ({ source: q.source, start: q.start, end: q.end, text: q.text }));
    const differing: string[] = [];
    for (const question of questions) {
      const [fromFiles, fromDatabase] = await Promise.all([fileEngine.ask(question), pgEngine.ask(question)]);
      if (JSON.stringify([fromFiles.level, quotesOf(fromFiles)]) !== JSON.stringify([fromDatabase.level, quotesOf(fromDatabase)]))
        differing.push(question);
    }
    expect(differing).toEqual([]);
  }, 120_000);

  it('answers eight questions at once as it answers them one by one', async () => {
    const engine = createCorpusEngine(await openPostgresStore(database.pool, baseTenant), embedder);
    const questions = [
      'How many soldiers were deployed?',
      'Where was the son stationed?',
      'Which elite unit did the soldiers come from?',
      'What did the government reveal?',
      'Who is the mayor of Kursk?',
      'When were the troops sent?',
      'What does the father say?',
      'How old is the son?',
    ];
    const oneByOne = [];
    for (const question of questions) oneByOne.push(await engine.ask(question));
    expect(await Promise.all(questions.map((question) => engine.ask(question)))).toEqual(oneByOne);
  }, 60_000);

  it('a watching engine reloads when the database commits a new generation', async () => {
    const root = tempFolder('watch');
    const corpusDir = path.join(root, 'corpus');
    await mkdir(corpusDir, { recursive: true });
    await cp(path.join(seed.config.corpusDir, '000_682c3029859b1b8c.txt'), path.join(corpusDir, 'first.txt'));
    // The base tenant: this is the one test of the run that writes it.
    await ingest(BASE_TENANT, corpusDir, root);
    const watched = await watchEngine(testConfig(root, { databaseUrl: database.url }), {
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      pollMs: 100,
    });
    try {
      const before = watched.current().stats;
      expect(before.articles).toBe(1);
      await cp(path.join(seed.config.corpusDir, '001_525dc62a97b03b29.txt'), path.join(corpusDir, 'second.txt'));
      await ingest(BASE_TENANT, corpusDir, root);
      await vi.waitFor(() => expect(watched.current().stats.generation).toBe(before.generation + 1), { timeout: 20_000, interval: 100 });
      expect(watched.current().stats.articles).toBe(2);
    } finally {
      await watched.close();
    }
  }, 60_000);

  it('keeps each tenant to its own passages', async () => {
    const root = tempFolder('tenant');
    await mkdir(path.join(root, 'corpus'), { recursive: true });
    await writeFile(
      path.join(root, 'corpus', 'zanzibar.txt'),
      'Zanzibar Quillfeather Gazette\n\nThe quillfeather orchestra of Zanzibar rehearses every Thursday in the old customs house.\n',
    );
    const other = testTenant('other');
    await ingest(other, path.join(root, 'corpus'), root);
    const [base, own] = await Promise.all([openPostgresStore(database.pool, baseTenant), openPostgresStore(database.pool, other)]);
    expect(own.articles.map((a) => a.source)).toEqual(['corpus/zanzibar.txt']);
    expect(base.articles.map((a) => a.source)).not.toContain('corpus/zanzibar.txt');
    expect(base.documentFrequency('quillfeath')).toBe(0);
    expect(own.documentFrequency('quillfeath')).toBe(1);
    // The other tenant's passage is the nearest to its own text, yet the base never returns it.
    const [vector] = await embedder.embedPassages(['The quillfeather orchestra of Zanzibar rehearses every Thursday']);
    const nearest = await base.nearest(vector!, base.passageCount);
    expect(nearest).toHaveLength(base.passageCount);
    expect(nearest.map((row) => base.passage(row)?.source)).not.toContain('corpus/zanzibar.txt');
    expect((await base.lexical(new Map([['quillfeath', 1]]))).best(5)).toEqual([]);
    expect((await own.lexical(new Map([['quillfeath', 1]]))).best(5).map((hit) => own.passage(hit.row)?.source)).toEqual([
      'corpus/zanzibar.txt',
    ]);
  }, 60_000);

  it('keeps the previous generation answering when an ingest is killed mid-write, and the next ingest completes', async () => {
    // A server's corpus, ingested by `npm run ingest -- --server ID` into the tenant ID.
    const server = `3${String(Date.now()).padStart(17, '0')}`;
    const dataDir = path.join(tempFolder('killed'), 'data');
    const { corpusDir } = serverCorpusOf(dataDir, server);
    await mkdir(corpusDir, { recursive: true });
    await cp(path.join(seed.config.corpusDir, '000_682c3029859b1b8c.txt'), path.join(corpusDir, 'first.txt'));
    await ingest(server, corpusDir, sourceRootOf(corpusDir));
    expect(await readPostgresGeneration(database.pool, server)).toBe(1);
    const served = await openPostgresStore(database.pool, server);

    // Enough passages that the write runs in several batches: the child is killed after the first.
    // Each copy differs, as identical files are indexed once.
    const text = await readFile(path.join(seed.config.corpusDir, '001_525dc62a97b03b29.txt'), 'utf8');
    for (let copy = 0; copy < 30; copy += 1) await writeFile(path.join(corpusDir, `copy-${copy}.txt`), `${text}\n\nCopy number ${copy}.\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts', 'ingest.ts'), '--server', server], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, DATABASE_URL: database.url, DATA_DIR: dataDir, MODEL_CACHE_DIR, EMBEDDING_MODEL: seed.config.embeddingModel },
    });
    let stderr = '';
    const killed = await new Promise<boolean>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('passages to PostgreSQL (not committed yet)') && child.kill('SIGKILL')) resolve(true);
      });
      child.once('exit', () => resolve(false));
    });
    expect(killed, stderr).toBe(true);
    await new Promise((resolve) => child.once('exit', resolve));

    // The server rolls the dead connection's transaction back: the first generation is what is committed.
    expect(await readPostgresGeneration(database.pool, server)).toBe(1);
    const afterKill = await openPostgresStore(database.pool, server);
    expect(afterKill.articles.map((a) => a.source)).toEqual(served.articles.map((a) => a.source));
    expect(afterKill.passageCount).toBe(served.passageCount);
    const answer = await createCorpusEngine(afterKill, embedder).ask('How many North Korean soldiers were deployed to Russia?');
    expect(answer.quotes.length).toBeGreaterThan(0);
    expect(answer.quotes[0]?.source).toMatch(/first\.txt$/u);

    const summary = await ingest(server, corpusDir, sourceRootOf(corpusDir));
    expect(summary).toMatchObject({ generation: 2, articles: 31, addedOrChanged: 30, unchanged: 1 });
    expect(await readPostgresGeneration(database.pool, server)).toBe(2);
    // A store opened before the commit keeps answering from its unchanged article until it is reopened.
    const fromServed = await createCorpusEngine(served, embedder).ask('How many North Korean soldiers were deployed to Russia?');
    expect(fromServed.quotes.map((q) => q.source)).toEqual(answer.quotes.map((q) => q.source));
    expect((await openPostgresStore(database.pool, server)).articles).toHaveLength(31);
  }, 120_000);
});
