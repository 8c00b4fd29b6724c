/**
 * Each server's `/corpus add`, `remove` and `status`, acting on that server's own corpus folder
 * and index only (DATA_DIR/servers/<id>/, or the server's tenant in the database): the operator's base corpus is changed from the shell,
 * never from Discord. One embedder is loaded for every server's changes.
 */
import { mkdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { EngineSource } from '../answer/openEngine.js';
import { isServerId, SERVER_SOURCE_PREFIX, serverCorpusOf } from '../answer/serverEngines.js';
import { createEmbedder, type Embedder } from '../embedding/embedder.js';
import { corpusStores } from '../answer/corpusStores.js';
import type { CoreConfig } from '../config.js';
import { createCorpusChanges, type CorpusChanges } from './corpusChanges.js';
import { corpusIndex } from './corpusIndex.js';

export interface ServerCorpusChangesOptions extends Pick<CoreConfig, 'databaseUrl'> {
  dataDir: string;
  modelCacheDir: string;
  hubTimeoutMs: number;
  engines: EngineSource;
  log: (message: string) => void;
  allowPrivateUrls?: boolean;
  reloadTimeoutMs?: number;
}

export interface ServerCorpusChanges {
  forServer(guildId: string): CorpusChanges;
  /** Finishes, for every server `owns` (those of this shard), a change a crash cut off. */
  recoverAll(owns: (guildId: string) => boolean): Promise<void>;
}

export function serverCorpusChanges(options: ServerCorpusChangesOptions): ServerCorpusChanges {
  const { engines } = options;
  let embedder: { model: string; loading: Promise<Embedder> } | undefined;
  // Loaded once, and again only when a re-ingest from the shell changed the base's model.
  const embedderFor = (model: string) => {
    if (embedder?.model !== model) {
      embedder = {
        model,
        loading: createEmbedder({ model, cacheDir: options.modelCacheDir, hubTimeoutMs: options.hubTimeoutMs, log: options.log }),
      };
    }
    return embedder.loading;
  };
  const changes = new Map<string, CorpusChanges>();
  const forServer = (guildId: string): CorpusChanges => {
    const known = changes.get(guildId);
    if (known) return known;
    const folders = serverCorpusOf(options.dataDir, guildId);
    const { corpusDir } = folders;
    mkdirSync(corpusDir, { recursive: true });
    // With a database, the server's tenant (its id) is what its engine reads: ingest there, the folder as the source.
    const stores = corpusStores(options, guildId, folders);
    const created = createCorpusChanges({
      corpusDir,
      index: corpusIndex(options, guildId, folders),
      model: () => engines.current().stats.model,
      embedder: embedderFor,
      // Only the server's own articles: a base article's source has no server prefix.
      async findArticle(reference) {
        const article = (await engines.forServer(guildId)).findArticle(reference);
        if (!article?.source.startsWith(SERVER_SOURCE_PREFIX)) return undefined;
        return { source: article.source.slice(SERVER_SOURCE_PREFIX.length), title: article.title };
      },
      servedGeneration: async () => (await stores.head())?.generation ?? 0,
      log: options.log,
      allowPrivateUrls: options.allowPrivateUrls,
      reloadTimeoutMs: options.reloadTimeoutMs,
    });
    changes.set(guildId, created);
    return created;
  };
  return {
    forServer,
    async recoverAll(owns) {
      const servers = await readdir(path.join(options.dataDir, 'servers')).catch(() => [] as string[]);
      for (const guildId of servers.filter((name) => isServerId(name) && owns(name))) await forServer(guildId).recover();
    },
  };
}
