/**
 * The question store the configuration selects: PostgreSQL when `DATABASE_URL` is set (shared
 * by every shard and machine), else the SQLite file in `DATA_DIR`.
 */
import type { CoreConfig } from '../config.js';
import { postgresPool } from '../index/postgresPool.js';
import { openPostgresQuestionStore, PostgresStoreError } from './postgresQuestionStore.js';
import type { QuestionStore } from './questionStore.js';
import { openSqliteQuestionStore } from './sqliteQuestionStore.js';

export async function openQuestionStore(config: Pick<CoreConfig, 'dataDir' | 'databaseUrl'>): Promise<QuestionStore> {
  if (config.databaseUrl === undefined) return openSqliteQuestionStore(config.dataDir);
  const pool = postgresPool(config.databaseUrl);
  try {
    return await openPostgresQuestionStore(pool);
  } catch (error) {
    await pool.end();
    if (error instanceof PostgresStoreError) throw error;
    // Where, never who: the URL's password stays out of the message.
    const { host } = new URL(config.databaseUrl);
    throw new PostgresStoreError(`The question store could not use the database at DATABASE_URL (${host}): ${(error as Error).message}`, {
      cause: error,
    });
  }
}
