/**
 * Where a corpus changed from Discord is ingested and read back: its file index, or, when
 * DATABASE_URL is set, its tenant in the PostgreSQL passage store, the one the bot's engines
 * read it from (corpusStores.ts). The corpus folder is the source either way.
 */
import type { CoreConfig } from '../config.js';
import type { Embedder } from '../embedding/embedder.js';
import { ingestCorpus, type IndexProbe, type IngestSummary } from '../index/ingest.js';
import { readManifest } from '../index/manifest.js';
import { sharedPostgresPool } from '../index/postgresPool.js';
import { ingestIntoPostgres, type StoreProbe } from '../index/postgresIngest.js';
import { readPostgresArticles } from '../index/readPostgresArticles.js';

/** What is indexed of the corpus now. */
export interface IndexedCorpus {
  articles: Record<string, { title: string; contentHash: string; passages: number }>;
  model: string;
  /** When it was committed (ISO 8601). */
  committedAt: string;
}

export interface CorpusIngest {
  projectRoot: string;
  embedder: Embedder;
  /** Both stores' probe steps (probeIndex.ts). */
  probe: IndexProbe & StoreProbe;
  log: (message: string) => void;
}

export interface CorpusIndex {
  /** Null when nothing is indexed yet. */
  read(): Promise<IndexedCorpus | null>;
  /** The incremental ingest of the corpus folder (an empty folder too: a server may remove its last article). */
  ingest(options: CorpusIngest): Promise<IngestSummary>;
}

export function corpusIndex(
  config: Pick<CoreConfig, 'databaseUrl'>,
  tenant: string,
  folders: { corpusDir: string; indexDir: string },
): CorpusIndex {
  const { corpusDir, indexDir } = folders;
  if (config.databaseUrl) {
    const pool = sharedPostgresPool(config.databaseUrl);
    return {
      async read() {
        const committed = await readPostgresArticles(pool, tenant);
        return committed && { articles: committed.articles, model: committed.model.id, committedAt: committed.committedAt };
      },
      ingest: (options) => ingestIntoPostgres({ ...options, pool, tenant, corpusDir, allowEmpty: true }),
    };
  }
  return {
    async read() {
      const manifest = await readManifest(indexDir);
      return manifest && { articles: manifest.articles, model: manifest.model.id, committedAt: manifest.createdAt };
    },
    ingest: (options) => ingestCorpus({ ...options, corpusDir, indexDir, allowEmpty: true }),
  };
}
