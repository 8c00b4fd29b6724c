import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCorpusEngine } from '../../src/answer/openEngine.js';
import { articleDocx, articleHtml, articlePdf } from '../support/formatFixtures.js';
import { locateQuotes } from '../../src/cli/locateQuotes.js';
import { loadCoreConfig } from '../../src/config.js';
import { createEmbedder } from '../../src/embedding/embedder.js';
import { OFFLINE_MODEL } from '../../src/embedding/profiles.js';
import { ingestCorpus } from '../../src/index/ingest.js';
import { readManifest } from '../../src/index/manifest.js';
import { renderAnswerJson } from '../../src/render/json.js';
import { formatCitation } from '../../src/render/terminal.js';
import { MODEL_CACHE_DIR } from '../support/testConfig.js';
import { tempFolder } from '../support/tempFolder.js';

// One folder with every format, each article about something the others never mention.
const root = tempFolder('mixed');
const corpusDir = path.join(root, 'corpus');
const indexDir = path.join(root, 'index');
await mkdir(path.join(corpusDir, 'papers'), { recursive: true });
await writeFile(
  path.join(corpusDir, 'bees.txt'),
  'Beekeepers in the valley\n\nThe beekeepers reported that their hives produced forty kilograms of honey each during the dry summer.\n',
);
await writeFile(
  path.join(corpusDir, 'chess.md'),
  '# Chess club news\n\n## Tournaments\n\nThe **chess club** moved its Tuesday ' +
    'tournament to the old fire station after the school hall flooded.\n',
);
await writeFile(
  path.join(corpusDir, 'rail.html'),
  articleHtml({
    title: 'Light rail reaches the valley towns',
    author: 'Jane Doe',
    url: 'https://example.org/news/light-rail',
    paragraphs: [
      'The head of the regional rail operator has given his backing to the growing sector of light rail transit (LRT).',
      'The new tram line will carry its first passengers in April, three months ahead of the original timetable.',
    ],
  }),
);
await writeFile(
  path.join(corpusDir, 'papers', 'lighthouses.pdf'),
  await articlePdf({
    title: 'A history of coastal lighthouses',
    author: 'Ann Smith',
    pages: [
      ['The first chapter surveys the coastline and the harbours that grew up around the medieval fishing villages of the north.'],
      [
        'Keepers were paid partly in candles until the reform of the lighthouse service in the nineteenth century.',
        'The lighthouse keepers kept their logbooks in copper boxes to protect them from the salt spray.',
      ],
    ],
  }),
);

await writeFile(
  path.join(corpusDir, 'papers', 'minutes.docx'),
  articleDocx('Minutes of the reading group', [
    'The reading group chose the canal builders chapter for its autumn meeting at the boathouse.',
  ]),
);

const embedder = await createEmbedder({ model: OFFLINE_MODEL, cacheDir: MODEL_CACHE_DIR, hubTimeoutMs: 100 });
const ingest = () => ingestCorpus({ corpusDir, indexDir, projectRoot: root, embedder });
const first = await ingest();
const config = { ...loadCoreConfig({}), corpusDir, indexDir, modelCacheDir: MODEL_CACHE_DIR, embeddingModel: OFFLINE_MODEL };
const engine = await openCorpusEngine(config, { log: () => undefined });
const manifest = (await readManifest(indexDir))!;

async function topQuote(question: string) {
  const answer = locateQuotes(await engine.ask(question, { k: 3 }), engine, manifest, indexDir, root);
  return { answer, quote: answer.quotes[0]! };
}

