/**
 * One PostgreSQL-store measurement in its own process (so peak memory is its own), against
 * DATABASE_URL (from the environment, never the command line: `ps` would show its password):
 *   store   --corpus DIR   ingest the corpus (random 384-d stand-in vectors) into a fresh
 *                          tenant, then every seed question asked by 1 client and by 8 at once
 *   rss     --tenant T     only open the tenant's store and ask the seed questions: the
 *                          peak RSS of a process answering from PostgreSQL
 *   recall  --vectors N    N synthetic embedding-like 384-d unit vectors written straight into a
 *                          vector table; HNSW build time, and recall@5 of HNSW (ef_search
 *                          40 and 100) against the exact scan for 100 queries
 *   clean   --tenant T     removes what the others wrote (the tenant, the recall table)
 * Prints one JSON object on stdout.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCorpusEngine } from '../../src/answer/createCorpusEngine.js';
import { loadCoreConfig, PROJECT_ROOT } from '../../src/config.js';
import { parseEvalSet } from '../../src/eval/metrics.js';
import { vectorLiteral } from '../../src/index/vectorLiteral.js';
import { ingestIntoPostgres } from '../../src/index/postgresIngest.js';
import { postgresPool } from '../../src/index/postgresPool.js';
import { openPostgresStore } from '../../src/index/postgresStore.js';
import { removePostgresTenants } from '../../src/index/removePostgresTenants.js';
import { topRows } from '../../src/vectors/denseScan.js';
import { seededRandom } from '../../tests/support/seededRandom.js';
import { peakRssMb, percentile, randomVectorEmbedder, round, timed } from './lib/measure.js';

const { values, positionals } = parseArgs({
  options: {
    corpus: { type: 'string' },
    tenant: { type: 'string', default: 'bench' },
    vectors: { type: 'string', default: '20000' },
  },
  allowPositionals: true,
});
const { databaseUrl } = loadCoreConfig();
if (!databaseUrl) throw new Error('postgresRun.ts needs DATABASE_URL in its environment.');
const pool = postgresPool(databaseUrl);
const questions = parseEvalSet(readFileSync(path.join(PROJECT_ROOT, 'tests/eval/questions.jsonl'), 'utf8')).map((q) => q.question);
const stats = (xs: number[]) => ({ p50: round(percentile(xs, 50)), p95: round(percentile(xs, 95)) });
const embedder = randomVectorEmbedder(384);

async function measureStore() {
  const corpusDir = path.resolve(values.corpus as string);
  const { value: summary, ms } = await timed(() =>
    ingestIntoPostgres({ pool, tenant: values.tenant, corpusDir, projectRoot: path.dirname(corpusDir), embedder, rebuild: true }),
  );
  const { value: store, ms: openMs } = await timed(() => openPostgresStore(pool, values.tenant));
  const engine = createCorpusEngine(store, embedder);
  for (const question of questions) await engine.ask(question, { k: 5 });
  const one: number[] = [];
  for (const question of questions) one.push((await timed(() => engine.ask(question, { k: 5 }))).ms);
  // Eight clients at once, each asking its share of the questions one after another.
  const eight: number[] = [];
  await Promise.all(
    Array.from({ length: 8 }, async (_, client) => {
      for (const question of questions.filter((_q, i) => i % 8 === client))
        eight.push((await timed(() => engine.ask(question, { k: 5 }))).ms);
    }),
  );
  return {
    articles: summary.articles,
    passages: summary.passages,
    ingestSeconds: round(ms / 1000),
    passagesPerSecond: round(summary.passages / (ms / 1000), 1),
    tenantRowsMb: round(summary.indexBytes / 1e6),
    openMs: round(openMs),
    queryMs1Client: stats(one),
    queryMs8Clients: stats(eight),
  };
}

async function measureRss() {
  const { value: store, ms: openMs } = await timed(() => openPostgresStore(pool, values.tenant));
  const engine = createCorpusEngine(store, embedder);
  for (const question of questions) await engine.ask(question, { k: 5 });
  return { passages: store.passageCount, openMs: round(openMs), peakRssMb: peakRssMb() };
}

/**
 * Unit vectors with the structure of text embeddings: 200 topics in a 32-dimension space, mapped
 * into `dimensions` by one random linear map, plus a little noise. Clusters of isotropic 384-d
 * noise instead put every point almost equally far from every other, where no approximate
 * index can tell neighbours apart (recall@5 0.19 at 100,000 such vectors, measured).
 */
