/**
 * Runs reads in one read-only transaction on one connection of a pool, or, given a client
 * already inside a transaction (an ingest measuring what it is about to commit), in that one.
 */
import type { Pool, PoolClient } from 'pg';

export async function readTransaction<T>(db: Pool | PoolClient, begin: string, read: (client: PoolClient) => Promise<T>): Promise<T> {
  if (!('totalCount' in db)) return read(db);
  const client = await db.connect();
  try {
    await client.query(begin);
    const result = await read(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
