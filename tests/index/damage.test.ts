import { spawn } from 'node:child_process';
import { open, readFile, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { createEmbedder } from '../../src/embedding/embedder.js';
import { ingestCorpus } from '../../src/index/ingest.js';
import { LOCK_FILE } from '../../src/index/ingestLock.js';
import { loadIndex } from '../../src/index/loadIndex.js';
import { manifestPath, readManifest } from '../../src/index/manifest.js';
import { segmentDir } from '../../src/index/segment.js';
import { markStale, staleArticles } from '../../src/index/staleArticles.js';
import { copySeedCorpus } from '../support/seedCorpus.js';

const embedder = await createEmbedder({
  model: 'verbatim/wink-sif-100d',
  cacheDir: path.join(PROJECT_ROOT, '.cache', 'models'),
  hubTimeoutMs: 100,
});

/** An index of the seed corpus of this test's own, and what its ingest reported. */
async function freshIndex() {
  const { config, projectRoot, summary: first } = await copySeedCorpus();
  const log: string[] = [];
  const ingest = (rebuild = false) =>
    ingestCorpus({ corpusDir: config.corpusDir, indexDir: config.indexDir, projectRoot, embedder, rebuild, log: (m) => log.push(m) });
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
    await expect(loadIndex(config.indexDir)).rejects.toThrow(
      `The index file ${path.join(segmentDir(config.indexDir, segment.id), 'records.json')} is missing`,
    );

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

/** Damage that keeps every file's size, as a failing disk or a careless edit leaves it. */
const sameSizeDamage: Array<{ name: string; file: string; damage: (file: string) => Promise<void> }> = [
  {
    name: 'an edited number in records.json',
    file: 'records.json',
    damage: async (file) => {
      const text = await readFile(file, 'utf8');
      expect(text).toContain('approximately 12,000 soldiers');
      await writeFile(file, text.replace('approximately 12,000 soldiers', 'approximately 99,999 soldiers'));
    },
  },
  {
    name: 'vectors.f32 overwritten with NaN',
    file: 'vectors.f32',
    damage: async (file) => {
      const size = (await readFile(file)).length;
      await writeFile(file, new Uint8Array(new Float32Array(size / 4).fill(Number.NaN).buffer));
    },
  },
  {
    name: 'a flipped byte in lexical.bin',
    file: 'lexical.bin',
    damage: async (file) => {
      const handle = await open(file, 'r+');
      const byte = Buffer.alloc(1);
      await handle.read(byte, 0, 1, 100);
      await handle.write(Buffer.from([byte[0]! ^ 0xff]), 0, 1, 100);
      await handle.close();
    },
  },
];

describe('damage that keeps the size of a segment file', () => {
  it.each(sameSizeDamage)('$name fails the load with one line naming the file, and ingest repairs it', async ({ file: name, damage }) => {
    const { config, ingest, log, first } = await freshIndex();
    const manifest = (await readManifest(config.indexDir))!;
    const segment = manifest.segments.find((s) => s.id === manifest.articles['corpus/000_682c3029859b1b8c.txt']!.segment)!;
    const file = path.join(segmentDir(config.indexDir, segment.id), name);
    const size = (await readFile(file)).length;
    await damage(file);
    expect((await readFile(file)).length).toBe(size);

    const failure = await loadIndex(config.indexDir).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failure).toBe(
      `The index file ${file} is damaged (its sha256 differs from the manifest's). ` +
        `Repair the index: npm run ingest (or npm run ingest -- --rebuild)`,
    );

    const repaired = await ingest();
    expect(repaired.upToDate).toBe(false);
    expect(repaired.embeddedPassages).toBe(segment.passages);
    expect(log).toContain(
      `The index is damaged: ${file} is damaged (its sha256 differs from the ` +
        `manifest's). Its ${segment.articles} article(s) are indexed again.`,
    );
    const reloaded = await loadIndex(config.indexDir);
    expect(reloaded.passages).toHaveLength(first.passages);
    expect(reloaded.articleBySource.get('corpus/000_682c3029859b1b8c.txt')!.text).toContain('approximately 12,000 soldiers');
    expect((await ingest()).upToDate).toBe(true);
  });

  it('loads an index written before checksums were kept, and ingest indexes it again once, with checksums', async () => {
    const { config, ingest, log, first } = await freshIndex();
    const manifest = (await readManifest(config.indexDir))!;
    const legacy = { ...manifest, segments: manifest.segments.map(({ checksums: _c, ...s }) => s) };
    await writeFile(manifestPath(config.indexDir), JSON.stringify(legacy));
    expect((await loadIndex(config.indexDir)).passages).toHaveLength(first.passages);

    const rebuilt = await ingest();
    expect(rebuilt.embeddedPassages).toBe(first.passages);
    expect(log.filter((m) => m.includes('was written before checksums were kept'))).toHaveLength(legacy.segments.length);
    expect((await readManifest(config.indexDir))!.segments.every((s) => Object.keys(s.checksums ?? {}).length >= 4)).toBe(true);
    expect((await ingest()).upToDate).toBe(true);
  });

  it('reads again an article an answer reported stale, though its file has the hash the index holds', async () => {
    const { config, ingest } = await freshIndex();
    await markStale(config.indexDir, 'corpus/002_739dac346a8982e8.txt');
    const summary = await ingest();
    expect(summary.upToDate).toBe(false);
    expect(summary.addedOrChanged).toBe(1);
    expect(await staleArticles(config.indexDir)).toEqual([]);
    expect((await ingest()).upToDate).toBe(true);
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
