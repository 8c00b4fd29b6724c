/**
 * The dense scan's inner loop as a WebAssembly SIMD module, emitted here byte by byte so the
 * project needs no compiler toolchain and no binary blob. A JavaScript loop over 100,000 ×
 * 384 floats cannot keep up with memory (~60 ms); four lanes per instruction can (~10–20 ms).
 *
 * Two kernels, both writing one score per row into `out[row]` for rows `[first, end)`:
 *   scan_f32(vectors, query, out, dims, first, end)         exact float32 dot products
 *   scan_i8(codes, scales, query16, out, stride, first, end)  int8 codes × int16 query, times
 *     the row's scale: a quarter of the memory traffic, for ranking before an exact rescore
 * Pointers are byte offsets into the imported memory; `dims` must be a positive multiple of 4
 * and `stride` (bytes per code row) a positive multiple of 16.
 */

const WASM_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const I32 = 0x7f;
const V128 = 0x7b;

function uleb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return bytes;
}

function sleb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (text: string) => vec([...Buffer.from(text, 'utf8')].map((b) => [b]));

/** The instructions the kernels use, named as in the WebAssembly text format. */
const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  i32Const: (n: number) => [0x41, ...sleb(n)],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  i32GeU: [0x4f],
  i32Ne: [0x47],
  f32Add: [0x92],
  f32Mul: [0x94],
  f32ConvertI32S: [0xb2],
  /** memarg: log2 alignment, then offset. */
  f32Load: [0x2a, 2, 0],
  f32Store: [0x38, 2, 0],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  simd: (code: number, ...immediates: number[]) => [0xfd, ...uleb(code), ...immediates],
};
const v128Load = (offset = 0) => op.simd(0x00, 4, ...uleb(offset));
const v128Zero = op.simd(0x0c, ...new Array<number>(16).fill(0));
const f32x4Add = op.simd(228);
const f32x4Mul = op.simd(230);
const i32x4Add = op.simd(174);
const i32x4DotI16x8S = op.simd(186);
const i16x8ExtendLowI8x16S = op.simd(135);
const i16x8ExtendHighI8x16S = op.simd(136);
const f32x4Lane = (lane: number) => op.simd(0x1f, lane);
const i32x4Lane = (lane: number) => op.simd(0x1b, lane);

/** The sum of a vector's four lanes, leaving one scalar on the stack. */
function horizontalSum(local: number, lane: (n: number) => number[], add: number[]): number[] {
  return [
    ...op.localGet(local),
    ...lane(0),
    ...op.localGet(local),
    ...lane(1),
    ...add,
    ...op.localGet(local),
    ...lane(2),
    ...add,
    ...op.localGet(local),
    ...lane(3),
    ...add,
  ];
}

/**
 * The loop both kernels share: for each row, zero the accumulator, run `inner` until the
 * row pointer reaches the row's end, then store `score` at out[row].
 */
