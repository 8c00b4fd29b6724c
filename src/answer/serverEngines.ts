/**
 * The engine each server's questions are answered by: the operator's base corpus, the server's
 * own articles (their own index under DATA_DIR/servers/<id>/index), or both, as CORPUS_SCOPE
 * says. A server's index is opened the first time it is asked, reopened when its generation
 * changes, and at most `maxServerIndexes` stay loaded (the least recently asked leaves first),
 * so memory does not grow with the number of servers. A server index that cannot be opened
 * (damaged, half-written) is reported and that server alone answers from the base until it is
 * repaired.
 */
import path from 'node:path';
import type { CoreConfig } from '../config.js';
import { MissingIndexError, type PassageStore } from '../index/passageStore.js';
import { corpusStores } from './corpusStores.js';
import { combinedStore, type StorePart } from './combinedStore.js';
import { createCorpusEngine, type CorpusEngineWithRanking } from './createCorpusEngine.js';
import type { OpenedEngine } from './openEngine.js';

/** Put before a server's own sources, so citations say the article is the server's. */
export const SERVER_SOURCE_PREFIX = 'server:';

/** A Discord server id (a snowflake): nothing else may become a folder name under DATA_DIR. */
export const isServerId = (text: string) => /^\d{17,20}$/u.test(text);

/** A server's own corpus and index folders; the id is checked, as it becomes a path. */
export function serverCorpusOf(dataDir: string, guildId: string): { corpusDir: string; indexDir: string } {
  if (!isServerId(guildId)) throw new Error(`"${guildId}" is not a server id.`);
  const root = path.join(dataDir, 'servers', guildId);
  return { corpusDir: path.join(root, 'corpus'), indexDir: path.join(root, 'index') };
}

export interface ServerEngines {
  /** The engine for a server's questions; `null` (a DM) gets the base corpus only. */
  forServer(guildId: string | null): Promise<CorpusEngineWithRanking>;
  /** How many servers' own indexes are in memory now. */
  loaded(): number;
}

interface Loaded {
  generation: number;
  store: PassageStore;
}

export function serverEngines(
  config: Pick<CoreConfig, 'dataDir' | 'corpusScope' | 'maxServerIndexes' | 'databaseUrl'>,
  base: () => OpenedEngine,
  warn: (message: string) => void,
): ServerEngines {
  const stores = new Map<string, Loaded>();
  const engines = new Map<string, { key: string; engine: CorpusEngineWithRanking }>();

  const serverStore = async (guildId: string): Promise<PassageStore | null> => {
    // In the database, the server's passages are its own tenant, keyed by its id.
    const own = corpusStores(config, guildId, serverCorpusOf(config.dataDir, guildId));
    let head;
    try {
      head = await own.head();
    } catch (error) {
      warn(`Server ${guildId}'s index cannot be read; it answers from the base corpus until repaired: ${(error as Error).message}`);
      return null;
    }
    if (!head) return null;
    const known = stores.get(guildId);
    stores.delete(guildId);
    if (known && known.generation === head.generation) {
      stores.set(guildId, known);
      return known.store;
    }
    try {
      const store = await own.open();
      const baseModel = base().store.model.id;
      if (store.model.id !== baseModel) {
        warn(
          `Server ${guildId}'s index was built with ${store.model.id}, the base with ${baseModel}; ` +
            `it answers from the base until re-ingested (npm run ingest -- --server ${guildId}).`,
        );
        return null;
      }
      stores.set(guildId, { generation: store.generation, store });
      // Least recently asked first out: a Map keeps insertion order, and each ask re-inserts.
      for (const oldest of stores.keys()) {
        if (stores.size <= config.maxServerIndexes) break;
        stores.delete(oldest);
        engines.delete(oldest);
      }
      return store;
    } catch (error) {
      if (!(error instanceof MissingIndexError))
        warn(`Server ${guildId}'s index cannot be loaded; it answers from the base corpus until repaired: ${(error as Error).message}`);
      return null;
    }
  };

  return {
    async forServer(guildId) {
      const baseEngine = base();
      if (guildId === null || config.corpusScope === 'base') return baseEngine;
      const own = await serverStore(guildId);
      if (!own && config.corpusScope === 'both') return baseEngine;
      const key = `${baseEngine.stats.generation}:${own?.generation ?? 'none'}`;
      const cached = engines.get(guildId);
      if (cached?.key === key) return cached.engine;
      const parts: StorePart[] = [
        ...(config.corpusScope === 'both' ? [{ store: baseEngine.store, prefix: '' }] : []),
        ...(own ? [{ store: own, prefix: SERVER_SOURCE_PREFIX }] : []),
      ];
      const engine = createCorpusEngine(combinedStore(parts, baseEngine.store.model), baseEngine.embedder, { quoteCheck: { warn } });
      engines.set(guildId, { key, engine });
      return engine;
    },
    loaded: () => stores.size,
  };
}
