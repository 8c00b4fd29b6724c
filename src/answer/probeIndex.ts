/**
 * The probe step of an ingest: an index that changed, or whose levels were measured with another
 * scorer, scores unanswerable questions differently, so its probes are measured again, on the
 * generation the ingest is about to commit, and committed with it.
 */
import { createCorpusEngine } from './createCorpusEngine.js';
import type { Embedder } from '../embedding/embedder.js';
import { type IndexCalibration, type IndexProbe, type PassageStore, storeOfSnapshot } from '../index/passageStore.js';
import type { StoreProbe } from '../index/postgresIngest.js';
import { calibrationFor, type ModelCalibration, scorerFingerprint } from '../calibration/calibration.js';
import { isCurrent } from '../calibration/indexCalibration.js';
import { answerConfidence, mostConfident } from '../calibration/confidenceFeatures.js';
import { backgroundOf, levelsFromProbes, type ProbeOutcome } from '../calibration/indexCalibration.js';
import { answerableProbes, answersProbe, probeQuestions } from '../calibration/probes.js';

/** The probe step of the file index's ingest (`measure`) and of the PostgreSQL store's (`measureStore`). */
export function probeIndex(embedder: Pick<Embedder, 'embedQuery' | 'embedPassages'>): IndexProbe & StoreProbe {
  return {
    holds: (head) => isCurrent(calibrationFor(head.model.id), head.calibration),
    // The generation about to be committed, read through the file store as every answer reads it.
    measure: (snapshot) => measureProbes(storeOfSnapshot(snapshot), embedder, calibrationFor(snapshot.manifest.model.id)),
    measureStore: (store) => measureProbes(store, embedder, calibrationFor(store.model.id)),
  };
}

/**
 * An index's levels under a scorer, from its probes of both sides: what it scores questions it
 * cannot answer, and whether and how confidently it answers questions made from its own
 * sentences. Writes nothing (the eval measures other scorers' levels with it).
 */
export async function measureProbes(
  store: PassageStore,
  embedder: Pick<Embedder, 'embedQuery' | 'embedPassages'>,
  model: ModelCalibration,
): Promise<IndexCalibration> {
  const engine = createCorpusEngine(store, embedder, { calibration: model, levels: model });
  const confidences: number[] = [];
  for (const probe of probeQuestions(store)) confidences.push(answerConfidence((await engine.rank(probe)).candidates));
  const answerable: ProbeOutcome[] = [];
  for (const probe of answerableProbes(store)) {
    const { candidates } = await engine.rank(probe.question);
    const best = mostConfident(candidates);
    const passage = best && store.passage(best.row);
    answerable.push({ confidence: answerConfidence(candidates), correct: passage !== undefined && answersProbe(probe, passage) });
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
