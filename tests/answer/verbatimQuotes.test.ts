import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCorpusEngine } from '../../src/answer/openEngine.js';
import { createEmbedder } from '../../src/embedding/embedder.js';
import { ingestCorpus } from '../../src/index/ingest.js';
import { manifestPath, readManifest } from '../../src/index/manifest.js';
import { segmentDir } from '../../src/index/segment.js';
import { staleArticles } from '../../src/index/staleArticles.js';
import type { Answer } from '../../src/types.js';
import { copySeedCorpus } from '../support/seedCorpus.js';

const SOURCE = 'corpus/000_682c3029859b1b8c.txt';
const QUESTION = 'How many soldiers were deployed to Russia?';
const ORIGINAL = 'deployed approximately 12,000 soldiers';
const EDITED = 'deployed approximately 99,999 soldiers';

async function ingested() {
  const { config, projectRoot: root } = await copySeedCorpus();
  const embedder = await createEmbedder({ model: config.embeddingModel, cacheDir: config.modelCacheDir, hubTimeoutMs: 100 });
  const ingest = () => ingestCorpus({ corpusDir: config.corpusDir, indexDir: config.indexDir, projectRoot: root, embedder });
  const warnings: string[] = [];
  const open = () => openCorpusEngine(config, { log: () => undefined, warn: (m) => warnings.push(m) });
  return { config, root, ingest, open, warnings };
}

/** Each quote against the file as it is now on disk: the promise every answer must keep. */
async function expectVerbatim(answer: Answer, root: string): Promise<void> {
  expect(answer.quotes.length).toBeGreaterThan(0);
  for (const quote of answer.quotes) {
    const text = await readFile(path.join(root, quote.source), 'utf8');
    expect(text.slice(quote.start, quote.end)).toBe(quote.text);
  }
}

const quotesOf = (answer: Answer, source: string) => answer.quotes.filter((q) => q.source === source);

async function replaceInFile(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  expect(text).toContain(from);
  await writeFile(file, text.replace(from, to));
}

describe('every quote is checked against the text the index cites', () => {
  it('drops a quote whose source was edited after the ingest (same size, other digits), reports the article stale, and answers from the rest', async () => {
    const { config, root, ingest, open, warnings } = await ingested();
    const engine = await open();
    const before = await engine.ask(QUESTION, { k: 5 });
    expect(quotesOf(before, SOURCE).some((q) => q.text.includes(ORIGINAL))).toBe(true);

    const file = path.join(root, SOURCE);
    const size = (await readFile(file)).length;
    await replaceInFile(file, ORIGINAL, EDITED);
    expect((await readFile(file)).length).toBe(size);

    const after = await engine.ask(QUESTION, { k: 5 });
    await expectVerbatim(after, root);
    expect(after.quotes.some((q) => q.text.includes(ORIGINAL) && q.source === SOURCE)).toBe(false);
    expect(warnings.filter((m) => m.startsWith(`Article ${SOURCE} is stale:`))).toHaveLength(1);
    expect(await staleArticles(config.indexDir)).toEqual([SOURCE]);

    // Asked again, the article is not reported twice; the next ingest reads it and forgets it.
    await engine.ask(QUESTION, { k: 5 });
    expect(warnings).toHaveLength(1);
    const summary = await ingest();
    expect(summary.addedOrChanged).toBe(1);
    expect(await staleArticles(config.indexDir)).toEqual([]);
    const reloaded = await (await open()).ask(QUESTION, { k: 5 });
    await expectVerbatim(reloaded, root);
    expect(quotesOf(reloaded, SOURCE).some((q) => q.text.includes(EDITED))).toBe(true);
  });

  it('never quotes an edited records.json of an index written before checksums (which still loads), and the next ingest re-reads it', async () => {
    const { config, root, ingest, open, warnings } = await ingested();
    const manifest = (await readManifest(config.indexDir))!;
    const segment = manifest.segments.find((s) => s.id === manifest.articles[SOURCE]!.segment)!;
    // The index as an older version wrote it: no checksums to catch the edit on load.
    await writeFile(
      manifestPath(config.indexDir),
      JSON.stringify({ ...manifest, segments: manifest.segments.map(({ checksums: _c, ...s }) => s) }),
    );
    await replaceInFile(path.join(segmentDir(config.indexDir, segment.id), 'records.json'), ORIGINAL, EDITED);

    const answer = await (await open()).ask(QUESTION, { k: 5 });
    await expectVerbatim(answer, root);
    expect(answer.quotes.some((q) => q.text.includes('99,999'))).toBe(false);
    expect(warnings).toEqual([expect.stringContaining(`Article ${SOURCE} is stale: its text differs from the index.`)]);

    const summary = await ingest();
    expect(summary.upToDate).toBe(false);
    expect(summary.embeddedPassages).toBe(summary.passages);
    const repaired = await (await open()).ask(QUESTION, { k: 5 });
    expect(quotesOf(repaired, SOURCE).some((q) => q.text.includes(ORIGINAL))).toBe(true);
  });
});
