import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCorpusEngine } from '../../src/answer/createCorpusEngine.js';
import { labelledCalibration } from '../../src/answer/labelledCalibration.js';
import { probeIndex } from '../../src/answer/probeIndex.js';
import { probeQuestions } from '../../src/calibration/probes.js';
import { createEmbedder } from '../../src/embedding/embedder.js';
import { parseEvalSet } from '../../src/eval/metrics.js';
import { calibrateIndex } from '../../src/index/calibrateIndex.js';
import { ingestCorpus, type IndexProbe } from '../../src/index/ingest.js';
import { acquireIngestLock } from '../../src/index/ingestLock.js';
import { loadIndex } from '../../src/index/loadIndex.js';
import { IndexError, type IndexManifest } from '../../src/index/manifest.js';
import { openIndexStore, storeOfSnapshot } from '../../src/index/fileStore.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { copySeedCorpus } from '../support/seedCorpus.js';
import { tempCorpusConfig } from '../support/testConfig.js';

// The seed index is built without the probe step: this copy starts with no levels of its own.
const { config, projectRoot } = await copySeedCorpus();
const embedder = await createEmbedder({ model: config.embeddingModel, cacheDir: config.modelCacheDir, hubTimeoutMs: 100 });
const manifestFile = path.join(config.indexDir, 'manifest.json');
const readManifestJson = async () => JSON.parse(await readFile(manifestFile, 'utf8')) as IndexManifest;
const ingest = (probe: IndexProbe = probeIndex(embedder)) =>
  ingestCorpus({ corpusDir: config.corpusDir, indexDir: config.indexDir, projectRoot, embedder, probe });
const addArticle = (name: string, text: string) => writeFile(path.join(config.corpusDir, name), text);

