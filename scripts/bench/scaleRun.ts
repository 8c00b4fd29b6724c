/**
 * One measurement in its own process, so that peak memory and cold-load time are its own:
 *   ingest   --corpus DIR --index DIR --model offline|random384
 *   query    --corpus DIR --index DIR --model offline|random384   (every quote checked against the corpus, as the bot does)
 *   vectra   --index DIR   (the naive baseline: one vectra LocalIndex holding every vector)
 *   scan     --index DIR --model …   (the dense-scan options over the same vectors and queries)
 * Prints one JSON object on stdout.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LocalIndex } from 'vectra';
import { createCorpusEngine, type QueryPhase } from '../../src/answer/createCorpusEngine.js';
import { peakRssMb, percentile, randomVectorEmbedder, round, timed } from './lib/measure.js';
import { compareScans } from './lib/scanComparison.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { createEmbedder } from '../../src/embedding/embedder.js';
import { OFFLINE_MODEL } from '../../src/embedding/profiles.js';
import { ingestCorpus, type PassageEmbedder } from '../../src/index/ingest.js';
import { loadIndex } from '../../src/index/loadIndex.js';
import { openIndexStore } from '../../src/index/fileStore.js';
import { parseEvalSet } from '../../src/eval/metrics.js';

const { values, positionals } = parseArgs({
  options: { corpus: { type: 'string' }, index: { type: 'string' }, model: { type: 'string', default: 'offline' } },
  allowPositionals: true,
});
const mode = positionals[0];
const indexDir = path.resolve(values.index as string);

async function embedderFor(model: string): Promise<PassageEmbedder & { embedQuery(text: string): Promise<Float32Array> }> {
  if (model === 'random384') return randomVectorEmbedder(384);
  return createEmbedder({ model: OFFLINE_MODEL, cacheDir: path.join(PROJECT_ROOT, '.cache', 'models'), hubTimeoutMs: 100 });
}

const questions = parseEvalSet(readFileSync(path.join(PROJECT_ROOT, 'tests/eval/questions.jsonl'), 'utf8')).map((q) => q.question);

async function measureIngest() {
  const embedder = await embedderFor(values.model);
  const { value: summary, ms } = await timed(() =>
    ingestCorpus({
      corpusDir: path.resolve(values.corpus as string),
      indexDir,
      projectRoot: path.resolve(values.corpus as string, '..'),
      embedder,
    }),
  );
  return {
    articles: summary.articles,
    passages: summary.passages,
    seconds: round(ms / 1000),
    passagesPerSecond: round(summary.passagesPerSecond, 1),
    indexMb: round(summary.indexBytes / 1e6),
    skipped: summary.skipped.length,
    peakRssMb: peakRssMb(),
  };
}

async function measureQueries() {
  // Both load at once, as the bot starts; the cold load is when both are ready.
  const started = performance.now();
  const [embedder, { value: store, ms: indexLoadMs }] = await Promise.all([
    embedderFor(values.model),
    timed(() => openIndexStore(indexDir, path.resolve(values.corpus as string))),
  ]);
  const coldLoadMs = performance.now() - started;
  const phases: Record<QueryPhase, number[]> = { embedding: [], retrieval: [], assembly: [] };
  let recording = false;
  const engine = createCorpusEngine(store, embedder, {
    quoteCheck: { warn: (message) => process.stderr.write(`${message}\n`) },
    onPhase: (phase, ms) => {
      if (recording) phases[phase].push(ms);
    },
  });
  const total: number[] = [];
  // Two rounds: the first warms the JIT and caches; only the second is recorded.
  for (const round_ of [0, 1]) {
    recording = round_ === 1;
    for (const question of questions) {
      const { ms } = await timed(() => engine.ask(question, { k: 5 }));
      if (recording) total.push(ms);
    }
  }
  const stats = (xs: number[]) => ({ p50: round(percentile(xs, 50)), p95: round(percentile(xs, 95)) });
  return {
    passages: store.passageCount,
    coldLoadMs: round(coldLoadMs),
    indexLoadMs: round(indexLoadMs),
    queryMs: stats(total),
    embeddingMs: stats(phases.embedding),
    retrievalMs: stats(phases.retrieval),
    answerAssemblyMs: stats(phases.assembly),
    peakRssMb: peakRssMb(),
  };
}

/** The naive design: all vectors in one vectra LocalIndex (one index.json), queried with queryItems. */
async function measureVectraBaseline() {
  const snapshot = await loadIndex(indexDir);
  const dims = snapshot.dimensions;
  const dir = path.join(indexDir, '..', `${path.basename(indexDir)}-vectra-naive`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const items = snapshot.passages.map((p, row) => {
    const vector = Array.from(snapshot.vectors.subarray(row * dims, (row + 1) * dims));
    return { id: p.id, metadata: { source: p.source }, vector, norm: Math.hypot(...vector) };
  });
  let json: string;
  try {
    // vectra's own format; building it with insertItem would take hours at this size (a linear uniqueness scan per insert).
    json = JSON.stringify({ version: 1, metadata_config: {}, items });
  } catch (error) {
    return { passages: items.length, saved: false, error: `${(error as Error).name}: ${(error as Error).message}`, peakRssMb: peakRssMb() };
  }
  await writeFile(path.join(dir, 'index.json'), json);
  const indexMb = round(json.length / 1e6);
  json = '';
  const index = new LocalIndex(dir);
  const { ms: loadMs } = await timed(() => index.getIndexStats());
  const embedder = await embedderFor(values.model);
  const times: number[] = [];
  for (let round_ = 0; round_ < 2; round_ += 1) {
    for (const question of questions) {
      const vector = Array.from(await embedder.embedQuery(question));
      const { ms } = await timed(() => index.queryItems(vector, question, 40));
      if (round_ === 1) times.push(ms);
    }
  }
  await rm(dir, { recursive: true, force: true });
  return {
    passages: items.length,
    saved: true,
    indexMb,
    loadMs: round(loadMs),
    queryMs: { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)) },
    peakRssMb: peakRssMb(),
  };
}

/** Scan queries: the eval questions, then the opening words of passages spread over the index, as a user quoting one would ask. */
const SCAN_QUERIES = 300;
const SCAN_K = 40;

async function measureScans() {
  const snapshot = await loadIndex(indexDir);
  const embedder = await embedderFor(values.model);
  const step = Math.max(1, Math.floor(snapshot.passages.length / SCAN_QUERIES));
  const texts = [
    ...questions,
    ...snapshot.passages.filter((_, row) => row % step === 0).map((p) => p.text.split(/\s+/u).slice(0, 10).join(' ')),
  ].slice(0, SCAN_QUERIES);
  const queries = await Promise.all(texts.map((text) => embedder.embedQuery(text)));
  const options = await compareScans(snapshot.vectors, snapshot.dimensions, snapshot.dense, queries, SCAN_K);
  return {
    passages: snapshot.passages.length,
    dimensions: snapshot.dimensions,
    queries: queries.length,
    k: SCAN_K,
    options,
    peakRssMb: peakRssMb(),
  };
}

const modes: Record<string, () => Promise<unknown>> = {
  ingest: measureIngest,
  query: measureQueries,
  vectra: measureVectraBaseline,
  scan: measureScans,
};
const run = mode ? modes[mode] : undefined;
const result = run ? await run() : null;
if (!result) {
  process.stderr.write('usage: scaleRun.ts ingest|query|vectra|scan --index DIR [--corpus DIR] [--model offline|random384]\n');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(result)}\n`);