function rowLoop(
  locals: {
    out: number;
    first: number;
    end: number;
    row: number;
    p: number;
    qp: number;
    stop: number;
    acc: number;
    query: number;
    rowBytes: number;
  },
  inner: number[],
  score: number[],
): number[] {
  const { out, end, row, p, qp, stop, acc, query, rowBytes } = locals;
  return [
    ...op.localGet(locals.first),
    ...op.localSet(row),
    ...op.block,
    ...op.loop,
    ...op.localGet(row),
    ...op.localGet(end),
    ...op.i32GeU,
    ...op.brIf(1),
    ...v128Zero,
    ...op.localSet(acc),
    ...op.localGet(query),
    ...op.localSet(qp),
    ...op.localGet(p),
    ...op.localGet(rowBytes),
    ...op.i32Add,
    ...op.localSet(stop),
    ...op.loop,
    ...inner,
    ...op.localGet(p),
    ...op.localGet(stop),
    ...op.i32Ne,
    ...op.brIf(0),
    ...op.end,
    ...op.localGet(out),
    ...op.localGet(row),
    ...op.i32Const(2),
    ...op.i32Shl,
    ...op.i32Add,
    ...score,
    ...op.f32Store,
    ...op.localGet(row),
    ...op.i32Const(1),
    ...op.i32Add,
    ...op.localSet(row),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

const advance = (local: number, bytes: number) => [...op.localGet(local), ...op.i32Const(bytes), ...op.i32Add, ...op.localSet(local)];

function scanF32Body(): number[] {
  // params 0 vectors, 1 query, 2 out, 3 dims, 4 first, 5 end; locals 6 row, 7 p, 8 qp, 9 stop, 10 rowBytes (i32), 11 acc (v128)
  const l = { vectors: 0, query: 1, out: 2, dims: 3, first: 4, end: 5, row: 6, p: 7, qp: 8, stop: 9, rowBytes: 10, acc: 11 };
  const inner = [
    ...op.localGet(l.acc),
    ...op.localGet(l.p),
    ...v128Load(),
    ...op.localGet(l.qp),
    ...v128Load(),
    ...f32x4Mul,
    ...f32x4Add,
    ...op.localSet(l.acc),
    ...advance(l.p, 16),
    ...advance(l.qp, 16),
  ];
  const body = [
    ...op.localGet(l.dims),
    ...op.i32Const(2),
    ...op.i32Shl,
    ...op.localSet(l.rowBytes),
    ...op.localGet(l.vectors),
    ...op.localGet(l.first),
    ...op.localGet(l.rowBytes),
    ...op.i32Mul,
    ...op.i32Add,
    ...op.localSet(l.p),
    ...rowLoop(l, inner, horizontalSum(l.acc, f32x4Lane, op.f32Add)),
    ...op.end,
  ];
  return [
    ...vec([
      [...uleb(5), I32],
      [...uleb(1), V128],
    ]),
    ...body,
  ];
}

function scanI8Body(): number[] {
  // params 0 codes, 1 scales, 2 query16, 3 out, 4 stride, 5 first, 6 end; locals 7 row, 8 p, 9 qp, 10 stop, 11 codes (v128), 12 acc (v128)
  const l = { codes: 0, scales: 1, query: 2, out: 3, rowBytes: 4, first: 5, end: 6, row: 7, p: 8, qp: 9, stop: 10, chunk: 11, acc: 12 };
  const inner = [
    ...op.localGet(l.p),
    ...v128Load(),
    ...op.localSet(l.chunk),
    ...op.localGet(l.acc),
    ...op.localGet(l.chunk),
    ...i16x8ExtendLowI8x16S,
    ...op.localGet(l.qp),
    ...v128Load(),
    ...i32x4DotI16x8S,
    ...i32x4Add,
    ...op.localGet(l.chunk),
    ...i16x8ExtendHighI8x16S,
    ...op.localGet(l.qp),
    ...v128Load(16),
    ...i32x4DotI16x8S,
    ...i32x4Add,
    ...op.localSet(l.acc),
    ...advance(l.p, 16),
    ...advance(l.qp, 32),
  ];
  const score = [
    ...horizontalSum(l.acc, i32x4Lane, op.i32Add),
    ...op.f32ConvertI32S,
    ...op.localGet(l.scales),
    ...op.localGet(l.row),
    ...op.i32Const(2),
    ...op.i32Shl,
    ...op.i32Add,
    ...op.f32Load,
    ...op.f32Mul,
  ];
  const body = [
    ...op.localGet(l.codes),
    ...op.localGet(l.first),
    ...op.localGet(l.rowBytes),
    ...op.i32Mul,
    ...op.i32Add,
    ...op.localSet(l.p),
    ...rowLoop(l, inner, score),
    ...op.end,
  ];
  return [
    ...vec([
      [...uleb(4), I32],
      [...uleb(2), V128],
    ]),
    ...body,
  ];
}

/** The module's bytes; `shared` makes it import a shared memory, so worker threads can scan it too. */
export function simdKernelBytes(shared: boolean): Uint8Array {
  const f32Type = [0x60, ...vec(new Array<number[]>(6).fill([I32])), ...vec([])];
  const i8Type = [0x60, ...vec(new Array<number[]>(7).fill([I32])), ...vec([])];
  // Memory limits: flag 3 = shared with a maximum; flag 0 = minimum only (the module never grows it).
  const memoryLimits = shared ? [0x03, ...uleb(0), ...uleb(65536)] : [0x00, ...uleb(0)];
  const bodies = [scanF32Body(), scanI8Body()].map((body) => [...uleb(body.length), ...body]);
  return Uint8Array.from([
    ...WASM_HEADER,
    ...section(1, vec([f32Type, i8Type])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, ...memoryLimits]])),
    ...section(3, vec([[0], [1]])),
    ...section(
      7,
      vec([
        [...name('scan_f32'), 0x00, 0],
        [...name('scan_i8'), 0x00, 1],
      ]),
    ),
    ...section(10, vec(bodies)),
  ]);
}

export interface SimdKernels {
  scanF32(vectors: number, query: number, out: number, dims: number, first: number, end: number): void;
  scanI8(codes: number, scales: number, query16: number, out: number, stride: number, first: number, end: number): void;
}

/** Kernels bound to `memory`, or null where the runtime has no WebAssembly SIMD. */
export function instantiateKernels(memory: WebAssembly.Memory, shared: boolean): SimdKernels | null {
  const bytes = simdKernelBytes(shared);
  if (!WebAssembly.validate(bytes)) return null;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  const exports = instance.exports as { scan_f32: SimdKernels['scanF32']; scan_i8: SimdKernels['scanI8'] };
  return { scanF32: exports.scan_f32, scanI8: exports.scan_i8 };
}