describe('a folder mixing .txt, .md, .html, .pdf and .docx', () => {
  it('indexes every format', () => {
    expect(first.skipped).toEqual([]);
    expect(Object.keys(manifest.articles).sort()).toEqual([
      'corpus/bees.txt',
      'corpus/chess.md',
      'corpus/papers/lighthouses.pdf',
      'corpus/papers/minutes.docx',
      'corpus/rail.html',
    ]);
    expect(manifest.articles['corpus/rail.html']!.title).toBe('Light rail reaches the valley towns');
    expect(manifest.articles['corpus/papers/lighthouses.pdf']!.title).toBe('A history of coastal lighthouses');
    expect(manifest.articles['corpus/chess.md']!.title).toBe('Chess club news');
  });

  it.each([
    ['How much honey did each hive produce?', 'corpus/bees.txt', 'forty kilograms of honey', undefined, undefined],
    ['Where did the chess club move its tournament?', 'corpus/chess.md', 'The chess club moved', undefined, 'Tournaments'],
    ['When will the tram line carry its first passengers?', 'corpus/rail.html', 'first passengers in April', undefined, undefined],
    ['Where did lighthouse keepers keep their logbooks?', 'corpus/papers/lighthouses.pdf', 'copper boxes', 2, undefined],
    ['Where was the autumn meeting of the reading group?', 'corpus/papers/minutes.docx', 'at the boathouse', undefined, undefined],
  ])('answers %j from %s, citing it correctly', async (question, source, fragment, page, section) => {
    const { answer, quote } = await topQuote(question);
    expect(quote.source).toBe(source);
    expect(quote.text).toContain(fragment);
    expect(quote.page).toBe(page);
    expect(quote.section).toEqual(section && [section]);
    expect(renderAnswerJson(answer).results[0]!.section).toBe(section ?? null);
    expect(quote.file).toBe(path.join(root, source));
    const citation = formatCitation(quote);
    const place = page === undefined ? `(${source}, ¶${quote.paragraph})` : `(${source}, p. ${page}, ¶${quote.paragraph})`;
    expect(citation).toContain(section === undefined ? `" ${place}` : `" › ${section} ${place}`);
    if (source.endsWith('.html')) expect(quote.url).toBe('https://example.org/news/light-rail');
  });

  it('quotes converted files verbatim from their snapshot, and names both files in JSON', async () => {
    const questions = [
      'tram passengers April',
      'lighthouse keepers candles',
      'logbooks copper',
      'honey hives',
      'chess tournament',
      'canal builders boathouse',
    ];
    let checked = 0;
    for (const question of questions) {
      const { answer } = await topQuote(question);
      for (const result of renderAnswerJson(answer).results) {
        const converted = !result.source.endsWith('.txt');
        expect(result.textFile !== undefined).toBe(converted);
        const text = await readFile(converted ? result.textFile! : path.join(root, result.source), 'utf8');
        expect(text.slice(result.start, result.end)).toBe(result.text);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(questions.length);
  });

  it('converts again only what changed', async () => {
    expect((await ingest()).upToDate).toBe(true);
    const html = path.join(corpusDir, 'rail.html');
    await writeFile(html, (await readFile(html, 'utf8')).replace('in April', 'in May'));
    const changed = await ingest();
    expect(changed.addedOrChanged).toBe(1);
    expect(changed.unchanged).toBe(4);
  });

  it('never quotes a PDF passage its text snapshot no longer holds (edited at the same size), and reports the PDF stale', async () => {
    const warnings: string[] = [];
    const checking = await openCorpusEngine(config, { log: () => undefined, warn: (m) => warnings.push(m) });
    const question = 'Where did lighthouse keepers keep their logbooks?';
    const pdf = 'corpus/papers/lighthouses.pdf';
    expect((await checking.ask(question, { k: 3 })).quotes[0]!.text).toContain('copper boxes');
    const snapshot = path.join(indexDir, (await readManifest(indexDir))!.articles[pdf]!.textFile!);
    await writeFile(snapshot, (await readFile(snapshot, 'utf8')).replace('copper boxes', 'bronze boxes'));

    const answer = await checking.ask(question, { k: 3 });
    expect(answer.quotes.filter((q) => q.source === pdf && q.text.includes('boxes'))).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining(`Article ${pdf} is stale: ${snapshot} has changed since it was indexed.`)]);
  });
});
