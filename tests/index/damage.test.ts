import { spawn } from 'node:child_process';
import { readFile, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { createEmbedder } from '../../src/embedding/embedder.js';
import { ingestCorpus } from '../../src/index/ingest.js';
import { LOCK_FILE } from '../../src/index/ingestLock.js';
import { loadIndex } from '../../src/index/loadIndex.js';
import { manifestPath, readManifest } from '../../src/index/manifest.js';
import { segmentDir } from '../../src/index/segment.js';
import { tempCorpusConfig } from '../support/testConfig.js';

const embedder = await createEmbedder({ model: 'verbatim/wink-sif-100d', cacheDir: path.join(PROJECT_ROOT, '.cache', 'models'), hubTimeoutMs: 100 });

async function freshIndex() {
  const config = await tempCorpusConfig();
  const log: string[] = [];
  const ingest = (rebuild = false) =>
    ingestCorpus({ corpusDir: config.corpusDir, indexDir: config.indexDir, projectRoot: path.dirname(config.corpusDir), embedder, rebuild, log: (m) => log.push(m) });
  const first = await ingest();
  return { config, ingest, log, first };
}

describe('a damaged index', () => {
  it('names a truncated manifest, and ingest (with or without --rebuild) repairs it', async () => {
    const { config, ingest, log, first } = await freshIndex();
    const manifest = manifestPath(config.indexDir);
    await truncate(manifest, 40);
    await expect(loadIndex(config.indexDir)).rejects.toThrow(`The index manifest ${manifest} is damaged`);
    await expect(readManifest(config.indexDir)).rejects.toThrow(/npm run ingest -- --rebuild/u);

    const repaired = await ingest();
    expect(log.some((m) => m.includes(`${manifest} is damaged`) && m.endsWith('rebuilding the index.'))).toBe(true);
    expect(repaired.articles).toBe(first.articles);
    expect((await loadIndex(config.indexDir)).passages).toHaveLength(first.passages);

    await writeFile(manifest, '{"format": 2, "gen');
    const rebuilt = await ingest(true);
    expect(rebuilt.passages).toBe(first.passages);
    expect((await loadIndex(config.indexDir)).articles).toHaveLength(first.articles);
  });

  it('names a deleted segment folder, and ingest re-embeds its articles instead of calling the index up to date', async () => {
    const { config, ingest, log, first } = await freshIndex();
    const segment = (await readManifest(config.indexDir))!.segments[0]!;
    await rm(segmentDir(config.indexDir, segment.id), { recursive: true });
    await expect(loadIndex(config.indexDir)).rejects.toThrow(`The index file ${path.join(segmentDir(config.indexDir, segment.id), 'records.json')} is missing`);

    const repaired = await ingest();
    expect(repaired.upToDate).toBe(false);
    expect(repaired.embeddedPassages).toBe(segment.passages);
    expect(log.some((m) => m.startsWith('The index is damaged:') && m.includes(segment.id))).toBe(true);
    expect((await loadIndex(config.indexDir)).passages).toHaveLength(first.passages);
    expect((await ingest()).upToDate).toBe(true);
  });

  it('names a truncated segment file', async () => {
    const { config } = await freshIndex();
    const segment = (await readManifest(config.indexDir))!.segments[0]!;
    const records = path.join(segmentDir(config.indexDir, segment.id), 'records.json');
    await truncate(records, 100);
    await expect(loadIndex(config.indexDir)).rejects.toThrow(`The index file ${records} is damaged`);
  });
});

describe('the ingest lock', () => {
  it('refuses while another ingest holds it, saying how to clear it', async () => {
    const { config, ingest } = await freshIndex();
    const lock = path.join(config.indexDir, LOCK_FILE);
    // This test process is alive and started before the lock was written: a real holder.
    await writeFile(lock, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
    await expect(ingest()).rejects.toThrow(`Another ingest (pid ${process.pid}`);
    await expect(ingest()).rejects.toThrow(`If no ingest is running, delete ${lock} and try again.`);
    await rm(lock);
  });

  it('takes over a stale lock whose pid now belongs to a process that started after it was written', async () => {
    const { config, ingest } = await freshIndex();
    const lock = path.join(config.indexDir, LOCK_FILE);
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await writeFile(lock, String(sleeper.pid));
      const hourAgo = new Date(Date.now() - 3_600_000);
      await utimes(lock, hourAgo, hourAgo);
      expect((await ingest()).upToDate).toBe(true);
      await expect(readFile(lock)).rejects.toThrow(/ENOENT/u);
    } finally {
      sleeper.kill();
    }
  });
});
