import { spawn } from 'node:child_process';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { DATABASE_FILE, MIGRATIONS, openSqliteQuestionStore, SCHEMA_VERSION } from '../../src/store/sqliteQuestionStore.js';
import { createUserHasher, loadOrCreateSalt, SALT_FILE } from '../../src/store/userHash.js';
import { syntheticQuestion } from '../support/questionHistory.js';
import { tempFolder } from '../support/tempFolder.js';
import { describeQuestionStore } from './questionStoreBehaviour.js';

const tempDataDir = () => tempFolder('store');
const DAY = 86_400_000;

describeQuestionStore('SQLite', async () => {
  const dir = tempDataDir();
  const store = openSqliteQuestionStore(dir);
  return {
    store,
    async remove() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('the SQLite question store', () => {
  test('one file in WAL mode, migrated to the current schema; a newer schema is refused with a clear message', async () => {
    const dir = tempDataDir();
    await openSqliteQuestionStore(dir).close();
    const db = new Database(path.join(dir, DATABASE_FILE));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openSqliteQuestionStore(dir)).toThrow(/newer Verbatim.*DATA_DIR/u);
  });

  test("the database and its WAL files are readable by the bot's user only (600), even one created 644 before", async () => {
    const dir = tempDataDir();
    try {
      const file = path.join(dir, DATABASE_FILE);
      const store = openSqliteQuestionStore(dir);
      await store.recordQuestion(syntheticQuestion(0, Date.now()));
      for (const name of [file, `${file}-wal`, `${file}-shm`]) expect(statSync(name).mode & 0o777, name).toBe(0o600);
      await store.close();
      chmodSync(file, 0o644);
      await openSqliteQuestionStore(dir).close();
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a database at schema 1 is migrated forward with its rows: earlier citations count as answers', async () => {
    const dir = tempDataDir();
    const db = new Database(path.join(dir, DATABASE_FILE));
    db.exec(MIGRATIONS[0] as string);
    db.pragma('user_version = 1');
    db.prepare(
      "INSERT INTO questions (id, guild_id, channel_id, asked_at, asker_hash, question, question_key, answered) VALUES (1, 'g', 'c', 5, 'h', 'Who?', 'who', 1)",
    ).run();
    db.prepare(
      "INSERT INTO citations (question_id, rank, source, title, paragraph, start, \"end\", text, score) VALUES (1, 0, 'corpus/a.md', 'A', 2, 0, 4, 'Text', 0.5)",
    ).run();
    db.close();
    const store = openSqliteQuestionStore(dir);
    expect((await store.question(1))?.cited).toEqual([
      {
        source: 'corpus/a.md',
        title: 'A',
        paragraph: 2,
        start: 0,
        end: 4,
        text: 'Text',
        highlight: null,
        answerProbability: 0.5,
        answers: true,
      },
    ]);
    // The per-day article counts are filled in from the citations already there.
    expect((await store.report({ guildId: 'g', since: 0, until: DAY, limit: 10 })).cited).toEqual([
      { source: 'corpus/a.md', title: 'A', answers: 1 },
    ]);
    await store.close();
    const reopened = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    expect(reopened.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    reopened.close();
  });

  test('user ids become keyed hashes: stable per key, different across keys; a generated key is kept, private', async () => {
    const dir = tempDataDir();
    const salt = loadOrCreateSalt(dir, undefined);
    expect(loadOrCreateSalt(dir, undefined)).toBe(salt);
    expect(statSync(path.join(dir, SALT_FILE)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSalt(dir, 'configured-salt-value')).toBe('configured-salt-value');
    const hash = createUserHasher(salt);
    expect(hash('700000000000000001')).toBe(hash('700000000000000001'));
    expect(hash('700000000000000001')).not.toBe(hash('700000000000000002'));
    expect(createUserHasher('another-salt-entirely')('700000000000000001')).not.toBe(hash('700000000000000001'));
    expect(hash('700000000000000001')).not.toContain('700000000000000001');
  });

  test('a process killed with SIGKILL while writing in a loop loses at most the question in flight', async () => {
    const dir = tempDataDir();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'tests/store/recordUntilKilled.ts'), dir], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let printed = '';
    const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        printed += String(chunk);
        if (printed.split('\n').length > 500) resolve();
      });
    });
    child.kill('SIGKILL');
    await closed;
    expect(child.signalCode).toBe('SIGKILL');
    const committed = printed.split('\n').filter(Boolean).map(Number);
    const lastCommitted = committed.at(-1) as number;
    expect(lastCommitted).toBeGreaterThanOrEqual(500);
    expect(existsSync(path.join(dir, `${DATABASE_FILE}-wal`))).toBe(true);

    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: false });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const { n, max } = db.prepare('SELECT COUNT(*) AS n, MAX(id) AS max FROM questions').get() as { n: number; max: number };
    // Every question reported committed is there; at most one more (committed, not yet printed).
    expect(max - lastCommitted).toBeGreaterThanOrEqual(0);
    expect(max - lastCommitted).toBeLessThanOrEqual(1);
    expect(n).toBe(max);
    // No half-written question: each answered one has all three citations.
    const partial = db
      .prepare(
        'SELECT COUNT(*) AS n FROM questions q WHERE q.answered = 1 AND (SELECT COUNT(*) FROM citations c WHERE c.question_id = q.id) <> 3',
      )
      .get();
    expect(partial).toEqual({ n: 0 });
    db.close();
  }, 30_000);
});
