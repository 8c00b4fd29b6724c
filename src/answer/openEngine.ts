/**
 * Start-up wiring of the query side: opens the index's passage store and the embedding model the
 * manifest names (once), and keeps an engine in service while the corpus is re-ingested,
 * reusing the loaded model when a reload keeps the same one.
 */
import { watchFile, unwatchFile } from 'node:fs';
import type { CoreConfig } from '../config.js';
import { createEmbedder, type Embedder } from '../embedding/embedder.js';
import {
  closeSharedPostgresPools,
  IndexError,
  MissingIndexError,
  type PassageStore,
  sameModel,
  sharedPostgresPool,
  storeChangeFile,
} from '../index/passageStore.js';
import { corpusStores } from './corpusStores.js';
import { BASE_TENANT } from '../index/baseTenant.js';
import { createCorpusEngine, type CorpusEngineWithRanking, UnknownSourceError } from './createCorpusEngine.js';
import { readPostgresGeneration } from '../index/readPostgresHead.js';
import { watchGenerations } from '../sync/watchGenerations.js';
import { serverEngines } from './serverEngines.js';

export { MissingIndexError, UnknownSourceError };

/** The base corpus's store: the file index, or the database's `base` tenant when DATABASE_URL is set. */
const baseStores = (config: CoreConfig) => corpusStores(config, BASE_TENANT, config);

async function embedderForIndex(config: CoreConfig, log: (message: string) => void, loaded?: Embedder): Promise<Embedder> {
  const manifest = await baseStores(config).head();
  if (!manifest)
    throw new MissingIndexError(
      config.databaseUrl
        ? 'No passages in the database (DATABASE_URL) yet. Build them with: npm run ingest'
        : `No index in ${config.indexDir}. Build it with: npm run ingest`,
    );
  const wanted = config.embeddingModel === 'auto' ? manifest.model.id : config.embeddingModel;
  const mismatch = () =>
    new IndexError(
      `The index was built with the model ${manifest.model.id}, but EMBEDDING_MODEL is ${config.embeddingModel}. ` +
        `Re-ingest with the model you want: npm run ingest -- --rebuild --model ${config.embeddingModel}`,
    );
  if (wanted !== manifest.model.id) throw mismatch();
  if (loaded && sameModel(loaded.identity, manifest.model)) return loaded;
  const embedder = await createEmbedder({ model: wanted, cacheDir: config.modelCacheDir, hubTimeoutMs: config.hubTimeoutMs, log });
  if (!sameModel(embedder.identity, manifest.model)) throw mismatch();
  return embedder;
}

export interface OpenOptions {
  log?: (message: string) => void;
  /** Where an article found stale at answer time is reported (default: standard error). */
  warn?: (message: string) => void;
  /** An embedder already loaded (a reload): kept when the index still names its model. */
  embedder?: Embedder;
}

export interface OpenedEngine extends CorpusEngineWithRanking {
  readonly embedder: Embedder;
  /** The base corpus's store, which servers' engines search beside their own. */
  readonly store: PassageStore;
}

export async function openCorpusEngine(config: CoreConfig, options: OpenOptions = {}): Promise<OpenedEngine> {
  const toStderr = (message: string) => process.stderr.write(`${message}\n`);
  const log = options.log ?? toStderr;
  const [embedder, store] = await Promise.all([embedderForIndex(config, log, options.embedder), baseStores(config).open()]);
  return { ...createCorpusEngine(store, embedder, { quoteCheck: { warn: options.warn ?? toStderr } }), embedder, store };
}

export interface EngineSource {
  /** The base corpus's engine. With ranking: `/calibrate` re-asks a server's labelled questions. */
  current(): CorpusEngineWithRanking;
  /** The engine a server's questions are answered by (serverEngines.ts); null (a DM) gets the base. */
  forServer(guildId: string | null): Promise<CorpusEngineWithRanking>;
  /** Stops watching for new generations and ends the process's database pools. */
  close(): Promise<void>;
}

export interface WatchOptions {
  // Function properties, not methods: `info` and `warn` are handed on detached, so they must not need `this`.
  log: { info: (message: string) => void; warn: (message: string) => void; error: (message: string) => void };
  pollMs?: number;
}

/**
 * Keeps an engine in service and replaces it when an ingest commits a new manifest. The new
 * index is loaded completely in the background before the swap; if it fails to load, the
 * error is logged and the old engine stays in service.
 */
export async function watchEngine(config: CoreConfig, options: WatchOptions): Promise<EngineSource> {
  let engine = await openCorpusEngine(config, { log: options.log.info, warn: options.log.warn });
  let reloading = false;
  // A change seen while a reload runs is not dropped: one more reload follows it.
  let changedDuringReload = false;
  const file = storeChangeFile(config.indexDir);
  const reload = async (): Promise<void> => {
    if (reloading) {
      changedDuringReload = true;
      return;
    }
    reloading = true;
    try {
      const manifest = await baseStores(config).head();
      if (!manifest || manifest.generation === engine.stats.generation) return;
      engine = await openCorpusEngine(config, { log: options.log.info, warn: options.log.warn, embedder: engine.embedder });
      options.log.info(
        `Index reloaded: generation ${engine.stats.generation}, ${engine.stats.articles} articles, ${engine.stats.passages} passages.`,
      );
    } catch (error) {
      options.log.error(`The new index could not be loaded; the previous one stays in service: ${(error as Error).message}`);
    } finally {
      reloading = false;
      if (changedDuringReload) {
        changedDuringReload = false;
        void reload();
      }
    }
  };
  // The database's generation row: heard by LISTEN/NOTIFY where the server delivers it, and read
  // every GENERATION_POLL_MS where it does not (src/sync/watchGenerations.ts). The file index's manifest is watched.
  const signal = config.databaseUrl
    ? await watchGenerations(
        sharedPostgresPool(config.databaseUrl),
        { pollMs: options.pollMs ?? config.generationPollMs, readGeneration: readPostgresGeneration },
        {
          served: () => new Map([[BASE_TENANT, engine.stats.generation]]),
          onNewGeneration: () => void reload(),
          onError: (error) =>
            options.log.warn(`Watching the database for a new generation failed (${(error as Error).message}); retrying.`),
        },
      )
    : undefined;
  if (!signal) watchFile(file, { interval: options.pollMs ?? 1000 }, () => void reload());
  const servers = serverEngines(config, () => engine, options.log.warn);
  return {
    current: () => engine,
    forServer: (guildId) => servers.forServer(guildId),
    async close() {
      if (!signal) return unwatchFile(file);
      await signal.close();
      await closeSharedPostgresPools();
    },
  };
}
