/** The run's PostgreSQL (see postgresSetup.ts) as a test file sees it. */
import { inject } from 'vitest';
import { POSTGRES_MISSING } from './postgresServer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Null when PostgreSQL is not installed (and CI is not set): its tests are skipped. */
    postgresUrl: string | null;
  }
}

/** The server's URL, or null after saying why its tests are skipped. */
export function testPostgresUrl(): string | null {
  const url = inject('postgresUrl');
  if (url === null) console.warn(POSTGRES_MISSING);
  return url;
}
