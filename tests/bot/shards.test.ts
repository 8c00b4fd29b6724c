/**
 * `npm start` with SHARDS=2 against the fake Discord: two shard processes, each identifying as
 * its shard and answering the servers Discord sends it, sharing one PostgreSQL (the run's PGlite:
 * passages and questions). An ingest by a third process is answered from by both without a
 * restart: PGlite delivers no NOTIFY across connections, so through the polled generation row.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { FOUND_HEADING } from '../../src/render/terminal.js';
import { interact, messageBody, newUser } from '../support/botHarness.js';
import {
  FAKE_APPLICATION_ID,
  FAKE_GUILD_ID,
  FAKE_TOKEN,
  inGuild,
  shardOfGuild,
  slashCommand,
  startFakeDiscord,
  type FakeDiscord,
} from '../support/fakeDiscord.js';
import { copySeedCorpus, type SeedCorpus } from '../support/seedCorpus.js';
import { tempFolder } from '../support/tempFolder.js';
import { testDatabase } from '../support/testDatabase.js';

const QUESTION = 'How many soldiers has North Korea deployed to Russia?';
/** Only the article the test adds says this. */
const NEW_QUESTION = 'How many lanterns did the keeper of Skerry Light trim each night?';
const NEW_ARTICLE = [
  '# The Keeper of Skerry Light',
  '',
  'The keeper of Skerry Light trimmed eleven lanterns each night, from dusk until the tide turned.',
  '',
  'In winter the supply boat came once a month, carrying oil, oats and letters from the mainland.',
].join('\n');
/** FAKE_GUILD_ID (shard 0 of 2) plus one in the bits the shard is taken from: shard 1 of 2. */
const OTHER_GUILD_ID = String(BigInt(FAKE_GUILD_ID) + (1n << 22n));

