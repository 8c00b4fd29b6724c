/**
 * What a tenant's committed passages are, from one row: the generation, the model and the
 * levels. Cheap enough to poll (or to read on a NOTIFY), so a process reloads its store only
 * when the generation changed.
 */
import type { Pool, PoolClient } from 'pg';
import { inTransaction } from './inTransaction.js';
import type { IndexCalibration, ModelIdentity } from './manifest.js';

export interface PostgresHead {
  generation: number;
  model: ModelIdentity;
  calibration?: IndexCalibration;
}

/** The head, or null when the tenant has no passages committed (or nothing was ever ingested into the database). */
export async function readPostgresHead(db: Pool | PoolClient, tenant: string): Promise<PostgresHead | null> {
  try {
    const { rows } = await inTransaction(db, 'begin read only', (client) =>
      client.query<{ generation: string; model: ModelIdentity; calibration: IndexCalibration | null }>(
        'select generation, model, calibration from passage_stores where tenant = $1',
        [tenant],
      ),
    );
    const row = rows[0];
    return row
      ? { generation: Number(row.generation), model: row.model, ...(row.calibration ? { calibration: row.calibration } : {}) }
      : null;
  } catch (error) {
    // 42P01: the table does not exist yet.
    if ((error as { code?: string }).code === '42P01') return null;
    throw error;
  }
}

/** The committed generation alone: what a watcher compares with the one it serves. */
export async function readPostgresGeneration(db: Pool | PoolClient, tenant: string): Promise<number | null> {
  return (await readPostgresHead(db, tenant))?.generation ?? null;
}
