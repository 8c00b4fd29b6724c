/**
 * Deletes tenants' passages (articles, passages, vectors and postings go with them) and their
 * generation rows: what a measuring run wrote into an operator's database, removed after it.
 */
import type { Pool } from 'pg';
import { inTransaction } from './inTransaction.js';

export async function removePostgresTenants(pool: Pool, tenants: readonly string[]): Promise<void> {
  try {
    await inTransaction(pool, 'begin', async (client) => {
      await client.query('delete from store_articles where tenant = any($1::text[])', [tenants]);
      await client.query('delete from passage_stores where tenant = any($1::text[])', [tenants]);
    });
  } catch (error) {
    // 42P01: no table yet, so nothing was written.
    if ((error as { code?: string }).code !== '42P01') throw error;
  }
}
