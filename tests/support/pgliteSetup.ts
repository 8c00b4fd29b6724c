/**
 * Vitest global setup: one PGlite server (PostgreSQL with pgvector, on 127.0.0.1) for the whole
 * run. Its URL is handed to the tests at once and the server starts while the seed corpus is
 * ingested (seedIndexSetup.ts); tests that use it wait for it (`testDatabase`). Stopped after the run.
 */
import type { TestProject } from 'vitest/node';
import { startPgliteServer } from '../../scripts/lib/pgliteServer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function pgliteSetup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPgliteServer();
  project.provide('databaseUrl', server.url);
  return () => server.stop();
}
