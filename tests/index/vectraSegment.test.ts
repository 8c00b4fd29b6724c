import path from 'node:path';
import { LocalIndex } from 'vectra';
import { describe, expect, it } from 'vitest';
import { createEmbedder } from '../../src/embedding/embedder.js';
import { OFFLINE_MODEL } from '../../src/embedding/profiles.js';
import { ingestCorpus } from '../../src/index/ingest.js';
import { loadIndex } from '../../src/index/loadIndex.js';
import { segmentDir } from '../../src/index/segment.js';
import { MODEL_CACHE_DIR, tempCorpusConfig } from '../support/testConfig.js';

describe("a stored segment is a vectra LocalIndex a vectra user can open", () => {
  it("vectra's own queryItems returns the same top passages as the SIMD scan", async () => {
    const config = await tempCorpusConfig();
    const embedder = await createEmbedder({ model: OFFLINE_MODEL, cacheDir: MODEL_CACHE_DIR, hubTimeoutMs: 100 });
    await ingestCorpus({ corpusDir: config.corpusDir, indexDir: config.indexDir, projectRoot: path.dirname(config.corpusDir), embedder });
    const snapshot = await loadIndex(config.indexDir);
    expect(snapshot.manifest.segments).toHaveLength(1);
    const vectra = new LocalIndex(segmentDir(config.indexDir, snapshot.manifest.segments[0]!.id));
    expect(await vectra.isIndexCreated()).toBe(true);

    for (const question of ['How many North Korean soldiers were deployed to Russia?', 'What do parents of soldiers do?', 'radio broadcasts']) {
      const queryVector = await embedder.embedQuery(question);
      const scan = snapshot.dense.topRows(queryVector, { first: 0, end: snapshot.passages.length }, 5).map((row) => snapshot.passages[row]!.id);
      const hits = await vectra.queryItems<{ source: string; start: number; end: number }>(Array.from(queryVector), '', 5);
      expect(hits.map((hit) => hit.item.id)).toEqual(scan);
      // The metadata a vectra user gets back locates the passage in its article.
      const top = hits[0]!.item;
      const passage = snapshot.passages.find((p) => p.id === top.id)!;
      expect([top.metadata.source, top.metadata.start, top.metadata.end]).toEqual([passage.source, passage.start, passage.end]);
    }
  });
});
