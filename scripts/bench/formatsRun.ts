/**
 * Conversion throughput, in its own process, as the ingest converts (one file at a time here,
 * in the bounded conversion worker): saved web pages through Readability over linkedom, PDF
 * pages (one and two columns, hyphenated line ends) through unpdf, and Word documents through
 * mammoth, all made on the spot. Measured warm: the worker is started before the clock runs.
 * Prints one JSON object on stdout.
 */
import { articleDocx, articleHtml, articlePdf } from '../../tests/support/formatFixtures.js';
import { percentile, round, timed } from './lib/measure.js';
import type { ConvertedFormat } from '../../src/corpus/convertArticleBytes.js';
import { convertInWorker } from '../../src/corpus/convertInWorker.js';

async function convertedChars(format: ConvertedFormat, bytes: Uint8Array): Promise<number> {
  const conversion = await convertInWorker(format, bytes);
  if ('reason' in conversion) throw new Error(`A benchmark ${format} was skipped: ${conversion.reason}`);
  return conversion.converted.text.length;
}

const HTML_PAGES = 300;
const PDF_PAGES = 60;

const paragraph = (i: number, j: number) =>
  `Paragraph ${j} of article ${i}: the regional transport authority confirmed on Tuesday that the extension of the light ` +
  `rail network to the valley towns would open in the spring, and that fares would stay the same for another year.`;
const paragraphs = (i: number, count: number) => Array.from({ length: count }, (_, j) => paragraph(i, j));

const pages = Array.from({ length: HTML_PAGES }, (_, i) =>
  new TextEncoder().encode(
    articleHtml({ title: `Rail extension ${i}`, author: 'Jane Doe', url: `https://example.org/${i}`, paragraphs: paragraphs(i, 30) }),
  ),
);
await convertedChars('html', pages[0] as Uint8Array);
const html = await timed(async () => {
  let chars = 0;
  for (const page of pages) chars += await convertedChars('html', page);
  return chars;
});

async function pdfThroughput(columns: 1 | 2) {
  const bytes = await articlePdf({
    title: 'Benchmark',
    pages: Array.from({ length: PDF_PAGES }, (_, i) => paragraphs(i, columns === 1 ? 12 : 15)),
    columns,
  });
  await convertedChars('pdf', bytes); // PDF.js loads its code on first use: measured warm, the median of three runs
  const runs = [
    await timed(() => convertedChars('pdf', bytes)),
    await timed(() => convertedChars('pdf', bytes)),
    await timed(() => convertedChars('pdf', bytes)),
  ];
  const ms = percentile(
    runs.map((r) => r.ms),
    50,
  );
  return {
    pages: PDF_PAGES,
    columns,
    pagesPerSecond: round(PDF_PAGES / (ms / 1000), 1),
    charsPerPage: Math.round((runs[0]?.value ?? 0) / PDF_PAGES),
  };
}

const documents = Array.from({ length: HTML_PAGES }, (_, i) => articleDocx(`Rail extension ${i}`, paragraphs(i, 30)));
await convertedChars('docx', documents[0] as Uint8Array);
const docx = await timed(async () => {
  let chars = 0;
  for (const document of documents) chars += await convertedChars('docx', document);
  return chars;
});

process.stdout.write(
  `${JSON.stringify({
    html: {
      pages: HTML_PAGES,
      paragraphsPerPage: 30,
      pagesPerSecond: round(HTML_PAGES / (html.ms / 1000), 1),
      charsPerPage: Math.round(html.value / HTML_PAGES),
    },
    pdf: [await pdfThroughput(1), await pdfThroughput(2)],
    docx: { documents: HTML_PAGES, paragraphsPerDocument: 30, documentsPerSecond: round(HTML_PAGES / (docx.ms / 1000), 1) },
  })}\n`,
);