describe("an index's own calibration", () => {
  it('probes are general questions plus on-topic ones built from the corpus, none of which the corpus answers', async () => {
    const probes = probeQuestions(await openIndexStore(config.indexDir));
    expect(probes.length).toBeGreaterThanOrEqual(30);
    // Built from this corpus's own vocabulary: some probe names a word the corpus uses often.
    expect(probes.some((p) => /Korea|Russia|Ukraine|Kursk/u.test(p))).toBe(true);
  });

  it('another table of word vectors gives its index another background', async () => {
    // The plain unweighted table, built aside: same tokens, other vectors, so other scores.
    const plainConfig = await tempCorpusConfig();
    try {
      const plain = await createEmbedder({
        model: plainConfig.embeddingModel,
        cacheDir: path.join(path.dirname(plainConfig.indexDir), 'models'),
        hubTimeoutMs: 100,
        offlineRecipe: { sif: false, removeCommonDirection: false },
      });
      const other = await ingestCorpus({
        corpusDir: plainConfig.corpusDir,
        indexDir: plainConfig.indexDir,
        projectRoot: path.dirname(plainConfig.corpusDir),
        embedder: plain,
        probe: probeIndex(plain),
      });
      // The same corpus as the shipped table's index, which has no levels yet.
      const shipped = await probeIndex(embedder).measure(await loadIndex(config.indexDir));
      expect(other.calibration?.background).not.toEqual(shipped.background);
      expect(other.calibration?.background.questions).toBe(shipped.background.questions);
    } finally {
      await rm(path.dirname(plainConfig.indexDir), { recursive: true, force: true });
    }
  }, 60_000);
  it('an ingest that changes the index measures the levels on the generation it is about to commit and commits both as one generation', async () => {
    const before = await readManifestJson();
    expect(before.calibration).toBeUndefined();
    await addArticle(
      'lighthouse.txt',
      'The Lighthouse of Pharos\n\nThe lighthouse of Pharos was built on a small island off Alexandria and stood for many centuries.\n',
    );
    const probe = probeIndex(embedder);
    const measured: Array<{ generation: number; holdsNewArticle: boolean; generationOnDisk: number }> = [];
    const summary = await ingest({
      holds: probe.holds,
      measure: async (snapshot) => {
        measured.push({
          generation: snapshot.manifest.generation,
          holdsNewArticle: snapshot.articleBySource.has('corpus/lighthouse.txt'),
          generationOnDisk: (await readManifestJson()).generation,
        });
        return probe.measure(snapshot);
      },
    });
    // Measured once, on the new passages, while the old generation was still the one in service.
    expect(measured).toEqual([{ generation: before.generation + 1, holdsNewArticle: true, generationOnDisk: before.generation }]);
    const after = await readManifestJson();
    expect(after.generation).toBe(before.generation + 1);
    expect(summary.generation).toBe(before.generation + 1);
    expect(after.articles['corpus/lighthouse.txt']).toBeDefined();
    expect(after.calibration).toEqual(summary.calibration);
    expect(after.calibration?.source).toBe('probes');
    const store = await openIndexStore(config.indexDir);
    expect(after.calibration?.background.questions).toBe(probeQuestions(store).length);
    expect(createCorpusEngine(store, embedder).levels).toEqual({
      answerLevel: after.calibration?.answerLevel,
      closestLevel: after.calibration?.closestLevel,
    });
  });

  it("an ingest measures again only when the index changed or its levels are not this scorer's", async () => {
    const before = await readManifestJson();
    const unchanged = await ingest();
    expect(unchanged.upToDate).toBe(true);
    expect(unchanged.calibration).toBeUndefined();
    expect((await readManifestJson()).generation).toBe(before.generation);
    await writeFile(manifestFile, JSON.stringify({ ...before, calibration: { ...before.calibration, scorer: 'an older scorer' } }));
    const remeasured = await ingest();
    expect(remeasured.upToDate).toBe(true);
    expect(remeasured.calibration?.scorer).toBe(before.calibration!.scorer);
    const after = await readManifestJson();
    expect(after.generation).toBe(before.generation + 1);
    expect(after.calibration).toEqual(remeasured.calibration);
  });

  it('no other ingest or calibration can commit while the levels are measured, so none is overwritten', async () => {
    const before = await readManifestJson();
    await addArticle(
      'orchard.txt',
      'The Orchard at Wenlow\n\nThe orchard at Wenlow grows forty kinds of apple, the oldest planted in 1890.\n',
    );
    const probe = probeIndex(embedder);
    const rivals: unknown[] = [];
    await ingest({
      holds: probe.holds,
      measure: async (snapshot) => {
        // A shell ingest and a labelled calibration started in the window where today's levels are measured.
        const shellIngest = ingestCorpus({ corpusDir: config.corpusDir, indexDir: config.indexDir, projectRoot, embedder });
        const calibration = calibrateIndex(config.indexDir, probe.measure);
        rivals.push(
          ...(await Promise.allSettled([shellIngest, calibration])).map((r): unknown => (r.status === 'rejected' ? r.reason : r.value)),
        );
        return probe.measure(snapshot);
      },
    });
    expect(rivals).toHaveLength(2);
    expect(rivals.every((r) => r instanceof IndexError && /Another ingest/u.test(r.message))).toBe(true);
    const after = await readManifestJson();
    expect(after.generation).toBe(before.generation + 1);
    expect(after.articles['corpus/orchard.txt']).toBeDefined();
  });

  it('a calibration waits for no one: while an ingest holds the lock it is refused and the manifest stays as it was', async () => {
    const before = await readFile(manifestFile, 'utf8');
    const releaseShellIngest = await acquireIngestLock(config.indexDir);
    try {
      await expect(calibrateIndex(config.indexDir, probeIndex(embedder).measure)).rejects.toThrow(/Another ingest/u);
    } finally {
      await releaseShellIngest();
    }
    expect(await readFile(manifestFile, 'utf8')).toBe(before);
  });

  it('npm run calibrate on a labelled file changes the levels and nothing else in the index, as one generation', async () => {
    const before = await readManifestJson();
    const questions = parseEvalSet(await readFile(path.join(PROJECT_ROOT, 'tests/eval/questions.jsonl'), 'utf8'));
    const calibration = await calibrateIndex(config.indexDir, (snapshot) => {
      const store = storeOfSnapshot(snapshot);
      return labelledCalibration(
        store,
        createCorpusEngine(store, embedder),
        questions,
        (s) => store.article(s)?.text ?? '',
        'questions.jsonl',
      );
    });
    const after = await readManifestJson();
    expect(calibration.source).toBe('labelled');
    expect(after.calibration).toEqual(calibration);
    expect(after.generation).toBe(before.generation + 1);
    expect(calibration.labelled?.precision).toBeGreaterThanOrEqual(0.9);
    // The seed corpus's own questions are answered precisely well below the probes' level.
    expect(calibration.answerLevel).toBeLessThan(before.calibration!.answerLevel);
    const { calibration: _new, generation: _g1, ...rest } = after;
    const { calibration: _old, generation: _g2, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
  });
});
