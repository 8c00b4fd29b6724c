/**
 * A throwaway PostgreSQL (Debian's, no pgvector) for the tests that need a real server: the
 * question store's concurrency and LISTEN/NOTIFY across connections, which PGlite's socket
 * server does not give. `initdb` in a temporary folder, the server on 127.0.0.1 on a free port,
 * run as the `postgres` user when the tests run as root (initdb refuses root); `stop()` ends
 * it and removes the folder.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { exited } from '../../scripts/lib/exited.js';

/** Where Debian puts the binaries; POSTGRES_BIN overrides it for other systems. */
export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export const postgresInstalled = (): boolean => existsSync(path.join(POSTGRES_BIN, 'initdb'));

export const POSTGRES_MISSING =
  `PostgreSQL is not installed (no initdb in ${POSTGRES_BIN}): the PostgreSQL tests are skipped. ` +
  'Install it with: apt-get install -y postgresql (.ci/run does, and fails instead of skipping).';

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:<port>/postgres, trust authentication (a test cluster). */
  url: string;
  stop(): Promise<void>;
}

/** The `postgres` user's ids when running as root: initdb and the server refuse to run as root. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

export async function startPostgresServer(port: number): Promise<PostgresServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'verbatim-postgres-'));
  const user = serverUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const dataDir = path.join(dir, 'data');
  execFileSync(path.join(POSTGRES_BIN, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8'], {
    ...user,
    stdio: 'ignore',
  });
  // Durability is not under test here: no fsync, so creating a database per test is quick.
  const server = spawn(
    path.join(POSTGRES_BIN, 'postgres'),
    ['-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-k', '', '-c', 'fsync=off', '-c', 'full_page_writes=off'],
    { ...user, stdio: 'ignore' },
  );
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    // SIGINT: the fast shutdown (sessions ended, no waiting for clients).
    server.kill('SIGINT');
    await exited(server);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPostgres(url);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

/** Resolves once the server accepts a query; the global setup starts it without waiting. */
export async function waitForPostgres(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL at ${url} did not start within ${timeoutMs} ms`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

let databases = 0;

/** A new empty database on the server, so tests never see each other's rows; `drop()` removes it. */
export async function freshDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  await waitForPostgres(serverUrl);
  const name = `verbatim_test_${process.pid}_${(databases += 1)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
