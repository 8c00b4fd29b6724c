import path from 'node:path';
import { openCorpusEngine } from '../../src/answer/openEngine.js';
import { ingestCorpus } from '../../src/index/ingest.js';
import { createEmbedder } from '../../src/embedding/embedder.js';
import type { CoreConfig } from '../../src/config.js';
import { tempCorpusConfig } from './testConfig.js';

/** A freshly ingested temporary copy of the real corpus, and an engine over it. */
export async function ingestedCorpus(overrides: Partial<CoreConfig> = {}) {
  const config = await tempCorpusConfig(overrides);
  const embedder = await createEmbedder({ model: config.embeddingModel, cacheDir: config.modelCacheDir, hubTimeoutMs: 100 });
  await ingestCorpus({ corpusDir: config.corpusDir, indexDir: config.indexDir, projectRoot: path.dirname(config.corpusDir), embedder });
  const engine = await openCorpusEngine(config, { log: () => undefined });
  return { config, engine, projectRoot: path.dirname(config.corpusDir) };
}