function embeddingLikeVectors(count: number, dimensions: number, seed: number): Float32Array {
  const latent = 32;
  const shape = seededRandom(1);
  const random = seededRandom(seed);
  const gaussian = (next: () => number) => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  // The map and the topics come from a fixed seed, so passages and queries share them.
  const map = Float32Array.from({ length: latent * dimensions }, () => gaussian(shape));
  const topics = Array.from({ length: 200 }, () => Float32Array.from({ length: latent }, () => gaussian(shape)));
  const vectors = new Float32Array(count * dimensions);
  const point = new Float32Array(latent);
  for (let i = 0; i < count; i += 1) {
    const topic = topics[Math.floor(random() * topics.length)] as Float32Array;
    for (let l = 0; l < latent; l += 1) point[l] = (topic[l] as number) + 0.5 * gaussian(random);
    const v = vectors.subarray(i * dimensions, (i + 1) * dimensions);
    for (let d = 0; d < dimensions; d += 1) {
      let sum = 0.3 * gaussian(random);
      for (let l = 0; l < latent; l += 1) sum += (point[l] as number) * (map[l * dimensions + d] as number);
      v[d] = sum;
    }
    const norm = Math.hypot(...v);
    for (let d = 0; d < dimensions; d += 1) v[d] = (v[d] as number) / norm;
  }
  return vectors;
}

async function measureRecall() {
  const count = Number(values.vectors);
  const dimensions = 384;
  const vectors = embeddingLikeVectors(count, dimensions, 1);
  const queries = embeddingLikeVectors(100, dimensions, 2);
  await pool.query('create extension if not exists vector');
  await pool.query('drop table if exists bench_recall');
  await pool.query(`create table bench_recall (id int primary key, embedding vector(${dimensions}) not null)`);
  const { ms: insertMs } = await timed(async () => {
    for (let from = 0; from < count; from += 1000) {
      const ids = Array.from({ length: Math.min(1000, count - from) }, (_, i) => from + i);
      await pool.query('insert into bench_recall select id, v::vector from unnest($1::int[], $2::text[]) as t(id, v)', [
        ids,
        ids.map((id) => vectorLiteral(vectors.subarray(id * dimensions, (id + 1) * dimensions))),
      ]);
    }
  });
  const { ms: buildMs } = await timed(() => pool.query('create index on bench_recall using hnsw (embedding vector_cosine_ops)'));
  const recall: Record<string, number> = {};
  const latency: Record<string, { p50: number; p95: number }> = {};
  for (const ef of [40, 100]) {
    let found = 0;
    const times: number[] = [];
    for (let q = 0; q < 100; q += 1) {
      const query = queries.subarray(q * dimensions, (q + 1) * dimensions);
      const scores = new Float32Array(count);
      for (let row = 0; row < count; row += 1) {
        let dot = 0;
        for (let d = 0; d < dimensions; d += 1) dot += (vectors[row * dimensions + d] as number) * (query[d] as number);
        scores[row] = dot;
      }
      const exact = new Set(topRows(scores, 0, 5));
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(`set local hnsw.ef_search = ${ef}`);
        const { value: result, ms } = await timed(() =>
          client.query<{ id: number }>('select id from bench_recall order by embedding <=> $1::vector limit 5', [vectorLiteral(query)]),
        );
        await client.query('commit');
        times.push(ms);
        found += result.rows.filter((r) => exact.has(r.id)).length;
      } finally {
        client.release();
      }
    }
    recall[`efSearch${ef}`] = round(found / 500, 3);
    latency[`efSearch${ef}`] = stats(times);
  }
  await pool.query('drop table bench_recall');
  return {
    vectors: count,
    dimensions,
    insertSeconds: round(insertMs / 1000),
    hnswBuildSeconds: round(buildMs / 1000),
    recallAt5: recall,
    hnswQueryMs: latency,
  };
}

async function clean() {
  await removePostgresTenants(pool, [values.tenant]);
  await pool.query('drop table if exists bench_recall');
  return { removed: [values.tenant, 'bench_recall'] };
}

const measure = { store: measureStore, rss: measureRss, recall: measureRecall, clean }[positionals[0] ?? ''];
if (!measure) throw new Error('Usage: DATABASE_URL=… postgresRun.ts store|rss|recall|clean …');
const result = await measure();
await pool.end();
process.stdout.write(`${JSON.stringify(result)}\n`);
