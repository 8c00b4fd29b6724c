/**
 * Vitest global setup: starts the throwaway PostgreSQL once per run, without waiting for it (the
 * seed ingest runs meanwhile; tests wait in `freshDatabase`), and stops it after the run. Without
 * the binaries the PostgreSQL tests are skipped, except under CI, where the run fails instead.
 */
import type { TestProject } from 'vitest/node';
import { freePort } from '../../scripts/lib/freePort.js';
import { POSTGRES_MISSING, postgresInstalled, startPostgresServer } from './postgresServer.js';

export default async function postgresSetup(project: TestProject): Promise<() => Promise<void>> {
  if (!postgresInstalled()) {
    if (process.env.CI === 'true') throw new Error(POSTGRES_MISSING);
    project.provide('postgresUrl', null);
    return async () => undefined;
  }
  const port = await freePort();
  const started = startPostgresServer(port);
  // Reported by the tests that connect; here only kept from being an unhandled rejection.
  started.catch(() => undefined);
  project.provide('postgresUrl', `postgres://postgres@127.0.0.1:${port}/postgres`);
  return async () => {
    const server = await started.catch(() => undefined);
    await server?.stop();
  };
}
