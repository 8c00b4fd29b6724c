/**
 * Measures an index's probe background and writes its confidence levels into its manifest
 * (a new generation, so a running bot reloads with them). Run after every ingest that changed
 * the index, and when an index has no calibration yet.
 */
import { createCorpusEngine } from './createCorpusEngine.js';
import type { Embedder } from '../embedding/embedder.js';
import { loadIndex } from '../index/loadIndex.js';
import { type IndexCalibration, readManifest, writeManifest } from '../index/manifest.js';
import { calibrationFor, type ModelCalibration, scorerFingerprint } from '../calibration/calibration.js';
import type { IndexSnapshot } from '../index/loadIndex.js';
import { isCurrent } from '../calibration/indexCalibration.js';
import { answerConfidence } from '../calibration/confidenceFeatures.js';
import { backgroundOf, levelsFromProbes } from '../calibration/indexCalibration.js';
import { probeQuestions } from '../calibration/probes.js';

export async function probeIndex(indexDir: string, embedder: Pick<Embedder, 'embedQuery' | 'embedPassages'>): Promise<IndexCalibration> {
  const snapshot = await loadIndex(indexDir);
  const calibration = await measureProbes(snapshot, embedder, calibrationFor(snapshot.manifest.model.id));
  await writeCalibration(indexDir, calibration);
  return calibration;
}

/** An index's levels under a scorer, from its probe background; writes nothing (the eval measures other scorers' levels with it). */
export async function measureProbes(
  snapshot: IndexSnapshot,
  embedder: Pick<Embedder, 'embedQuery' | 'embedPassages'>,
  model: ModelCalibration,
): Promise<IndexCalibration> {
  const engine = createCorpusEngine(snapshot, embedder, { calibration: model, levels: model });
  const confidences: number[] = [];
  for (const probe of probeQuestions(snapshot)) confidences.push(answerConfidence((await engine.rank(probe)).candidates));
  const background = backgroundOf(confidences);
  return {
    source: 'probes',
    model: model.model,
    scorer: scorerFingerprint(model),
    ...levelsFromProbes(model, background),
    background,
    measuredAt: new Date().toISOString(),
  };
}

/** Replaces the index's calibration (and nothing else) as a new generation. */
export async function writeCalibration(indexDir: string, calibration: IndexCalibration): Promise<void> {
  const manifest = await readManifest(indexDir);
  if (!manifest) throw new Error(`No index in ${indexDir} to calibrate.`);
  await writeManifest(indexDir, { ...manifest, generation: manifest.generation + 1, calibration });
}

/**
 * After an ingest: a changed index, or one whose levels were measured with another scorer,
 * scores unanswerable questions differently, so its probes are measured again. Returns the new
 * calibration, or undefined when the one in force still holds.
 */
export async function calibrateAfterIngest(
  indexDir: string,
  embedder: Pick<Embedder, 'embedQuery' | 'embedPassages'>,
  changed: boolean,
): Promise<IndexCalibration | undefined> {
  const manifest = await readManifest(indexDir);
  if (!manifest || (!changed && isCurrent(calibrationFor(manifest.model.id), manifest.calibration))) return undefined;
  return probeIndex(indexDir, embedder);
}
