/** Connection pools to the PostgreSQL passage store: one per database a process uses. */
import pg from 'pg';

export function postgresPool(url: string, max = 8): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client's connection error (the server restarting) must not crash the process; the next query reconnects.
  // Reported with the driver's message only: the URL, which holds the password, is never written.
  pool.on('error', (error) =>
    process.stderr.write(`An idle PostgreSQL connection failed (${error.message}); the next query reconnects.\n`),
  );
  return pool;
}

const shared = new Map<string, pg.Pool>();

/** One pool per database a process uses, whatever reopens its stores (a reload, a server's corpus). */
export function sharedPostgresPool(url: string): pg.Pool {
  let pool = shared.get(url);
  if (!pool) shared.set(url, (pool = postgresPool(url)));
  return pool;
}

/** Ends the shared pools, so a command-line run exits when its work is done. */
export async function closeSharedPostgresPools(): Promise<void> {
  const pools = [...shared.values()];
  shared.clear();
  await Promise.all(pools.map((pool) => pool.end()));
}
