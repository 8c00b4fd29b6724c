import { spawn } from 'node:child_process';
import { appendFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCorpusEngine } from '../../src/answer/openEngine.js';
import { PROJECT_ROOT, type CoreConfig } from '../../src/config.js';
import { createEmbedder } from '../../src/embedding/embedder.js';
import { ingestCorpus } from '../../src/index/ingest.js';
import { loadIndex } from '../../src/index/loadIndex.js';
import { MANIFEST_FORMAT, manifestPath, readManifest } from '../../src/index/manifest.js';
import { segmentsDir } from '../../src/index/segment.js';
import { copySeedCorpus, seedCorpus } from '../support/seedCorpus.js';
import { tempCorpusConfig } from '../support/testConfig.js';

const embedder = await createEmbedder({
  model: 'verbatim/wink-sif-100d',
  cacheDir: path.join(PROJECT_ROOT, '.cache', 'models'),
  hubTimeoutMs: 100,
});

async function ingest(config: CoreConfig, extra: { rebuild?: boolean; segmentMaxPassages?: number } = {}) {
  return ingestCorpus({
    corpusDir: config.corpusDir,
    indexDir: config.indexDir,
    projectRoot: path.dirname(config.corpusDir),
    embedder,
    ...extra,
  });
}

describe('ingest', () => {
  it('builds, then only re-embeds what changed, and removes what was deleted', async () => {
    const config = await tempCorpusConfig();
    const first = await ingest(config, { segmentMaxPassages: 30 });
    expect(first.articles).toBe(5);
    expect(first.embeddedPassages).toBe(first.passages);
    // Every segment stays within the bound, unless one article alone exceeds it.
    const segments = (await readManifest(config.indexDir))!.segments;
    expect(segments.length).toBeGreaterThan(1);
    expect(segments.every((s) => s.passages <= 30 || s.articles === 1)).toBe(true);

    const again = await ingest(config);
    expect(again.upToDate).toBe(true);
    expect(again.embeddedPassages).toBe(0);
    expect(again.generation).toBe(first.generation);

    const changed = path.join(config.corpusDir, '003_61072db9a6740825.txt');
    await appendFile(changed, '\nA brand new closing paragraph says the talks with Washington went on for three hours.\n');
    const afterChange = await ingest(config, { segmentMaxPassages: 30 });
    const changedArticle = (await loadIndex(config.indexDir)).articles.find((a) => a.source === 'corpus/003_61072db9a6740825.txt')!;
    const changedPassages = (await readManifest(config.indexDir))!.articles[changedArticle.source]!.passages;
    expect(afterChange.embeddedPassages).toBe(changedPassages);
    expect(afterChange.unchanged).toBe(4);
    expect(afterChange.generation).toBe(first.generation + 1);
    expect(afterChange.passages).toBe(first.passages + 1);

    await rm(path.join(config.corpusDir, '000_682c3029859b1b8c.txt'));
    const afterDelete = await ingest(config);
    expect(afterDelete.removed).toBe(1);
    expect(afterDelete.embeddedPassages).toBe(0);
    const snapshot = await loadIndex(config.indexDir);
    expect(snapshot.articles.map((a) => a.source)).not.toContain('corpus/000_682c3029859b1b8c.txt');
    expect(snapshot.passages.every((p) => snapshot.articleBySource.get(p.source)!.text.slice(p.start, p.end) === p.text)).toBe(true);
    // Replaced segments are swept: only the ones the manifest names remain.
    const manifest = (await readManifest(config.indexDir))!;
    expect((await readdir(segmentsDir(config.indexDir))).sort()).toEqual(manifest.segments.map((s) => s.id).sort());

    const rebuilt = await ingest(config, { rebuild: true });
    expect(rebuilt.embeddedPassages).toBe(rebuilt.passages);
    // A rebuild is a new generation in new segments, so a watching bot reloads and the live
    // segments were never overwritten while it ran.
    expect(rebuilt.generation).toBe(manifest.generation + 1);
    const rebuiltSegments = (await readManifest(config.indexDir))!.segments.map((s) => s.id);
    expect(rebuiltSegments.some((id) => manifest.segments.some((s) => s.id === id))).toBe(false);
  });

  it('rebuilds an index written in an older format, which loading refuses', async () => {
    const { config } = await copySeedCorpus();
    const manifest = (await readManifest(config.indexDir))!;
    await writeFile(manifestPath(config.indexDir), JSON.stringify({ ...manifest, format: MANIFEST_FORMAT - 1 }));
    await expect(loadIndex(config.indexDir)).rejects.toThrow(/--rebuild/u);
    const rebuilt = await ingest(config);
    expect(rebuilt.embeddedPassages).toBe(rebuilt.passages);
    expect((await loadIndex(config.indexDir)).passages.length).toBe(rebuilt.passages);
  });

  it('refuses to answer with a model other than the one the index was built with', async () => {
    const { config } = seedCorpus();
    await expect(openCorpusEngine({ ...config, embeddingModel: 'Xenova/all-MiniLM-L6-v2' }, { log: () => undefined })).rejects.toThrow(
      /built with the model verbatim\/wink-sif-100d.*npm run ingest -- --rebuild/u,
    );
  });

  it('leaves the previous index usable when an ingest is killed half-way', async () => {
    const { config } = await copySeedCorpus();
    const before = (await readManifest(config.indexDir))!;
    // Enough new text that the killed run is still embedding or writing when the signal lands.
    const bulk = Array.from({ length: 300 }, (_, i) => `Report ${i} says the unit moved ${i} kilometres toward the front. `).join('\n\n');
    for (let n = 0; n < 40; n += 1) await writeFile(path.join(config.corpusDir, `bulk-${n}.txt`), `Bulk article ${n}\n\n${bulk}${n}`);

    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts/ingest.ts')], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        CORPUS_DIR: config.corpusDir,
        INDEX_DIR: config.indexDir,
        EMBEDDING_MODEL: 'verbatim/wink-sif-100d',
        MODEL_CACHE_DIR: config.modelCacheDir,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // Kill as soon as the progress bar shows embedding has started.
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Embedding')) resolve();
      });
      child.on('exit', () => reject(new Error('ingest finished before it could be killed')));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));

    const after = (await readManifest(config.indexDir))!;
    expect(after.generation).toBe(before.generation);
    const engine = await openCorpusEngine(config, { log: () => undefined });
    expect(engine.stats.articles).toBe(5);
    const answer = await engine.ask('dying like dogs');
    expect(answer.answered).toBe(true);

    // The next ingest clears the lock and leftovers of the killed one and completes.
    const resumed = await ingest(config);
    expect(resumed.articles).toBe(45);
    const manifest = (await readManifest(config.indexDir))!;
    expect((await readdir(segmentsDir(config.indexDir))).sort()).toEqual(manifest.segments.map((s) => s.id).sort());
  }, 60_000);
});
