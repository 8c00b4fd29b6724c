import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmbedder } from '../../src/embedding/embedder.js';
import { OFFLINE_MODEL } from '../../src/embedding/profiles.js';
import { ingestCorpus, type PassageEmbedder } from '../../src/index/ingest.js';
import { formatIngestSummary } from '../../src/cli/ingestWithProgress.js';
import { MODEL_CACHE_DIR, tempCorpusConfig } from '../support/testConfig.js';

const embedder = await createEmbedder({ model: OFFLINE_MODEL, cacheDir: MODEL_CACHE_DIR, hubTimeoutMs: 100 });

describe('what ingest reports', () => {
  it('logs a skipped file when it is found, and does not list it again while it stays the same', async () => {
    const config = await tempCorpusConfig();
    await writeFile(path.join(config.corpusDir, 'empty.txt'), '');
    const log: string[] = [];
    const ingest = () =>
      ingestCorpus({
        corpusDir: config.corpusDir,
        indexDir: config.indexDir,
        projectRoot: path.dirname(config.corpusDir),
        embedder,
        log: (m) => log.push(m),
      });
    const first = await ingest();
    expect(log).toContain('Skipped corpus/empty.txt: empty file');
    expect(formatIngestSummary(first)).toContain('Skipped 1 file(s):\n  - corpus/empty.txt: empty file');

    log.length = 0;
    await writeFile(path.join(config.corpusDir, 'blank.md'), '   \n');
    const second = await ingest();
    expect(log.filter((m) => m.startsWith('Skipped'))).toEqual(['Skipped corpus/blank.md: only whitespace']);
    expect(formatIngestSummary(second)).toContain(
      'Skipped 2 file(s), 1 of them as at the last ingest; new:\n  - corpus/blank.md: only whitespace',
    );
    expect(formatIngestSummary(second)).not.toContain('empty.txt');

    const third = await ingest();
    expect(formatIngestSummary(third)).toContain('Skipped 2 file(s), the same as at the last ingest.');
    expect(formatIngestSummary(third)).not.toMatch(/Embedded 0 passages/u);
  });

  it('leaves no empty segments folder behind when a first ingest fails', async () => {
    const config = await tempCorpusConfig();
    const failing: PassageEmbedder = { ...embedder, embedPassages: async () => Promise.reject(new Error('model crashed')) };
    await expect(
      ingestCorpus({
        corpusDir: config.corpusDir,
        indexDir: config.indexDir,
        projectRoot: path.dirname(config.corpusDir),
        embedder: failing,
      }),
    ).rejects.toThrow('model crashed');
    expect(await readdir(config.indexDir)).toEqual([]);
  });
});
