/**
 * Runs statements in one transaction on one connection of a pool, or, given a client already
 * inside a transaction (an ingest measuring what it is about to commit), in that one. Every
 * statement with parameters goes through here, even a lone read: PGlite's socket server runs
 * all connections on one session and keeps a connection's messages together only inside a
 * transaction, so two connections' parameterised statements would otherwise interleave
 * ("unnamed prepared statement does not exist"). On a real server it costs two round trips.
 */
import type { Pool, PoolClient } from 'pg';

export async function inTransaction<T>(db: Pool | PoolClient, begin: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  if (!('totalCount' in db)) return work(db);
  const client = await db.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
