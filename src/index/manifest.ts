/**
 * The index manifest: the single file whose atomic replacement commits an ingest. It names
 * the model the vectors were made with, the chunker version, the segments in service and
 * which segment holds each article (with the content hash that makes re-ingest incremental).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomicFile.js';

/** 2: BM25 index as a term list and typed arrays instead of MiniSearch JSON. */
export const MANIFEST_FORMAT = 2;
export const MANIFEST_FILE = 'manifest.json';

export interface ModelIdentity {
  id: string;
  dimensions: number;
  /** The profile fields that change vectors (pooling, normalisation, prefixes, …), compared as JSON. */
  profile: Record<string, unknown>;
}

export interface ManifestArticle {
  contentHash: string;
  segment: string;
  title: string;
  passages: number;
  /** For converted formats (HTML, PDF, Word): the text snapshot quotes come from, relative to the index folder. */
  textFile?: string;
}

export interface SegmentInfo {
  id: string;
  articles: number;
  passages: number;
  /**
   * sha256 (hex) of each of the segment's files, by path inside its folder, checked on load and
   * by every ingest. Absent in segments written before checksums were kept: those still load
   * (unchecked) and the next ingest indexes their articles again.
   */
  checksums?: Record<string, string>;
}

export interface IndexManifest {
  format: typeof MANIFEST_FORMAT;
  /** Increases by one with every committed ingest; the bot reloads when it changes. */
  generation: number;
  createdAt: string;
  model: ModelIdentity;
  chunkerVersion: string;
  segments: SegmentInfo[];
  articles: Record<string, ManifestArticle>;
  /** This index's own confidence levels (probes at ingest, or `npm run calibrate`); absent until measured. */
  calibration?: IndexCalibration;
}

/**
 * An index's own confidence levels (see src/calibration/indexCalibration.ts): measured from probe
 * questions at ingest, or from labelled questions with `npm run calibrate`.
 */
export interface IndexCalibration {
  /** Where the levels came from. */
  source: 'probes' | 'labelled';
  model: string;
  /** The scorer the levels were measured with (scorerFingerprint); levels of another scorer are not used. */
  scorer: string;
  answerLevel: number;
  closestLevel: number;
  /** The probes' (or the labelled set's unanswerable questions') confidences, as quantiles. */
  background: { questions: number; median: number; p90: number; p95: number; max: number };
  /** The answerable probes: how many, the share answered by their own sentence, and the precision and coverage at the level chosen. */
  answerable?: { questions: number; hitAt1: number; precision: number; coverage: number };
  /** For a labelled calibration: the precision of answered and the coverage on that set at the chosen level. */
  labelled?: { file: string; questions: number; precision: number; coverage: number };
  measuredAt: string;
}

export class IndexError extends Error {
  override name = 'IndexError';
}

/** The index on disk was written by a version with another format; ingest rebuilds it. */
export class IndexFormatError extends IndexError {
  override name = 'IndexFormatError';
}

/** A file of the index is truncated, missing or unreadable; the message names it and how to repair. */
export class IndexDamagedError extends IndexError {
  override name = 'IndexDamagedError';
}

export const manifestPath = (indexDir: string) => path.join(indexDir, MANIFEST_FILE);

/** The manifest, or null when no index has been committed in `indexDir`. */
export async function readManifest(indexDir: string): Promise<IndexManifest | null> {
  let json: string;
  try {
    json = await readFile(manifestPath(indexDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let manifest: IndexManifest;
  try {
    manifest = JSON.parse(json) as IndexManifest;
    if (!manifest || typeof manifest !== 'object' || !Array.isArray(manifest.segments)) throw new Error('not an index manifest');
  } catch (error) {
    throw new IndexDamagedError(
      `The index manifest ${manifestPath(indexDir)} is damaged ` +
        `(${(error as Error).message}). Repair the index: npm run ingest -- --rebuild`,
    );
  }
  // Read as unknown: the file may come from another version, whatever its declared type says.
  const format: unknown = manifest.format;
  if (format !== MANIFEST_FORMAT) {
    throw new IndexFormatError(
      `The index in ${indexDir} has format ${String(format)}, this version ` +
        `reads ${MANIFEST_FORMAT}. Rebuild it: npm run ingest -- --rebuild`,
    );
  }
  return manifest;
}

export function writeManifest(indexDir: string, manifest: IndexManifest): Promise<void> {
  return writeFileAtomic(manifestPath(indexDir), JSON.stringify(manifest, null, 1));
}

export function sameModel(a: ModelIdentity, b: ModelIdentity): boolean {
  return a.id === b.id && a.dimensions === b.dimensions && JSON.stringify(a.profile) === JSON.stringify(b.profile);
}
