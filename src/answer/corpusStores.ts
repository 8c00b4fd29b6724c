/**
 * Where a corpus's passages are read from: the file index in its folder, or, when DATABASE_URL
 * is set, the PostgreSQL store under the corpus's tenant (`base`, or the server's id). The one
 * switch between the two; everything above reads a `PassageStore`.
 */
import type { CoreConfig } from '../config.js';
import {
  type IndexCalibration,
  type ModelIdentity,
  openIndexStore,
  openPostgresStore,
  type PassageStore,
  readPostgresHead,
  readStoreHead,
  sharedPostgresPool,
} from '../index/passageStore.js';

export interface CorpusHead {
  model: ModelIdentity;
  generation: number;
  calibration?: IndexCalibration;
}

export interface CorpusStores {
  /** What is committed for the corpus, without loading it; null when nothing is. */
  head(): Promise<CorpusHead | null>;
  open(): Promise<PassageStore>;
}

/** The store of one corpus: `tenant` in the database, else the file index in `folders.indexDir`. */
export function corpusStores(
  config: Pick<CoreConfig, 'databaseUrl'>,
  tenant: string,
  folders: { corpusDir: string; indexDir: string },
): CorpusStores {
  if (config.databaseUrl) {
    const pool = sharedPostgresPool(config.databaseUrl);
    return { head: () => readPostgresHead(pool, tenant), open: () => openPostgresStore(pool, tenant) };
  }
  return { head: () => readStoreHead(folders.indexDir), open: () => openIndexStore(folders.indexDir, folders.corpusDir) };
}
