/**
 * An eval corpus in the PostgreSQL passage store, beside its file index: ingested (with its
 * probes) into the tenant `eval-<corpus>` and opened with its engine, so `npm run eval -- --store
 * postgres` asks both stores the same questions.
 */
import { createCorpusEngine, type CorpusEngineWithRanking } from '../answer/createCorpusEngine.js';
import { probeIndex } from '../answer/probeIndex.js';
import { sourceRootOf } from '../corpus/loadCorpus.js';
import type { Embedder } from '../embedding/embedder.js';
import type { PassageStore } from '../index/passageStore.js';
import { ingestIntoPostgres } from '../index/postgresIngest.js';
import { openPostgresStore } from '../index/postgresStore.js';
import type pg from 'pg';
import type { EvalCorpus } from './evalCorpora.js';

export interface EvalStore {
  /** Where it was ingested: the run removes it after (scripts/eval.ts). */
  tenant: string;
  store: PassageStore;
  engine: CorpusEngineWithRanking;
}

export async function openEvalPostgres(pool: pg.Pool, corpus: EvalCorpus, embedder: Embedder): Promise<EvalStore> {
  const tenant = `eval-${corpus.name}`;
  await ingestIntoPostgres({
    pool,
    tenant,
    corpusDir: corpus.corpusDir,
    projectRoot: sourceRootOf(corpus.corpusDir),
    embedder,
    probe: probeIndex(embedder),
  });
  const store = await openPostgresStore(pool, tenant);
  // Answers are checked as the bot checks them, so the eval scores what a user would see.
  const quoteCheck = { warn: (message: string) => process.stderr.write(`${message}\n`) };
  return { tenant, store, engine: createCorpusEngine(store, embedder, { quoteCheck }) };
}
