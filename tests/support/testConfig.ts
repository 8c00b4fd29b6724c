import { cp } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT, loadCoreConfig, type CoreConfig } from '../../src/config.js';
import { OFFLINE_MODEL } from '../../src/embedding/profiles.js';
import { tempFolder } from './tempFolder.js';

/** The shared model cache: `pretest` builds the offline model there once. */
export const MODEL_CACHE_DIR = path.join(PROJECT_ROOT, '.cache', 'models');

/** A config on the offline model for the corpus, index and data folders under `root` (corpus/, index/, data/). */
export function testConfig(root: string, overrides: Partial<CoreConfig> = {}): CoreConfig {
  return {
    ...loadCoreConfig({}),
    corpusDir: path.join(root, 'corpus'),
    indexDir: path.join(root, 'index'),
    dataDir: path.join(root, 'data'),
    modelCacheDir: MODEL_CACHE_DIR,
    embeddingModel: OFFLINE_MODEL,
    ...overrides,
  };
}

/**
 * A config for a fresh temporary copy of the real corpus with no index yet, for tests of the
 * ingest itself; a test that only needs an index takes `seedCorpus`/`copySeedCorpus`.
 */
export async function tempCorpusConfig(): Promise<CoreConfig> {
  const config = testConfig(tempFolder('test'));
  await cp(path.join(PROJECT_ROOT, 'corpus'), config.corpusDir, { recursive: true });
  return config;
}
