import { env, pipeline } from '@xenova/transformers';
import { describe, expect, it } from 'vitest';
import { createEmbedder } from '../../src/embedding/embedder.js';
import { buildOfflineModel, isOfflineModelBuilt, SHIPPED_RECIPE, sifWeight } from '../../src/embedding/offlineModel.js';
import { OFFLINE_MODEL } from '../../src/embedding/profiles.js';
import { MODEL_CACHE_DIR } from '../support/testConfig.js';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * (b[i] as number), 0);

describe('the offline model through the real transformers.js pipeline', async () => {
  const embedder = await createEmbedder({ model: OFFLINE_MODEL, cacheDir: MODEL_CACHE_DIR, hubTimeoutMs: 1000 });

  it('puts related words closer than unrelated ones', async () => {
    const [soldiers, troops, recipe] = await embedder.embedPassages(['soldiers', 'troops', 'recipe']);
    expect(dot(soldiers!, troops!)).toBeGreaterThan(0.6);
    expect(dot(soldiers!, troops!)).toBeGreaterThan(dot(soldiers!, recipe!) + 0.3);
  });

  it('ranks a paraphrase above an unrelated sentence', async () => {
    const query = await embedder.embedQuery('Are the families told when their sons die?');
    const [related, unrelated] = await embedder.embedPassages([
      'Military authorities have not informed the families of the deaths of fallen soldiers.',
      'Add the chopped cabbage, chilli paste and garlic, then leave it to ferment.',
    ]);
    expect(dot(query, related!)).toBeGreaterThan(dot(query, unrelated!));
  });

  it('returns unit vectors of the profile dimension, deterministically', async () => {
    const [a] = await embedder.embedPassages(['North Korean troops in Kursk']);
    const [b] = await embedder.embedPassages(['North Korean troops in Kursk']);
    expect(a).toHaveLength(100);
    expect(Math.sqrt(dot(a!, a!))).toBeCloseTo(1, 5);
    expect(Array.from(a!)).toEqual(Array.from(b!));
  });

  it('gives text without a known word the zero vector, not NaN', async () => {
    const [v] = await embedder.embedPassages(['qqxzv zzkqj']);
    expect(Array.from(v!).every((x) => x === 0)).toBe(true);
  });

  it('pools exactly as the transformers.js pipeline does', async () => {
    // Different lengths, so the batch is padded, and one text that pools to the zero vector.
    const texts = ['soldiers', 'North Korean troops were deployed to Kursk in the autumn, officials said.', 'qqxzv zzkqj', 'A ceasefire?'];
    const extractor = await pipeline('feature-extraction', OFFLINE_MODEL, { quantized: embedder.profile.quantized });
    const expected = await extractor(texts, { pooling: embedder.profile.pooling, normalize: embedder.profile.normalize });
    const dims = embedder.profile.dimensions;
    const actual = await embedder.embedPassages(texts);
    actual.forEach((vector, row) => {
      const reference = Array.from((expected.data as Float32Array).subarray(row * dims, (row + 1) * dims), (x) =>
        Number.isFinite(x) ? x : 0,
      );
      expect(Math.max(...reference.map((x, d) => Math.abs(x - (vector[d] as number))))).toBeLessThan(1e-5);
    });
  });

  it('down-weights frequent words (SIF)', () => {
    expect(sifWeight(0, 340_000)).toBeLessThan(0.05);
    expect(sifWeight(5_000, 340_000)).toBeGreaterThan(0.9);
  });
});

describe('model selection', () => {
  it('falls back to the offline model quickly, with one warning, when the hub is unreachable', async () => {
    const remoteHost = env.remoteHost;
    // Port 9 on loopback is closed: the refusal is immediate and never leaves the machine.
    env.remoteHost = 'http://127.0.0.1:9/';
    const warnings: string[] = [];
    const started = performance.now();
    try {
      const embedder = await createEmbedder({ model: 'auto', cacheDir: MODEL_CACHE_DIR, hubTimeoutMs: 2000, log: (m) => warnings.push(m) });
      expect(embedder.profile.id).toBe(OFFLINE_MODEL);
    } finally {
      env.remoteHost = remoteHost;
    }
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(warnings.filter((w) => w.startsWith('Warning'))).toHaveLength(1);
    expect(warnings[0]).toMatch(/hub cannot be reached/u);
  });

  it('rejects an unknown model id, listing the known ones', async () => {
    await expect(createEmbedder({ model: 'nope/model', cacheDir: MODEL_CACHE_DIR, hubTimeoutMs: 100 })).rejects.toThrow(
      /Unknown embedding model "nope\/model".*verbatim\/wink-sif-100d/u,
    );
  });

  it('does not rebuild a current offline model', async () => {
    expect(await isOfflineModelBuilt(MODEL_CACHE_DIR)).toBe(true);
    const report = await buildOfflineModel(MODEL_CACHE_DIR);
    expect(report.built).toBe(false);
  });

  it('never takes a model built with another table recipe for the shipped one', async () => {
    expect(await isOfflineModelBuilt(MODEL_CACHE_DIR, { sif: false, removeCommonDirection: true })).toBe(false);
    expect(await isOfflineModelBuilt(MODEL_CACHE_DIR, { sif: true, removeCommonDirection: false })).toBe(false);
    expect(await isOfflineModelBuilt(MODEL_CACHE_DIR, { ...SHIPPED_RECIPE })).toBe(true);
  });
});
