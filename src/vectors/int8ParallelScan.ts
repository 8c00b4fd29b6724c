/**
 * A candidate dense scan for the benchmark: vectors quantised to int8 (a quarter of the
 * bytes), scanned by the SIMD kernel on both cores at once — the main thread takes the first
 * half of the rows while a worker thread, sharing the same WebAssembly memory, takes the
 * second — and the best `rescore` rows re-ranked with exact float dot products, because
 * int8 rounding alone reorders near-ties.
 */
import { Worker } from 'node:worker_threads';
import { cosine, type DenseScan, topRows } from './denseScan.js';
import { instantiateKernels, simdKernelBytes } from './simdKernel.js';

export interface ClosableScan extends DenseScan {
  close(): Promise<void>;
}

/** Query components are scaled to ±QUERY_SCALE, so 127 × QUERY_SCALE × 768 dims still fits an int32 sum. */
const QUERY_SCALE = 16383;
const CODE_ALIGN = 16;
/** Below this many rows a worker hand-off costs more than it saves. */
const MIN_ROWS_TO_SPLIT = 8192;

/** Control words shared with the worker: request generation, finished generation, rows to scan. */
const REQUEST = 0;
const DONE = 1;
const FIRST = 2;
const END = 3;

// Runs in the worker, written as plain JavaScript because the worker is started from source.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { bytes, memory, control, args } = workerData;
const { scan_i8 } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
let seen = 0;
for (;;) {
  Atomics.wait(control, ${REQUEST}, seen);
  seen = Atomics.load(control, ${REQUEST});
  if (seen < 0) break;
  scan_i8(...args, control[${FIRST}], control[${END}]);
  Atomics.store(control, ${DONE}, seen);
  Atomics.notify(control, ${DONE});
}
`;

/** Per-row symmetric quantisation: code = round(x / scale), scale = max |x| / 127. */
export function quantiseRows(vectors: Float32Array, dimensions: number, codes: Int8Array, stride: number, scales: Float32Array): void {
  const rows = vectors.length / dimensions;
  for (let row = 0; row < rows; row += 1) {
    let max = 0;
    for (let d = 0; d < dimensions; d += 1) max = Math.max(max, Math.abs(vectors[row * dimensions + d] as number));
    const scale = max > 0 ? max / 127 : 1;
    scales[row] = scale;
    for (let d = 0; d < dimensions; d += 1) codes[row * stride + d] = Math.round((vectors[row * dimensions + d] as number) / scale);
  }
}

export function int8ParallelScan(vectors: Float32Array, dimensions: number, rescore: number): ClosableScan {
  const rows = vectors.length / dimensions;
  const stride = Math.ceil(dimensions / CODE_ALIGN) * CODE_ALIGN;
  const codesOffset = 0;
  const scalesOffset = rows * stride;
  const queryOffset = scalesOffset + rows * 4;
  const scoresOffset = queryOffset + stride * 2;
  const pages = Math.ceil((scoresOffset + rows * 4) / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const kernels = instantiateKernels(memory, true);
  if (!kernels) throw new Error('This runtime has no WebAssembly SIMD.');
  const codes = new Int8Array(memory.buffer, codesOffset, rows * stride);
  const scales = new Float32Array(memory.buffer, scalesOffset, rows);
  const query16 = new Int16Array(memory.buffer, queryOffset, stride);
  const scores = new Float32Array(memory.buffer, scoresOffset, rows);
  quantiseRows(vectors, dimensions, codes, stride, scales);

  const control = new Int32Array(new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT));
  const args = [codesOffset, scalesOffset, queryOffset, scoresOffset, stride];
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bytes: simdKernelBytes(true), memory, control, args } });
  worker.unref();

  const scanRows = (first: number, end: number) => {
    if (end - first < MIN_ROWS_TO_SPLIT) return kernels.scanI8(codesOffset, scalesOffset, queryOffset, scoresOffset, stride, first, end);
    const middle = first + Math.floor((end - first) / 2);
    control[FIRST] = middle;
    control[END] = end;
    const generation = Atomics.add(control, REQUEST, 1) + 1;
    Atomics.notify(control, REQUEST);
    kernels.scanI8(codesOffset, scalesOffset, queryOffset, scoresOffset, stride, first, middle);
    for (let done = Atomics.load(control, DONE); done !== generation; done = Atomics.load(control, DONE)) Atomics.wait(control, DONE, done);
  };

  return {
    topRows(query, range, k) {
      let max = 0;
      for (const x of query) max = Math.max(max, Math.abs(x));
      const scale = max > 0 ? QUERY_SCALE / max : 0;
      for (let d = 0; d < dimensions; d += 1) query16[d] = Math.round((query[d] as number) * scale);
      scanRows(range.first, range.end);
      const shortlist = topRows(scores.subarray(range.first, range.end), range.first, Math.max(k, rescore));
      const exact = Float32Array.from(shortlist, (row) => cosine(vectors, row, query));
      return topRows(exact, 0, k).map((i) => shortlist[i] as number);
    },
    async close() {
      Atomics.store(control, REQUEST, -1);
      Atomics.notify(control, REQUEST);
      await worker.terminate();
    },
  };
}
