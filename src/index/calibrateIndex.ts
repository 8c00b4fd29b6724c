/**
 * Sets an index's confidence levels, measured on the index itself, as a new generation that
 * changes nothing else. Under the ingest lock: the levels are measured on the generation they
 * are committed with, and no ingest can commit in between and be overwritten.
 */
import { acquireIngestLock } from './ingestLock.js';
import { loadIndex, type IndexSnapshot } from './loadIndex.js';
import { type IndexCalibration, IndexError, type IndexManifest, readManifest, writeManifest } from './manifest.js';

/** Measures an index's levels (the engine's probes, or labelled questions): passed in, since the index does not know the engine. */
export type MeasureLevels = (snapshot: IndexSnapshot) => Promise<IndexCalibration>;

export async function calibrateIndex(indexDir: string, measure: MeasureLevels): Promise<IndexCalibration> {
  const releaseLock = await acquireIngestLock(indexDir);
  try {
    const live = await readManifest(indexDir);
    if (!live) throw new IndexError(`No index in ${indexDir} to calibrate. Build it with: npm run ingest`);
    return (await recommitWithLevels(indexDir, live, measure)).calibration;
  } finally {
    await releaseLock();
  }
}

/** Commits `live` again, with levels measured on it, as the next generation. The caller holds the ingest lock. */
export async function recommitWithLevels(
  indexDir: string,
  live: IndexManifest,
  measure: MeasureLevels,
): Promise<IndexManifest & { calibration: IndexCalibration }> {
  const manifest = { ...live, generation: live.generation + 1, calibration: await measure(await loadIndex(indexDir, live)) };
  await writeManifest(indexDir, manifest);
  return manifest;
}
