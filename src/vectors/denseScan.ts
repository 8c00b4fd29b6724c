/**
 * The dense side of retrieval: an exact scan of every unit vector in a row range for the
 * highest dot products with the query. The vectors live in WebAssembly memory so the SIMD
 * kernel reads them in place (one copy in memory, no per-query transfer); where the runtime
 * lacks SIMD, or the dimension is not a multiple of four, a plain loop gives the same rows.
 * `npm run bench` compares this against int8 across both cores and hnswlib-node.
 */
import { instantiateKernels } from './simdKernel.js';

export interface RowRange {
  first: number;
  /** Exclusive. */
  end: number;
}

export interface DenseScan {
  /** Rows of `range` whose vectors have the `k` highest dot products with `query`, best first. */
  topRows(query: Float32Array, range: RowRange, k: number): number[];
}

/** Vectors to fill (`rows × dimensions`, row-major) and the scan that reads them. */
export interface PackedVectors {
  vectors: Float32Array;
  scan: DenseScan;
}

const WASM_PAGE_BYTES = 65536;
/** wasm32 addresses 4 GiB; a bigger index falls back to the plain loop. */
const WASM_MAX_PAGES = 65536;

export function cosine(vectors: Float32Array, row: number, query: Float32Array): number {
  const dims = query.length;
  const base = row * dims;
  let dot = 0;
  for (let d = 0; d < dims; d += 1) dot += (vectors[base + d] as number) * (query[d] as number);
  return dot;
}

/** Rows of the `k` highest scores, best first; a bounded selection instead of sorting every row. */
export function topRows(scores: Float32Array | Float64Array, first: number, k: number): number[] {
  const rows: number[] = [];
  let floor = -Infinity;
  for (let row = first; row < first + scores.length; row += 1) {
    const score = scores[row - first] as number;
    if (rows.length === k && score <= floor) continue;
    let i = rows.length === k ? k - 1 : rows.length;
    while (i > 0 && (scores[(rows[i - 1] as number) - first] as number) < score) {
      rows[i] = rows[i - 1] as number;
      i -= 1;
    }
    rows[i] = row;
    if (rows.length === k) floor = scores[(rows[k - 1] as number) - first] as number;
  }
  return rows;
}

function checkQuery(query: Float32Array, dimensions: number): void {
  if (query.length !== dimensions) throw new Error(`The query has ${query.length} dimensions, the index has ${dimensions}.`);
}

/** The exact scan as a plain JavaScript loop: the reference the faster scans are checked against. */
export function loopScan(vectors: Float32Array, dimensions: number): DenseScan {
  return {
    topRows(query, range, k) {
      checkQuery(query, dimensions);
      const scores = new Float32Array(range.end - range.first);
      for (let row = range.first; row < range.end; row += 1) scores[row - range.first] = cosine(vectors, row, query);
      return topRows(scores, range.first, k);
    },
  };
}

/** The exact scan with the WebAssembly SIMD kernel, or null where it cannot run. */
function simdScan(rows: number, dimensions: number): PackedVectors | null {
  if (dimensions % 4 !== 0) return null;
  const queryOffset = rows * dimensions * Float32Array.BYTES_PER_ELEMENT;
  const scoresOffset = queryOffset + dimensions * Float32Array.BYTES_PER_ELEMENT;
  const pages = Math.max(1, Math.ceil((scoresOffset + rows * Float32Array.BYTES_PER_ELEMENT) / WASM_PAGE_BYTES));
  if (pages > WASM_MAX_PAGES) return null;
  const memory = new WebAssembly.Memory({ initial: pages });
  const kernels = instantiateKernels(memory, false);
  if (!kernels) return null;
  // The memory never grows, so these views stay attached for the snapshot's lifetime.
  const vectors = new Float32Array(memory.buffer, 0, rows * dimensions);
  const queryView = new Float32Array(memory.buffer, queryOffset, dimensions);
  const scores = new Float32Array(memory.buffer, scoresOffset, rows);
  return {
    vectors,
    scan: {
      topRows(query, range, k) {
        checkQuery(query, dimensions);
        queryView.set(query);
        kernels.scanF32(0, queryOffset, scoresOffset, dimensions, range.first, range.end);
        return topRows(scores.subarray(range.first, range.end), range.first, k);
      },
    },
  };
}

/** Zeroed storage for `rows` vectors, with the fastest exact scan this runtime offers over it. */
export function allocatePackedVectors(rows: number, dimensions: number): PackedVectors {
  const simd = simdScan(rows, dimensions);
  if (simd) return simd;
  const vectors = new Float32Array(rows * dimensions);
  return { vectors, scan: loopScan(vectors, dimensions) };
}
