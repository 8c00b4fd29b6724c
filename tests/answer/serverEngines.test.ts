import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { combinedStore } from '../../src/answer/combinedStore.js';
import { createCorpusEngine } from '../../src/answer/createCorpusEngine.js';
import { openCorpusEngine, type OpenedEngine } from '../../src/answer/openEngine.js';
import { serverCorpusOf, serverEngines } from '../../src/answer/serverEngines.js';
import type { CoreConfig } from '../../src/config.js';
import { ingestCorpus } from '../../src/index/ingest.js';
import { seedCorpus } from '../support/seedCorpus.js';

/** Three servers, each with one article of a fact only it holds. */
const SERVERS = [
  {
    id: '310000000000000001',
    fact: 'The ferry to Ardmore carried eleven ponies across the strait in 1899.',
    asked: 'How many ponies did the ferry to Ardmore carry?',
    answer: 'eleven ponies',
  },
  {
    id: '310000000000000002',
    fact: 'The bakery on Tallow Lane sold four hundred loaves on the morning of the fair.',
    asked: 'How many loaves did the bakery on Tallow Lane sell?',
    answer: 'four hundred loaves',
  },
  {
    id: '310000000000000003',
    fact: 'The choir of Glenmoor sang for nine hours to open the new cathedral organ.',
    asked: 'How long did the choir of Glenmoor sing?',
    answer: 'nine hours',
  },
];

let config: CoreConfig;
let base: OpenedEngine;
beforeAll(async () => {
  // The shared seed index is the base; the servers' corpora go in this file's own data folder.
  ({ config } = seedCorpus());
  base = await openCorpusEngine(config, { log: () => undefined });
  for (const server of SERVERS) {
    const { corpusDir, indexDir } = serverCorpusOf(config.dataDir, server.id);
    await mkdir(corpusDir, { recursive: true });
    await writeFile(path.join(corpusDir, 'fact.md'), `A Local Record\n\n${server.fact}\n`);
    await ingestCorpus({ corpusDir, indexDir, projectRoot: path.dirname(corpusDir), embedder: base.embedder });
  }
}, 60_000);

const quotedIn = async (engine: { ask(q: string): Promise<{ quotes: Array<{ text: string; source: string }> }> }, question: string) =>
  (await engine.ask(question)).quotes;

describe('servers answered from the base and their own articles', () => {
  it("answers each server from its own articles, never another's, with at most MAX_SERVER_INDEXES loaded", async () => {
    const warnings: string[] = [];
    const engines = serverEngines(
      { dataDir: config.dataDir, corpusScope: 'both', maxServerIndexes: 2 },
      () => base,
      (m) => warnings.push(m),
    );
    for (const round of [0, 1]) {
      for (const [i, server] of SERVERS.entries()) {
        const quotes = await quotedIn(await engines.forServer(server.id), server.asked);
        expect(quotes[0]?.text, `round ${round}`).toContain(server.answer);
        expect(quotes[0]?.source).toBe('server:corpus/fact.md');
        const others = SERVERS.filter((_, j) => j !== i).map((s) => s.answer);
        expect(quotes.filter((q) => others.some((answer) => q.text.includes(answer)))).toEqual([]);
        expect(engines.loaded()).toBeLessThanOrEqual(2);
      }
    }
    expect(engines.loaded()).toBe(2);
    // A DM reads the base alone.
    expect((await engines.forServer(null)).listArticles().some((a) => a.source.startsWith('server:'))).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('CORPUS_SCOPE chooses the base, the server, or both', async () => {
    const [server] = SERVERS;
    const sourcesIn = async (corpusScope: CoreConfig['corpusScope']) =>
      (
        await serverEngines(
          { dataDir: config.dataDir, corpusScope, maxServerIndexes: 2 },
          () => base,
          () => undefined,
        ).forServer(server!.id)
      )
        .listArticles()
        .map((a) => a.source);
    const baseSources = base.listArticles().map((a) => a.source);
    expect(baseSources.length).toBeGreaterThan(0);
    expect(await sourcesIn('base')).toEqual(baseSources);
    expect(await sourcesIn('server')).toEqual(['server:corpus/fact.md']);
    expect(await sourcesIn('both')).toEqual([...baseSources, 'server:corpus/fact.md']);
  });

  it('the base alone through the combined store answers as the base engine does', async () => {
    const alone = createCorpusEngine(combinedStore([{ store: base.store, prefix: '' }], base.store.model), base.embedder);
    for (const question of [
      'Who defected in 2022?',
      'How many North Korean soldiers were deployed to Russia?',
      'What do parents of soldiers do?',
    ]) {
      expect(await alone.ask(question)).toEqual(await base.ask(question));
    }
  });
});
