import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { createEmbedder } from '../../src/embedding/embedder.js';
import { openIndexStore } from '../../src/index/fileStore.js';
import { ingestCorpus } from '../../src/index/ingest.js';
import { loadIndex } from '../../src/index/loadIndex.js';
import { tempCorpusConfig } from '../support/testConfig.js';

const embedder = await createEmbedder({
  model: 'verbatim/wink-sif-100d',
  cacheDir: path.join(PROJECT_ROOT, '.cache', 'models'),
  hubTimeoutMs: 100,
});

describe('file passage store', () => {
  it('searches, filters by article, replaces a vector and deletes a passage', async () => {
    const config = await tempCorpusConfig();
    await ingestCorpus({
      corpusDir: config.corpusDir,
      indexDir: config.indexDir,
      projectRoot: path.dirname(config.corpusDir),
      embedder,
      segmentMaxPassages: 30,
    });
    const before = await loadIndex(config.indexDir);
    const dims = before.dimensions;
    const target = before.passages[7]!;
    const vectorOf = (row: number) => before.vectors.slice(row * dims, (row + 1) * dims);
    const store = await openIndexStore(config.indexDir);
    const idsNear = async (vector: Float32Array, k: number, source?: string) =>
      (await store.nearest(vector, k, source)).map((row) => store.passage(row)!.id);

    expect((await idsNear(vectorOf(7), 3))[0]).toBe(target.id);
    const other = before.articles.find((a) => a.source !== target.source)!.source;
    const inOther = await store.nearest(vectorOf(7), 50, other);
    expect(inOther.length).toBeGreaterThan(0);
    expect(inOther.every((row) => store.passage(row)!.source === other)).toBe(true);

    // Point passage 7 the opposite way: a search along the new vector finds it first, with cosine 1.
    const flipped = vectorOf(7).map((x) => -x);
    await store.upsert([{ passageId: target.id, source: target.source, vector: flipped }]);
    const [top] = await store.nearest(flipped, 1);
    expect(store.passage(top!)!.id).toBe(target.id);
    expect((await store.similarities(flipped, [top!]))[0]).toBeCloseTo(1, 5);

    await store.delete([target.id]);
    expect(await idsNear(flipped, 200)).not.toContain(target.id);
    const after = await loadIndex(config.indexDir);
    expect(after.passages.length).toBe(before.passages.length - 1);
    expect(after.manifest.generation).toBe(before.manifest.generation + 2);

    await expect(store.delete(['no-such-passage'])).rejects.toThrow(/not in the index/u);
  });
});
