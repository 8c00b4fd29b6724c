/**
 * The PostgreSQL a measuring script (`npm run eval -- --store postgres`, `npm run bench`) runs
 * against: DATABASE_URL when set, else a PGlite server started for the run and stopped after it.
 */
import { type PgliteServer, startPgliteServer } from './pgliteServer.js';

export async function withPostgres<T>(configuredUrl: string | undefined, work: (url: string) => Promise<T>): Promise<T> {
  const server = configuredUrl ? null : await startPgliteServer();
  try {
    await server?.ready;
    return await work(configuredUrl ?? (server as PgliteServer).url);
  } finally {
    await server?.stop();
  }
}
