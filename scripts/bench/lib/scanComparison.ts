/**
 * The dense-scan options compared in one run over the same vectors and queries: warm
 * latency of a top-k query, the time to build whatever the option needs beyond the packed
 * float vectors, and how often its top 5 equals the exact float scan's top 5.
 */
import { cosine, type DenseScan, loopScan } from '../../../src/vectors/denseScan.js';
import { int8ParallelScan } from '../../../src/vectors/int8ParallelScan.js';
import { percentile, round } from './measure.js';

export interface ScanOptionResult {
  option: string;
  exact: boolean;
  buildMs: number;
  queryMs: { p50: number; p95: number };
  /** Share of queries whose top 5 rows are the exact scan's top 5 (as a set). */
  top5Preserved: number;
  /** Mean share of the exact top 5 found in the option's top 5. */
  recallAt5: number;
}

interface ScanOption {
  option: string;
  exact: boolean;
  build: () => Promise<DenseScan & { close?(): Promise<void> }>;
}

const RECALL_K = 5;
const INT8_RESCORE = 100;
const HNSW = { m: 16, efConstruction: 100, efSearch: 128 } as const;

async function hnswScan(vectors: Float32Array, dimensions: number): Promise<DenseScan> {
  const { default: hnswlib } = await import('hnswlib-node');
  const rows = vectors.length / dimensions;
  const index = new hnswlib.HierarchicalNSW('ip', dimensions);
  index.initIndex({ maxElements: Math.max(1, rows), m: HNSW.m, efConstruction: HNSW.efConstruction, randomSeed: 1 });
  for (let row = 0; row < rows; row += 1) index.addPoint(Array.from(vectors.subarray(row * dimensions, (row + 1) * dimensions)), row);
  index.setEf(HNSW.efSearch);
  return {
    topRows(query, range, k) {
      const wanted = Math.min(k, range.end - range.first);
      if (wanted === 0) return [];
      const filter = range.first === 0 && range.end === rows ? undefined : (label: number) => label >= range.first && label < range.end;
      const { neighbors } = index.searchKnn(Array.from(query), wanted, filter);
      // Re-rank the approximate neighbours exactly so near-ties order like the other scans.
      return neighbors.sort((a, b) => cosine(vectors, b, query) - cosine(vectors, a, query));
    },
  };
}

/** How many of `expected` are in `found`. */
function overlap(found: number[], expected: number[]): number {
  const set = new Set(found);
  return expected.filter((row) => set.has(row)).length;
}

/**
 * Runs every option over `queries`: one untimed pass to warm the JIT and caches, then a
 * timed one. `production` is the scan the index loader builds.
 */
export async function compareScans(
  vectors: Float32Array,
  dimensions: number,
  production: DenseScan,
  queries: Float32Array[],
  k: number,
): Promise<ScanOptionResult[]> {
  const rows = vectors.length / dimensions;
  const all = { first: 0, end: rows };
  const reference = loopScan(vectors, dimensions);
  const expected = queries.map((q) => reference.topRows(q, all, RECALL_K));
  const options: ScanOption[] = [
    { option: 'JavaScript loop, float32, 1 thread', exact: true, build: async () => reference },
    { option: 'WebAssembly SIMD, float32, 1 thread (in use)', exact: true, build: async () => production },
    {
      option: `WebAssembly SIMD, int8, 2 threads, float rescore of top ${INT8_RESCORE}`,
      exact: false,
      build: async () => int8ParallelScan(vectors, dimensions, INT8_RESCORE),
    },
    {
      option: `hnswlib-node HNSW (M ${HNSW.m}, efConstruction ${HNSW.efConstruction}, ef ${HNSW.efSearch})`,
      exact: false,
      build: () => hnswScan(vectors, dimensions),
    },
  ];
  const results: ScanOptionResult[] = [];
  for (const { option, exact, build } of options) {
    const started = performance.now();
    const scan = await build();
    const buildMs = performance.now() - started;
    for (const query of queries) scan.topRows(query, all, k);
    const times: number[] = [];
    let preserved = 0;
    let recalled = 0;
    queries.forEach((query, i) => {
      const t0 = performance.now();
      const found = scan.topRows(query, all, k);
      times.push(performance.now() - t0);
      const expectedTop = expected[i] as number[];
      const hits = overlap(found.slice(0, RECALL_K), expectedTop);
      recalled += hits / expectedTop.length;
      if (hits === expectedTop.length) preserved += 1;
    });
    await scan.close?.();
    results.push({
      option,
      exact,
      buildMs: round(buildMs),
      queryMs: { p50: round(percentile(times, 50), 3), p95: round(percentile(times, 95), 3) },
      top5Preserved: round(preserved / queries.length, 4),
      recallAt5: round(recalled / queries.length, 4),
    });
  }
  return results;
}
