/**
 * The seed corpus (./corpus), ingested once per `npm test` by `seedIndexSetup.ts`: tests that only
 * read it share that folder; tests that change the corpus or the index take their own copy,
 * which costs a file copy instead of an ingest (and its probe questions).
 */
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { inject } from 'vitest';
import type { CoreConfig } from '../../src/config.js';
import type { IngestSummary } from '../../src/index/ingest.js';
import { tempFolder } from './tempFolder.js';
import { testConfig } from './testConfig.js';

export interface SeedIndex {
  /** Holds corpus/ (a copy of ./corpus) and index/ (its ingest). */
  root: string;
  /** What that ingest reported. */
  summary: IngestSummary;
}

declare module 'vitest' {
  export interface ProvidedContext {
    seedIndex: SeedIndex;
  }
}

export interface SeedCorpus {
  config: CoreConfig;
  /** The folder the index's source paths are relative to. */
  projectRoot: string;
  summary: IngestSummary;
}

/** The shared ingested seed corpus: read it, never change it (other test files read it at the same time). */
export function seedCorpus(overrides: Partial<CoreConfig> = {}): SeedCorpus {
  const { root, summary } = inject('seedIndex');
  // Only the data folder (question records, keys) is this file's own.
  return { config: testConfig(root, { dataDir: path.join(tempFolder('data'), 'data'), ...overrides }), projectRoot: root, summary };
}

/** This test's own copy of the ingested seed corpus, free to change. */
export async function copySeedCorpus(overrides: Partial<CoreConfig> = {}): Promise<SeedCorpus> {
  const { root: shared, summary } = inject('seedIndex');
  const root = tempFolder('seed');
  await cp(shared, root, { recursive: true, preserveTimestamps: true });
  return { config: testConfig(root, overrides), projectRoot: root, summary };
}
