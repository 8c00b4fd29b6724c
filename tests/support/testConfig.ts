import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT, loadCoreConfig, type CoreConfig } from '../../src/config.js';
import { OFFLINE_MODEL } from '../../src/embedding/profiles.js';

/** The shared model cache: `pretest` builds the offline model there once. */
export const MODEL_CACHE_DIR = path.join(PROJECT_ROOT, '.cache', 'models');

/** A config for a fresh temporary corpus (a copy of the real one) and index, on the offline model. */
export async function tempCorpusConfig(overrides: Partial<CoreConfig> = {}): Promise<CoreConfig> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-test-'));
  const corpusDir = path.join(dir, 'corpus');
  await cp(path.join(PROJECT_ROOT, 'corpus'), corpusDir, { recursive: true });
  return {
    ...loadCoreConfig({}),
    corpusDir,
    indexDir: path.join(dir, 'index'),
    dataDir: path.join(dir, 'data'),
    modelCacheDir: MODEL_CACHE_DIR,
    embeddingModel: OFFLINE_MODEL,
    ...overrides,
  };
}
