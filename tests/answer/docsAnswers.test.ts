/**
 * A documentation site, end to end: a question asking for a configuration or a command gets the
 * code block of the right section, a how-to question the steps under the heading naming the
 * task, and a question in words never a code block; every quote verbatim from its snapshot.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCorpusEngine } from '../../src/answer/openEngine.js';
import { answerableProbes } from '../../src/calibration/probes.js';
import { AnswerKind } from '../../src/language/english.js';
import { locateQuotes } from '../../src/cli/locateQuotes.js';
import { loadCoreConfig } from '../../src/config.js';
import { createEmbedder } from '../../src/embedding/embedder.js';
import { OFFLINE_MODEL } from '../../src/embedding/profiles.js';
import { ingestCorpus } from '../../src/index/ingest.js';
import { readManifest } from '../../src/index/manifest.js';
import { renderAnswerEmbeds, renderClosestEmbeds } from '../../src/render/discord.js';
import { renderAnswerJson } from '../../src/render/json.js';
import { renderAnswerText } from '../../src/render/terminal.js';
import { DOCS_PAGES } from '../support/docsPages.js';
import { tempFolder } from '../support/tempFolder.js';
import { MODEL_CACHE_DIR } from '../support/testConfig.js';

const root = tempFolder('docs');
const corpusDir = path.join(root, 'corpus');
const indexDir = path.join(root, 'index');
await mkdir(corpusDir, { recursive: true });
for (const [name, text] of Object.entries(DOCS_PAGES)) await writeFile(path.join(corpusDir, name), text);
const embedder = await createEmbedder({ model: OFFLINE_MODEL, cacheDir: MODEL_CACHE_DIR, hubTimeoutMs: 100 });
const ingested = await ingestCorpus({ corpusDir, indexDir, projectRoot: root, embedder });
const config = { ...loadCoreConfig({}), corpusDir, indexDir, modelCacheDir: MODEL_CACHE_DIR, embeddingModel: OFFLINE_MODEL };
const engine = await openCorpusEngine(config, { log: () => undefined });
const manifest = (await readManifest(indexDir))!;

const ask = async (question: string) => locateQuotes(await engine.ask(question, { k: 3 }), engine, manifest, indexDir, root);

/** Every result of an answer is its snapshot's text between its offsets; returns how many were checked. */
async function checkFidelity(question: string): Promise<number> {
  const results = renderAnswerJson(await ask(question)).results;
  for (const result of results) {
    expect(result.textFile).toBeDefined();
    expect((await readFile(result.textFile!, 'utf8')).slice(result.start, result.end)).toBe(result.text);
  }
  return results.length;
}

describe('a documentation site with code in two languages, admonitions, an MDX page and a procedure', () => {
  it('indexes the Markdown and the MDX pages', () => {
    expect(ingested.skipped).toEqual([]);
    expect(Object.keys(manifest.articles).sort()).toEqual(['corpus/backups.mdx', 'corpus/install.md', 'corpus/networking.md']);
    expect(manifest.articles['corpus/backups.mdx']!.title).toBe('Backups');
  });

  it.each([
    ['what do I put in docker-compose', 'corpus/install.md', 'Docker', 'yaml', '    image: harbor/server:latest'],
    ["what's the command to install it on debian", 'corpus/install.md', 'Debian and Ubuntu', 'sh', 'sudo apt-get install harbor-server'],
    ['what does the reverse proxy config look like', 'corpus/networking.md', 'Reverse proxy', 'yaml', '  upstream: http://harbor:8096'],
  ])(
    '%j gets the code block of its section first, fenced with its language in Discord',
    async (question, source, section, language, line) => {
      const answer = await ask(question);
      const quote = answer.quotes[0]!;
      expect(quote).toMatchObject({ source, section: [section], kind: 'code', language });
      expect(quote.text).toContain(line);
      const json = renderAnswerJson(answer).results[0]!;
      expect(json).toMatchObject({ kind: 'code', language, section });
      expect((await readFile(json.textFile!, 'utf8')).slice(json.start, json.end)).toBe(json.text);
      // Shown as the answer, or as the closest passages when the level is lower: the same quote embeds.
      const [, embed] = answer.level === 'none' ? renderClosestEmbeds(answer) : renderAnswerEmbeds(answer);
      expect(embed?.description?.startsWith(`\`\`\`${language}\n`)).toBe(true);
      expect(embed?.description).toContain(line);
      expect(embed?.footer?.text).toContain(`› ${section} (${source}, ¶`);
      // The terminal keeps the code's lines and says what it is.
      const text = renderAnswerText(answer, { color: false, width: 100 });
      expect(text).toContain(`1. code (${language})`);
      expect(text).toContain(`\n   ┃ ${line}\n`);
    },
  );

  it('answers a how-to question with the steps, whole, cited with the heading that names the task', async () => {
    const quote = (await ask('how do i make a backup')).quotes[0]!;
    expect(quote).toMatchObject({ source: 'corpus/backups.mdx', section: ['Making a backup'], kind: 'steps' });
    expect(quote.text).toContain('Stop the Harbor service so that the database is not written to.');
    expect(quote.text).toContain('Copy the whole data folder to another disk or machine.');
    expect(quote.text).toContain('Start the Harbor service again.');
  });

  it('never quotes code first for a question in words, nor MDX imports or JSX', async () => {
    const questions = [
      'what port does it use by default',
      'where does Harbor keep its settings',
      'what blocks the apps from connecting',
      'why keep the data volume outside the container',
      'what does a reverse proxy add',
    ];
    let quotes = 0;
    for (const question of questions) {
      const answer = await ask(question);
      expect(answer.quotes.length, question).toBeGreaterThan(0);
      for (const quote of answer.quotes) {
        expect(quote.kind, question).not.toBe('code');
        expect(quote.text).not.toMatch(/import Tabs|<Tab|:::|\*\*/u);
        quotes += 1;
      }
    }
    expect(quotes).toBeGreaterThanOrEqual(questions.length);
    expect((await ask('what port does it use by default')).quotes[0]?.text).toContain('listens on port 8096 by default');
  });

  it('asks its own steps as how-to questions when it measures itself, and never asks about code', () => {
    const probes = answerableProbes(engine.store);
    const text = (source: string) => engine.store.article(source)!.text;
    const probed = probes.map((p) => ({ question: p.question, sentence: text(p.source).slice(p.sentence.start, p.sentence.end) }));
    expect(probed.filter((p) => p.question.startsWith('how do i ')).map((p) => p.sentence)).toContain(
      'Stop the Harbor service so that the database is not written to.',
    );
    const codeRows = Array.from({ length: engine.store.passageCount }, (_, row) => engine.store.passage(row)!).filter((p) =>
      p.sentenceKinds.every((k) => (k & AnswerKind.code) !== 0),
    );
    expect(codeRows.length).toBeGreaterThanOrEqual(4);
    for (const passage of codeRows) expect(probed.map((p) => p.sentence)).not.toContain(passage.text);
  });

  it('quotes every answer verbatim from the snapshot', async () => {
    let checked = 0;
    for (const question of [
      'what do I put in docker-compose',
      'how do i make a backup',
      'how do i restore a backup',
      'what port does it use',
    ]) {
      checked += await checkFidelity(question);
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });
});
