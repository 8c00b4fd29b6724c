/**
 * Vitest global setup: ingests the seed corpus once, before any test file runs, for the files
 * that use `seedCorpus`/`copySeedCorpus`, and removes it after the run.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import type { TestProject } from 'vitest/node';
import { PROJECT_ROOT } from '../../src/config.js';
import type { SeedIndex } from './seedCorpus.js';
import { testConfig } from './testConfig.js';

type Ingest = typeof import('../../src/index/ingest.js');
type Embedding = typeof import('../../src/embedding/embedder.js');

export default async function seedIndexSetup(project: TestProject): Promise<() => Promise<void>> {
  // Through tsx, as scripts run: the global setup's own module runner lacks import.meta.resolve,
  // which the ingest's conversion worker needs.
  const { ingestCorpus } = (await tsImport('../../src/index/ingest.ts', import.meta.url)) as Ingest;
  const { createEmbedder } = (await tsImport('../../src/embedding/embedder.ts', import.meta.url)) as Embedding;
  const root = await mkdtemp(path.join(os.tmpdir(), 'verbatim-seed-'));
  const config = testConfig(root);
  await cp(path.join(PROJECT_ROOT, 'corpus'), config.corpusDir, { recursive: true });
  const embedder = await createEmbedder({ model: config.embeddingModel, cacheDir: config.modelCacheDir, hubTimeoutMs: 100 });
  const summary = await ingestCorpus({ corpusDir: config.corpusDir, indexDir: config.indexDir, projectRoot: root, embedder });
  const seedIndex: SeedIndex = { root, summary };
  project.provide('seedIndex', seedIndex);
  return () => rm(root, { recursive: true, force: true });
}
