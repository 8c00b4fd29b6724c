/**
 * The committed generation of a tenant's passages: one row read, so a process can poll it
 * cheaply (or read it on a NOTIFY) and reload its store only when it changed.
 */
import type { Pool, PoolClient } from 'pg';

/** The generation, or null when the tenant has no passages committed (or the schema is not there yet). */
export async function readPostgresGeneration(db: Pool | PoolClient, tenant: string): Promise<number | null> {
  try {
    const { rows } = await db.query<{ generation: string }>('select generation from passage_stores where tenant = $1', [tenant]);
    return rows[0] ? Number(rows[0].generation) : null;
  } catch (error) {
    // 42P01: the table does not exist: nothing was ever ingested into this database.
    if ((error as { code?: string }).code === '42P01') return null;
    throw error;
  }
}
