/**
 * Many servers, one bot process: SERVERS synthetic servers of ARTICLES articles each get their
 * own index, then questions come from all of them in turn through the per-server engines, with
 * at most MAX_SERVER_INDEXES loaded. RSS is sampled after every round of questions: it must
 * stay flat once the cap is reached. Prints one JSON line.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { openCorpusEngine } from '../../src/answer/openEngine.js';
import { serverCorpusOf, serverEngines } from '../../src/answer/serverEngines.js';
import { loadCoreConfig, PROJECT_ROOT } from '../../src/config.js';
import { createEmbedder } from '../../src/embedding/embedder.js';
import { OFFLINE_MODEL } from '../../src/embedding/profiles.js';
import { ingestCorpus } from '../../src/index/ingest.js';
import { peakRssMb, percentile, round } from './lib/measure.js';
import { writeSyntheticCorpus } from './lib/syntheticCorpus.js';

const SERVERS = 200;
const ARTICLES = 20;
const MAX_SERVER_INDEXES = 50;
const ROUNDS = 3;
const QUESTIONS = ['How many soldiers were deployed?', 'Who said the army would leave?', 'When did the talks begin?'];

const root = path.join(PROJECT_ROOT, 'bench', 'tmp', 'servers');
await rm(root, { recursive: true, force: true });
const config = {
  ...loadCoreConfig({}),
  indexDir: path.join(root, 'base-index'),
  dataDir: path.join(root, 'data'),
  embeddingModel: OFFLINE_MODEL,
  maxServerIndexes: MAX_SERVER_INDEXES,
  corpusScope: 'both' as const,
};
const embedder = await createEmbedder({ model: OFFLINE_MODEL, cacheDir: config.modelCacheDir, hubTimeoutMs: 100 });
await ingestCorpus({ corpusDir: config.corpusDir, indexDir: config.indexDir, projectRoot: path.dirname(config.corpusDir), embedder });
const base = await openCorpusEngine(config, { log: () => undefined, embedder });

const ids = Array.from({ length: SERVERS }, (_, i) => String(330_000_000_000_000_000n + BigInt(i)));
const ingestStarted = performance.now();
for (const [i, id] of ids.entries()) {
  const { corpusDir, indexDir } = serverCorpusOf(config.dataDir, id);
  await mkdir(corpusDir, { recursive: true });
  await writeSyntheticCorpus({ sourceDir: path.join(PROJECT_ROOT, 'corpus'), outDir: corpusDir, articles: ARTICLES, seed: i + 1 });
  await ingestCorpus({ corpusDir, indexDir, projectRoot: path.dirname(corpusDir), embedder });
}
const ingestSeconds = (performance.now() - ingestStarted) / 1000;

const engines = serverEngines(
  config,
  () => base,
  (message) => process.stderr.write(`${message}\n`),
);
const rssMb = () => round(process.memoryUsage().rss / 2 ** 20, 1);
const rounds: Array<{ rssMb: number; loaded: number; p95Ms: number }> = [];
for (let r = 0; r < ROUNDS; r += 1) {
  const times: number[] = [];
  for (const id of ids) {
    const started = performance.now();
    const engine = await engines.forServer(id);
    await engine.ask(QUESTIONS[r % QUESTIONS.length] as string);
    times.push(performance.now() - started);
  }
  rounds.push({ rssMb: rssMb(), loaded: engines.loaded(), p95Ms: round(percentile(times, 95)) });
}
await rm(root, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({ servers: SERVERS, articlesPerServer: ARTICLES, maxServerIndexes: MAX_SERVER_INDEXES, ingestSeconds: round(ingestSeconds), rounds, peakRssMb: peakRssMb() })}\n`,
);
