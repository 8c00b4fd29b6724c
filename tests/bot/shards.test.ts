/**
 * `npm start` with SHARDS=2 against the fake Discord: two shard processes, each identifying as
 * its shard and answering the servers Discord sends it, sharing one PostgreSQL question store
 * (Debian's; the passages come from the file index both processes read).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
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
import { freshDatabase } from '../support/postgresServer.js';
import { seedCorpus } from '../support/seedCorpus.js';
import { tempFolder } from '../support/tempFolder.js';
import { testPostgresUrl } from '../support/testPostgres.js';

const START = path.join(PROJECT_ROOT, 'scripts/start.ts');
const QUESTION = 'How many soldiers has North Korea deployed to Russia?';
/** FAKE_GUILD_ID (shard 0 of 2) plus one in the bits the shard is taken from: shard 1 of 2. */
const OTHER_GUILD_ID = String(BigInt(FAKE_GUILD_ID) + (1n << 22n));
const serverUrl = testPostgresUrl();

function botEnv(fake: FakeDiscord, extra: Record<string, string>): NodeJS.ProcessEnv {
  const { config } = seedCorpus();
  return {
    ...process.env,
    DISCORD_TOKEN: FAKE_TOKEN,
    DISCORD_CLIENT_ID: FAKE_APPLICATION_ID,
    DISCORD_API_URL: fake.apiUrl,
    CORPUS_DIR: config.corpusDir,
    INDEX_DIR: config.indexDir,
    DATA_DIR: tempFolder('shards'),
    MODEL_CACHE_DIR: config.modelCacheDir,
    EMBEDDING_MODEL: config.embeddingModel,
    LOG_LEVEL: 'info',
    ...extra,
  };
}

describe.skipIf(serverUrl === null)('two shards against the fake Discord', () => {
  let fake: FakeDiscord;
  let parent: ChildProcess;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let output = '';

  beforeAll(async () => {
    expect(shardOfGuild(FAKE_GUILD_ID, 2)).toBe(0);
    expect(shardOfGuild(OTHER_GUILD_ID, 2)).toBe(1);
    database = await freshDatabase(serverUrl as string);
    fake = await startFakeDiscord();
    fake.shardCount = 2;
    // A bot allowed 16 logins per 5 s: its shards start 344 ms apart, not 5.5 s.
    fake.maxConcurrency = 16;
    parent = spawn(process.execPath, ['--import', 'tsx', START], {
      cwd: PROJECT_ROOT,
      env: botEnv(fake, { SHARDS: 'auto', DATABASE_URL: database.url }),
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
  }, 90_000);

  afterAll(async () => {
    if (parent.exitCode === null) {
      parent.kill('SIGKILL');
      await new Promise((resolve) => parent.once('exit', resolve));
    }
    await fake.close();
    await database.drop();
  });

  test('each shard identifies as itself and answers a question in a server it owns, into the one shared question store', async () => {
    // `auto`: as many shards as /gateway/bot recommends.
    expect(fake.identifies.map((d) => (d as { shard: number[] }).shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    for (const guildId of [FAKE_GUILD_ID, OTHER_GUILD_ID]) {
      const answer = messageBody(await interact(fake, inGuild(slashCommand('ask', { question: QUESTION }, newUser()), guildId)));
      expect(answer.embeds?.[0]?.title, guildId).toBe(FOUND_HEADING);
    }
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ guild_id: string }>('SELECT guild_id FROM questions ORDER BY id');
      expect(rows).toEqual([{ guild_id: FAKE_GUILD_ID }, { guild_id: OTHER_GUILD_ID }]);
    } finally {
      await db.end();
    }
  });

  test('SIGTERM stops every shard process, then the manager, with exit code 0', async () => {
    const shardPids = execFileSync('ps', ['-o', 'pid=', '--ppid', String(parent.pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((pid) => pid > 0);
    expect(shardPids, output).toHaveLength(2);
    const exited = new Promise<number | null>((resolve) => parent.once('exit', resolve));
    parent.kill('SIGTERM');
    expect(await exited, output).toBe(0);
    const running = shardPids.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(running).toEqual([]);
  });
});
