/**
 * A PostgreSQL the `pg` driver talks to as to a server: PGlite (PostgreSQL compiled to
 * WebAssembly) with pgvector and pg_textsearch, served by pglite-socket on 127.0.0.1 on a free
 * port, in memory. Used by the tests (started once per run) and by `npm run eval -- --store
 * postgres` / `npm run bench` when DATABASE_URL is unset. It runs one query at a time and
 * delivers a NOTIFY only to the connection that sent it (docs/postgres.md).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';
import { exited } from './exited.js';
import { freePort } from './freePort.js';

export interface PgliteServer {
  /** postgres://… on 127.0.0.1, known before the server listens. */
  url: string;
  /** Settles when it listens (about 10 s: PGlite and its extensions load first). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

const SERVER_SCRIPT = path.join(PROJECT_ROOT, 'node_modules', '@electric-sql', 'pglite-socket', 'dist', 'scripts', 'server.js');
const EXTENSIONS = '@electric-sql/pglite-pgvector:vector,@electric-sql/pglite-pg_textsearch:pg_textsearch';
const START_TIMEOUT_MS = 90_000;
/**
 * Connections it accepts (it runs their queries one at a time whatever the number): enough for
 * every pool of the processes using it at once (8 each: a test file's, an ingest child's).
 */
const MAX_CONNECTIONS = 32;

/** Starts the server; `ready` says when it listens, so a caller can do other work meanwhile. */
export async function startPgliteServer(): Promise<PgliteServer> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [SERVER_SCRIPT, '--host=127.0.0.1', `--port=${port}`, `--extensions=${EXTENSIONS}`, `--max-connections=${MAX_CONNECTIONS}`],
    {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`pglite-server did not start within ${START_TIMEOUT_MS} ms:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pglite-server exited (${code}) before listening:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited(child);
    throw error;
  });
  // Handled here too, so a failed start is reported by whoever awaits `ready`, not as an unhandled rejection.
  ready.catch(() => undefined);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    ready,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited(child);
      clearTimeout(timer);
    },
  };
}
