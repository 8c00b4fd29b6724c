/** Small measuring helpers shared by the benchmarks. */
import { createHash } from 'node:crypto';
import type { ModelIdentity } from '../../../src/index/manifest.js';
import type { PassageEmbedder } from '../../../src/index/ingest.js';

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function timed<T>(work: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** Peak resident memory of this process so far, in MB. */
export const peakRssMb = () => round(process.resourceUsage().maxRSS / 1024, 1);

/**
 * A stand-in for a 384-dimension model (MiniLM's size) that costs nothing to run: each text maps
 * to a fixed pseudo-random unit vector. It makes the index, load and scan figures hold for the
 * hub default without downloading it.
 */
export function randomVectorEmbedder(dimensions = 384): PassageEmbedder & { embedQuery(text: string): Promise<Float32Array> } {
  const vectorFor = (text: string) => {
    const digest = createHash('sha256').update(text).digest();
    let state = digest.readUInt32LE(0);
    const vector = new Float32Array(dimensions);
    let norm = 0;
    for (let d = 0; d < dimensions; d += 1) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      vector[d] = state / 4294967296 - 0.5;
      norm += (vector[d] as number) ** 2;
    }
    const scale = 1 / Math.sqrt(norm);
    for (let d = 0; d < dimensions; d += 1) vector[d] = (vector[d] as number) * scale;
    return vector;
  };
  const identity: ModelIdentity = { id: `bench/random-${dimensions}`, dimensions, profile: {} };
  return {
    identity,
    maxTokens: 256,
    embedPassages: async (texts) => texts.map(vectorFor),
    embedQuery: async (text) => vectorFor(text),
  };
}
