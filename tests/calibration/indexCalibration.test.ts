import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCorpusEngine } from '../../src/answer/createCorpusEngine.js';
import { labelledCalibration } from '../../src/answer/labelledCalibration.js';
import { calibrateAfterIngest, probeIndex, writeCalibration } from '../../src/answer/probeIndex.js';
import { probeQuestions } from '../../src/calibration/probes.js';
import { createEmbedder } from '../../src/embedding/embedder.js';
import { parseEvalSet } from '../../src/eval/metrics.js';
import { ingestCorpus } from '../../src/index/ingest.js';
import { loadIndex } from '../../src/index/loadIndex.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { tempCorpusConfig } from '../support/testConfig.js';

const config = await tempCorpusConfig();
const embedder = await createEmbedder({ model: config.embeddingModel, cacheDir: config.modelCacheDir, hubTimeoutMs: 100 });
await ingestCorpus({ corpusDir: config.corpusDir, indexDir: config.indexDir, projectRoot: path.dirname(config.corpusDir), embedder });
const manifestFile = path.join(config.indexDir, 'manifest.json');

describe("an index's own calibration", () => {
  it('probes are general questions plus on-topic ones built from the corpus, none of which the corpus answers', async () => {
    const probes = probeQuestions(await loadIndex(config.indexDir));
    expect(probes.length).toBeGreaterThanOrEqual(30);
    // Built from this corpus's own vocabulary: some probe names a word the corpus uses often.
    expect(probes.some((p) => /Korea|Russia|Ukraine|Kursk/u.test(p))).toBe(true);
  });

  it('measuring the probes writes their background and levels into the manifest, as a new generation, and the engine uses them', async () => {
    const before = JSON.parse(await readFile(manifestFile, 'utf8'));
    const calibration = await probeIndex(config.indexDir, embedder);
    const after = JSON.parse(await readFile(manifestFile, 'utf8'));
    expect(after.generation).toBe(before.generation + 1);
    expect(after.calibration).toEqual(calibration);
    expect(calibration.background.questions).toBe(probeQuestions(await loadIndex(config.indexDir)).length);
    const engine = createCorpusEngine(await loadIndex(config.indexDir), embedder);
    expect(engine.levels).toEqual({ answerLevel: calibration.answerLevel, closestLevel: calibration.closestLevel });
  });

  it('after an ingest, measures again only when the index changed or its levels are not this scorer\'s', async () => {
    expect(await calibrateAfterIngest(config.indexDir, embedder, false)).toBeUndefined();
    const measured = await calibrateAfterIngest(config.indexDir, embedder, true);
    expect(measured?.source).toBe('probes');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    await writeFile(manifestFile, JSON.stringify({ ...manifest, calibration: { ...manifest.calibration, scorer: 'an older scorer' } }));
    expect((await calibrateAfterIngest(config.indexDir, embedder, false))?.scorer).toBe(measured?.scorer);
  });

  it('npm run calibrate on a labelled file changes the levels and nothing else in the index', async () => {
    const before = JSON.parse(await readFile(manifestFile, 'utf8'));
    const snapshot = await loadIndex(config.indexDir);
    const questions = parseEvalSet(await readFile(path.join(PROJECT_ROOT, 'tests/eval/questions.jsonl'), 'utf8'));
    const calibration = await labelledCalibration(snapshot, createCorpusEngine(snapshot, embedder), questions, (s) => snapshot.articleBySource.get(s)?.text ?? '', 'questions.jsonl');
    await writeCalibration(config.indexDir, calibration);
    const after = JSON.parse(await readFile(manifestFile, 'utf8'));
    expect(calibration.source).toBe('labelled');
    expect(calibration.labelled?.precision).toBeGreaterThanOrEqual(0.9);
    // The seed corpus's own questions are answered precisely well below the probes' level.
    expect(calibration.answerLevel).toBeLessThan(before.calibration.answerLevel);
    const { calibration: _new, generation: _g1, ...rest } = after;
    const { calibration: _old, generation: _g2, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
  });

  it('another table of word vectors gives its index another background', async () => {
    // The plain unweighted table, built aside: same tokens, other vectors, so other scores.
    const plainConfig = await tempCorpusConfig();
    const plain = await createEmbedder({
      model: plainConfig.embeddingModel,
      cacheDir: path.join(path.dirname(plainConfig.indexDir), 'models'),
      hubTimeoutMs: 100,
      offlineRecipe: { sif: false, removeCommonDirection: false },
    });
    await ingestCorpus({ corpusDir: plainConfig.corpusDir, indexDir: plainConfig.indexDir, projectRoot: path.dirname(plainConfig.corpusDir), embedder: plain });
    const shipped = await probeIndex(config.indexDir, embedder);
    const other = await probeIndex(plainConfig.indexDir, plain);
    expect(other.background).not.toEqual(shipped.background);
    expect(other.background.questions).toBe(shipped.background.questions);
  }, 60_000);
});
