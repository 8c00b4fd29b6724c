import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { articleDocx, articlePdf } from '../support/formatFixtures.js';
import { conversionLimits } from '../../src/corpus/conversionLimits.js';
import { conversionPool } from '../../src/corpus/convertInWorker.js';
import { parseArticle } from '../../src/corpus/loadCorpus.js';
import { createEmbedder } from '../../src/embedding/embedder.js';
import { OFFLINE_MODEL } from '../../src/embedding/profiles.js';
import { ingestCorpus } from '../../src/index/ingest.js';
import { readManifest } from '../../src/index/manifest.js';
import { emptyParagraphsDocx } from '../support/emptyParagraphsDocx.js';
import { MODEL_CACHE_DIR } from '../support/testConfig.js';
import { tempFolder } from '../support/tempFolder.js';

const root = tempFolder('hostile');

/** A PDF of `pages` pages with a line of text each: small on disk, long for PDF.js. */
async function manyPagePdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++)
    doc.addPage([200, 200]).drawText(`Page ${i + 1} of a very long report.`, { x: 10, y: 100, size: 8, font });
  return doc.save();
}

const good = ['The harbour master confirmed that the new pier will open to fishing boats in the spring.'];

describe('a corpus with crafted files beside good ones', async () => {
  const corpusDir = path.join(root, 'corpus');
  const indexDir = path.join(root, 'index');
  await mkdir(corpusDir, { recursive: true });
  // 3 million empty paragraphs: about 100 MB of XML, as the one that took mammoth past 4 GB and out of memory.
  const bomb = emptyParagraphsDocx(3_000_000);
  await writeFile(path.join(corpusDir, 'bomb.docx'), bomb);
  await writeFile(path.join(corpusDir, 'long.pdf'), await manyPagePdf(conversionLimits.pdfPages + 1));
  await writeFile(
    path.join(corpusDir, 'unicode.txt'),
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Notepad saved this as "Unicode".\n', 'utf16le')]),
  );
  await writeFile(path.join(corpusDir, 'harbour.docx'), articleDocx('Harbour news', good));
  await writeFile(
    path.join(corpusDir, 'lighthouse.pdf'),
    await articlePdf({
      title: 'Lighthouses',
      pages: [['Keepers were paid partly in candles until the reform of the lighthouse service.']],
    }),
  );
  await writeFile(
    path.join(corpusDir, 'bees.txt'),
    'Beekeepers in the valley\n\nThe hives produced forty kilograms of honey each during the dry summer.\n',
  );
  const embedder = await createEmbedder({ model: OFFLINE_MODEL, cacheDir: MODEL_CACHE_DIR, hubTimeoutMs: 100 });

  it('skips each crafted file with its reason, quickly, and indexes the good ones', async () => {
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const started = performance.now();
    const summary = await ingestCorpus({ corpusDir, indexDir, projectRoot: root, embedder });
    expect(performance.now() - started).toBeLessThan(20_000);
    const reasons = Object.fromEntries(summary.skipped.map((s) => [s.source, s.reason]));
    expect(reasons).toEqual({
      // 33 bytes a paragraph × 3 million = 99,000,000 bytes = 94.4 MiB.
      'corpus/bomb.docx': 'too large to convert (its XML unpacks to 94.4 MB; the limit is 16.0 MB)',
      'corpus/long.pdf': 'too long to convert (2,001 pages; the limit is 2,000)',
      'corpus/unicode.txt': 'UTF-16 text, not UTF-8 (re-save it as UTF-8)',
    });
    expect(Object.keys((await readManifest(indexDir))?.articles ?? {}).sort()).toEqual([
      'corpus/bees.txt',
      'corpus/harbour.docx',
      'corpus/lighthouse.pdf',
    ]);
  });
});

describe('the conversion worker', () => {
  it('skips a file that takes more memory than its bound, and converts the next file', async () => {
    // 300,000 empty paragraphs (10 MB of XML) pass the directory check but need about 400 MB in mammoth.
    const convert = conversionPool({ ...conversionLimits, memoryMb: 64 });
    expect(await convert('docx', emptyParagraphsDocx(300_000))).toEqual({ reason: 'needed more than 64 MB of memory to convert' });
    const next = await convert('docx', articleDocx('Harbour news', good));
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types its asymmetric matchers as any.
    expect(next).toEqual({ converted: expect.objectContaining({ text: `# Harbour news\n\n${good[0]}` }) });
  });

  it('skips a file that takes longer than its bound, and converts the next file', async () => {
    // A bound the next, ordinary file meets even on a loaded machine (a restarted worker loads its
    // converters within it), and 1,900 full pages that took PDF.js about 3.2 s here on an idle machine
    // (one line a page converted in under 1.5 s on an idle machine).
    const convert = conversionPool({ ...conversionLimits, timeMs: 1500 });
    const pages = Array.from({ length: 1900 }, () => Array.from({ length: 12 }, () => good[0] as string));
    const started = performance.now();
    expect(await convert('pdf', await articlePdf({ pages }))).toEqual({ reason: 'took longer than 1.5 s to convert' });
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(await convert('html', new TextEncoder().encode(`<html><body><article><p>${good[0]}</p></article></body></html>`))).toEqual({
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types its asymmetric matchers as any.
      converted: expect.objectContaining({ text: good[0] }),
    });
  });

  it('skips converted text longer than a text file may be', async () => {
    const convert = conversionPool({ ...conversionLimits, textChars: 50 });
    expect(await convert('docx', articleDocx('Harbour news', good))).toEqual({
      reason: `too long to convert (${'# Harbour news\n\n'.length + good[0]!.length} characters of text; the limit is 50)`,
    });
  });
});

it('tells a UTF-16 text file to be re-saved as UTF-8, with either byte order', () => {
  const text = 'Beekeepers in the valley reported forty kilograms of honey.';
  const bigEndian = Buffer.from(text, 'utf16le').swap16();
  expect(parseArticle('corpus/be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), bigEndian]))).toEqual({
    source: 'corpus/be.txt',
    reason: 'UTF-16 text, not UTF-8 (re-save it as UTF-8)',
  });
});
