/**
 * The index of an eval corpus, built (or updated) under data/eval/ with the chosen model and
 * opened with its engine: what `npm run eval`, `npm run fit` and `npm run calibrate` share.
 */
import path from 'node:path';
import { createCorpusEngine, type CorpusEngineWithRanking } from '../answer/createCorpusEngine.js';
import { type CoreConfig, PROJECT_ROOT } from '../config.js';
import { createEmbedder, type Embedder } from '../embedding/embedder.js';
import { type FilePassageStore, openIndexStore } from '../index/fileStore.js';
import type { EvalCorpus } from './evalCorpora.js';
import { formatIngestSummary, ingestWithProgress } from '../cli/ingestWithProgress.js';

export interface EvalIndex {
  store: FilePassageStore;
  engine: CorpusEngineWithRanking;
  embedder: Embedder;
  indexDir: string;
}

export const evalIndexDir = (corpus: string, model: string) =>
  path.join(PROJECT_ROOT, 'data', 'eval', `${corpus}-${model.replace(/[^\w.-]+/gu, '_')}`);

export async function openEvalIndex(config: CoreConfig, corpus: EvalCorpus, model: string): Promise<EvalIndex> {
  const indexDir = evalIndexDir(corpus.name, model);
  // The file index, whatever DATABASE_URL says: `--store postgres` builds the database's side itself.
  const summary = await ingestWithProgress(
    { ...config, databaseUrl: undefined },
    { corpusDir: corpus.corpusDir, indexDir, model, rebuild: false },
  );
  if (!summary.upToDate) process.stderr.write(`${corpus.name}: ${formatIngestSummary(summary)}\n`);
  const embedder = await createEmbedder({
    model,
    cacheDir: config.modelCacheDir,
    hubTimeoutMs: config.hubTimeoutMs,
    log: (m) => process.stderr.write(`${m}\n`),
  });
  const store = await openIndexStore(indexDir, corpus.corpusDir);
  // Answers are checked as the bot checks them, so the eval scores what a user would see.
  const quoteCheck = { warn: (message: string) => process.stderr.write(`${message}\n`) };
  return { store, engine: createCorpusEngine(store, embedder, { quoteCheck }), embedder, indexDir };
}