describe('two shards against the fake Discord, on one PostgreSQL', () => {
  let fake: FakeDiscord;
  let parent: ChildProcess;
  let database: { url: string; pool: pg.Pool };
  let seed: SeedCorpus;
  let output = '';
  /** Every shard process the manager started, so that none outlives a failing test. */
  const shardPids = new Set<number>();
  /** The manager's children running npm start's script: its shards (tsx's esbuild is a child too). */
  const runningShardPids = () => {
    const pids = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(parent.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes('scripts/start.ts'))
      .map((line) => Number(line.trim().split(' ')[0]));
    for (const pid of pids) shardPids.add(pid);
    return pids;
  };
  const isRunning = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const readyLines = () => output.split('\n').filter((line) => line.includes('Ready as')).length;

  const env = (): NodeJS.ProcessEnv => ({
    ...process.env,
    DISCORD_TOKEN: FAKE_TOKEN,
    DISCORD_CLIENT_ID: FAKE_APPLICATION_ID,
    DISCORD_API_URL: fake.apiUrl,
    DATABASE_URL: database.url,
    GENERATION_POLL_MS: '200',
    CORPUS_DIR: seed.config.corpusDir,
    DATA_DIR: tempFolder('shards'),
    // Required with SHARDS: every machine's shards must hash a member the same way.
    USER_HASH_SALT: 'shards-test-salt-0123456789',
    MODEL_CACHE_DIR: seed.config.modelCacheDir,
    EMBEDDING_MODEL: seed.config.embeddingModel,
    LOG_LEVEL: 'info',
  });
  /** `npm run ingest` into the database's base corpus, as an operator runs it beside the bot. */
  const ingest = async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts/ingest.ts')], {
      cwd: PROJECT_ROOT,
      env: env(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code, stderr).toBe(0);
  };
  const ask = async (question: string, guildId: string) =>
    messageBody(await interact(fake, inGuild(slashCommand('ask', { question }, newUser()), guildId))).embeds ?? [];

  beforeAll(async () => {
    expect(shardOfGuild(FAKE_GUILD_ID, 2)).toBe(0);
    expect(shardOfGuild(OTHER_GUILD_ID, 2)).toBe(1);
    database = await testDatabase();
    seed = await copySeedCorpus();
    fake = await startFakeDiscord();
    fake.shardCount = 2;
    // A bot allowed 16 logins per 5 s: its shards start 344 ms apart, not 5.5 s.
    fake.maxConcurrency = 16;
    await ingest();
    parent = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts/start.ts')], {
      cwd: PROJECT_ROOT,
      env: { ...env(), SHARDS: 'auto' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        output += String(chunk);
        if (output.includes('All 2 shards are ready.')) resolve();
      };
      parent.stdout?.on('data', read);
      parent.stderr?.on('data', read);
      parent.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
    });
    runningShardPids();
  }, 120_000);

  afterAll(async () => {
    // Killed by a signal, exitCode stays null: waiting for an 'exit' already past would hang.
    if (parent.exitCode === null && parent.signalCode === null) {
      parent.kill('SIGKILL');
      await new Promise((resolve) => parent.once('exit', resolve));
    }
    for (const pid of shardPids) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    await fake.close();
    await database.pool.query('DELETE FROM questions WHERE guild_id IN ($1, $2)', [FAKE_GUILD_ID, OTHER_GUILD_ID]);
    await database.pool.end();
  });

  test('each shard identifies as itself and answers a question in a server it owns, into the one shared question store', async () => {
    // `auto`: as many shards as /gateway/bot recommends.
    expect(fake.identifies.map((d) => (d as { shard: number[] }).shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    for (const guildId of [FAKE_GUILD_ID, OTHER_GUILD_ID]) expect((await ask(QUESTION, guildId))[0]?.title, guildId).toBe(FOUND_HEADING);
    const { rows } = await database.pool.query<{ guild_id: string }>(
      'SELECT guild_id FROM questions WHERE guild_id IN ($1, $2) ORDER BY id',
      [FAKE_GUILD_ID, OTHER_GUILD_ID],
    );
    expect(rows).toEqual([{ guild_id: FAKE_GUILD_ID }, { guild_id: OTHER_GUILD_ID }]);
  });

  test('an ingest by another process is answered from by both shards, without a restart', async () => {
    const quotesNewArticle = (embeds: Array<{ title?: string }>) => embeds.some((e) => e.title?.includes('The Keeper of Skerry Light'));
    for (const guildId of [FAKE_GUILD_ID, OTHER_GUILD_ID]) expect(quotesNewArticle(await ask(NEW_QUESTION, guildId)), guildId).toBe(false);
    await writeFile(path.join(seed.config.corpusDir, 'skerry-light.md'), NEW_ARTICLE);
    await ingest();
    let answered = 0;
    for (const guildId of [FAKE_GUILD_ID, OTHER_GUILD_ID]) {
      // Each shard reads the generation row every 200 ms and reloads in the background.
      const deadline = Date.now() + 15_000;
      while (!quotesNewArticle(await ask(NEW_QUESTION, guildId)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      if (quotesNewArticle(await ask(NEW_QUESTION, guildId))) answered += 1;
    }
    expect(answered, output).toBe(2);
  });

  test('a shard whose process dies is restarted after a back-off, logged, and answers its servers again', async () => {
    const [first] = runningShardPids();
    expect(first, output).toBeDefined();
    const readyBefore = readyLines();
    process.kill(first!, 'SIGKILL');
    const deadline = Date.now() + 30_000;
    while (readyLines() === readyBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(output).toMatch(/Shard \d of 2: its process ended; restarting it in 1 s\./u);
    expect(readyLines(), output).toBe(readyBefore + 1);
    for (const guildId of [FAKE_GUILD_ID, OTHER_GUILD_ID]) expect((await ask(QUESTION, guildId))[0]?.title, guildId).toBe(FOUND_HEADING);
  }, 40_000);

  test('SIGTERM stops every shard process, then the manager, with exit code 0', async () => {
    const pids = runningShardPids();
    expect(pids, output).toHaveLength(2);
    const exited = new Promise<number | null>((resolve) => parent.once('exit', resolve));
    parent.kill('SIGTERM');
    expect(await exited, output).toBe(0);
    expect(pids.filter(isRunning)).toEqual([]);
  });
});
