import { afterEach, expect, it, vi } from 'vitest';
import { postgresPool } from '../../src/index/postgresPool.js';

afterEach(() => {
  vi.restoreAllMocks();
});

it("reports an idle connection's failure without the URL's password, and carries on", async () => {
  const written: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  // Never connected: the pool only needs its URL to exist.
  const pool = postgresPool('postgres://verbatim:s3cret-pw@127.0.0.1:1/verbatim');
  pool.emit('error', new Error('terminating connection due to administrator command'));
  await pool.end();
  expect(written).toEqual([
    'An idle PostgreSQL connection failed (terminating connection due to administrator command); the next query reconnects.\n',
  ]);
});
