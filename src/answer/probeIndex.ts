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
import { answerConfidence, mostConfident } from '../calibration/confidenceFeatures.js';
import { backgroundOf, levelsFromProbes, type ProbeOutcome } from '../calibration/indexCalibration.js';
import { answerableProbes, probeQuestions } from '../calibration/probes.js';

export async function probeIndex(indexDir: string, embedder: Pick<Embedder, 'embedQuery' | 'embedPassages'>): Promise<IndexCalibration> {
  const snapshot = await loadIndex(indexDir);
  const calibration = await measureProbes(snapshot, embedder, calibrationFor(snapshot.manifest.model.id));
  await writeCalibration(indexDir, calibration);
  return calibration;
}

/**
 * An index's levels under a scorer, from its probes of both sides: what it scores questions it
 * cannot answer, and whether and how confidently it answers questions made from its own
 * sentences. Writes nothing (the eval measures other scorers' levels with it).
 */
export async function measureProbes(
  snapshot: IndexSnapshot,
  embedder: Pick<Embedder, 'embedQuery' | 'embedPassages'>,
  model: ModelCalibration,
): Promise<IndexCalibration> {
  const engine = createCorpusEngine(snapshot, embedder, { calibration: model, levels: model });
  const confidences: number[] = [];
  for (const probe of probeQuestions(snapshot)) confidences.push(answerConfidence((await engine.rank(probe)).candidates));
  const answerable: ProbeOutcome[] = [];
  for (const probe of answerableProbes(snapshot)) {
    const { candidates } = await engine.rank(probe.question);
    const best = mostConfident(candidates);
    const passage = best && snapshot.passages[best.row];
    const correct = passage !== undefined && passage.source === probe.source && passage.start < probe.sentence.end && probe.sentence.start < passage.end;
    answerable.push({ confidence: answerConfidence(candidates), correct });
  }
  const background = backgroundOf(confidences);
  const levels = levelsFromProbes(model, background, confidences, answerable);
  return {
    source: 'probes',
    model: model.model,
    scorer: scorerFingerprint(model),
    answerLevel: levels.answerLevel,
    closestLevel: levels.closestLevel,
    background,
    answerable: levels.answerable,
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
