/**
 * The PostgreSQL store's figures for docs/postgres.md, rendered from `bench/eval-postgres.json`
 * (`npm run eval -- --store postgres`) and `bench/postgres.json` (`npm run bench -- --only postgres`).
 */
import { z } from 'zod';
import { day, fixed, pair, percentiles, table, whole } from './figureBlocks.js';

const storeFigures = z.object({ questions: z.number(), hitAt1: z.number(), precisionOfAnswered: z.number(), coverage: z.number() });

export const postgresEvalSchema = z.object({
  model: z.string(),
  part: z.string(),
  measuredAt: z.string(),
  results: z.record(z.object({ file: storeFigures, postgres: storeFigures })),
});

export const postgresBenchSchema = z.object({
  measuredAt: z.string(),
  server: z.string(),
  file: z.object({
    ingest: z.object({ passages: z.number(), passagesPerSecond: z.number() }),
    queries: z.object({ queryMs: percentiles, peakRssMb: z.number(), indexLoadMs: z.number() }),
  }),
  postgres: z.object({
    articles: z.number(),
    passages: z.number(),
    passagesPerSecond: z.number(),
    openMs: z.number(),
    queryMs1Client: percentiles,
    queryMs8Clients: percentiles,
    processPeakRssMb: z.number(),
  }),
  hnsw: z.object({
    vectors: z.number(),
    insertSeconds: z.number(),
    hnswBuildSeconds: z.number(),
    recallAt5: z.object({ efSearch40: z.number(), efSearch100: z.number() }),
    hnswQueryMs: z.object({ efSearch40: percentiles, efSearch100: percentiles }),
  }),
});

export type PostgresEval = z.infer<typeof postgresEvalSchema>;
export type PostgresBench = z.infer<typeof postgresBenchSchema>;

/** Each eval corpus's held-out hit@1, precision and coverage from the file index and from PostgreSQL. */
function evalBlock(results: PostgresEval): string {
  return [
    `${results.model}, ${results.part} part, measured ${day(results.measuredAt)}.`,
    '',
    table(
      ['corpus', 'answerable questions', 'hit@1 file / PostgreSQL', 'precision file / PostgreSQL', 'coverage file / PostgreSQL'],
      Object.entries(results.results).map(([name, { file, postgres }]) => [
        name,
        String(file.questions),
        `${fixed(file.hitAt1)} / ${fixed(postgres.hitAt1)}`,
        `${fixed(file.precisionOfAnswered)} / ${fixed(postgres.precisionOfAnswered)}`,
        `${fixed(file.coverage)} / ${fixed(postgres.coverage)}`,
      ]),
    ),
  ].join('\n');
}

function benchBlock(bench: PostgresBench): string {
  const { file, postgres, hnsw } = bench;
  return [
    `${whole(postgres.articles)} synthetic articles (${whole(postgres.passages)} passages, 384-d stand-in vectors), ${bench.server}, measured ${day(bench.measuredAt)}.`,
    '',
    table(
      ['what', 'file index', 'PostgreSQL store'],
      [
        ['ingest (passages/s, vectors given)', fixed(file.ingest.passagesPerSecond, 1), fixed(postgres.passagesPerSecond, 1)],
        ['whole question, 1 client, p50 / p95 (ms)', pair(file.queries.queryMs), pair(postgres.queryMs1Client)],
        ['whole question, 8 clients at once, p50 / p95 (ms)', '-', pair(postgres.queryMs8Clients)],
        ['answering process peak RSS (MB)', fixed(file.queries.peakRssMb, 0), fixed(postgres.processPeakRssMb, 0)],
        ['opening the store (ms)', whole(file.queries.indexLoadMs), whole(postgres.openMs)],
      ],
    ),
    '',
    table(
      ['HNSW over synthetic 384-d vectors', 'figure'],
      [
        ['vectors', whole(hnsw.vectors)],
        ['writing them / building the index (s)', `${fixed(hnsw.insertSeconds, 0)} / ${fixed(hnsw.hnswBuildSeconds, 0)}`],
        [
          'recall@5 against the exact scan, ef_search 40 / 100',
          `${fixed(hnsw.recallAt5.efSearch40, 3)} / ${fixed(hnsw.recallAt5.efSearch100, 3)}`,
        ],
        [
          'top-5 query, ef_search 40 / 100, p50 (ms)',
          `${fixed(hnsw.hnswQueryMs.efSearch40.p50, 1)} / ${fixed(hnsw.hnswQueryMs.efSearch100.p50, 1)}`,
        ],
      ],
    ),
  ].join('\n');
}

export function postgresFigureBlocks(evalResults: PostgresEval, bench: PostgresBench): Record<string, string> {
  return { 'postgres-eval': evalBlock(evalResults), 'postgres-bench': benchBlock(bench) };
}
