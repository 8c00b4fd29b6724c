/**
 * Conversion throughput, in its own process: saved web pages through Readability over linkedom,
 * PDF pages (one and two columns, hyphenated line ends) through unpdf, and Word documents
 * through mammoth, all made on the spot.
 * Prints one JSON object on stdout.
 */
import { articleDocx, articleHtml, articlePdf } from './lib/formatFixtures.js';
import { percentile, round, timed } from './lib/measure.js';
import { convertHtml } from '../../src/corpus/convertHtml.js';
import { convertDocx } from '../../src/corpus/convertDocx.js';
import { convertPdf } from '../../src/corpus/convertPdf.js';

const HTML_PAGES = 300;
const PDF_PAGES = 60;

const paragraph = (i: number, j: number) =>
  `Paragraph ${j} of article ${i}: the regional transport authority confirmed on Tuesday that the extension of the light rail network to the valley towns would open in the spring, and that fares would stay the same for another year.`;
const paragraphs = (i: number, count: number) => Array.from({ length: count }, (_, j) => paragraph(i, j));

const pages = Array.from({ length: HTML_PAGES }, (_, i) => articleHtml({ title: `Rail extension ${i}`, author: 'Jane Doe', url: `https://example.org/${i}`, paragraphs: paragraphs(i, 30) }));
const html = await timed(async () => pages.reduce((chars, page) => chars + convertHtml(page).text.length, 0));

async function pdfThroughput(columns: 1 | 2) {
  const bytes = await articlePdf({ title: 'Benchmark', pages: Array.from({ length: PDF_PAGES }, (_, i) => paragraphs(i, columns === 1 ? 12 : 15)), columns });
  await convertPdf(bytes); // PDF.js loads its code on first use: measured warm, the median of three runs
  const runs = [await timed(() => convertPdf(bytes)), await timed(() => convertPdf(bytes)), await timed(() => convertPdf(bytes))];
  const ms = percentile(runs.map((r) => r.ms), 50);
  return { pages: PDF_PAGES, columns, pagesPerSecond: round(PDF_PAGES / (ms / 1000), 1), charsPerPage: Math.round((runs[0]?.value.text.length ?? 0) / PDF_PAGES) };
}

const documents = Array.from({ length: HTML_PAGES }, (_, i) => articleDocx(`Rail extension ${i}`, paragraphs(i, 30)));
const docx = await timed(async () => {
  let chars = 0;
  for (const document of documents) chars += (await convertDocx(document)).text.length;
  return chars;
});

process.stdout.write(
  `${JSON.stringify({
    html: { pages: HTML_PAGES, paragraphsPerPage: 30, pagesPerSecond: round(HTML_PAGES / (html.ms / 1000), 1), charsPerPage: Math.round(html.value / HTML_PAGES) },
    pdf: [await pdfThroughput(1), await pdfThroughput(2)],
    docx: { documents: HTML_PAGES, paragraphsPerDocument: 30, documentsPerSecond: round(HTML_PAGES / (docx.ms / 1000), 1) },
  })}\n`,
);
