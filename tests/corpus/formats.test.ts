import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { articleDocx, articleHtml, articlePdf } from '../support/formatFixtures.js';
import { conversionLimits } from '../../src/corpus/conversionLimits.js';
import { convertHtml } from '../../src/corpus/convertHtml.js';
import { convertPdf } from '../../src/corpus/convertPdf.js';
import { contentHashOf, loadCorpus, parseConvertedArticle } from '../../src/corpus/loadCorpus.js';
import type { Article } from '../../src/types.js';
import { tempFolder } from '../support/tempFolder.js';

const page = {
  title: 'Light rail reaches the valley towns',
  author: 'Jane Doe',
  published: '2024-05-01T10:00:00Z',
  url: 'https://example.org/news/light-rail',
  paragraphs: [
    'The head of the regional rail operator has given his backing to the growing sector of light rail transit (LRT).',
    'Officials said the new line would carry its first passengers in the spring, three months ahead of the original plan.',
  ],
};

const pdfPages = [
  [
    'Reading groups met every Thursday in the annex to discuss the transportation chapters of the comprehensive report, ' +
      'which described the consolidation of municipal tramways into one regional authority during the interwar decades.',
    'The second paragraph of the first page notes that attendance doubled during the winter term.',
  ],
  [
    'On the second page the authors argue that municipal investment shaped the network more ' +
      'than private capital did, and that the archival evidence for this is overwhelming.',
  ],
];

describe('HTML pages', () => {
  it('keep the article, its title and its metadata, and leave the page furniture out', () => {
    const converted = convertHtml(articleHtml(page));
    expect(converted.title).toBe(page.title);
    expect(converted.meta).toEqual({ url: page.url, author: 'Jane Doe', published: page.published });
    expect(converted.text.split('\n\n')).toEqual(['By Jane Doe', ...page.paragraphs]);
    for (const furniture of ['Home', 'Recommended', 'Another story', 'Copyright', 'analytics', 'font-family'])
      expect(converted.text).not.toContain(furniture);
    expect(convertHtml(articleHtml(page))).toEqual(converted);
  });

  it('become articles whose text is the snapshot and whose paragraphs are the page paragraphs', async () => {
    const article = (await parseConvertedArticle('corpus/rail.html', 'html', new TextEncoder().encode(articleHtml(page)))) as Article;
    expect(article.format).toBe('html');
    expect(article.title).toBe(page.title);
    const prose = article.paragraphs.filter((p) => !p.heading).map((p) => article.text.slice(p.start, p.end));
    expect(prose).toEqual(page.paragraphs);
  });

  it('are read in the encoding they declare', async () => {
    const sentence = 'Библиотека открыта каждый день с девяти утра до восьми вечера, кроме понедельника.';
    const html =
      `<html><head><meta charset="windows-1251"><title>Библиотека</title></head>` +
      `<body><article><p>${sentence}</p></article></body></html>`;
    // windows-1251 puts А…я (U+0410…U+044F) at 0xC0…0xFF; everything else here is ASCII.
    const bytes = Uint8Array.from(html, (c) => (c >= 'А' && c <= 'я' ? c.charCodeAt(0) - 0x410 + 0xc0 : c.charCodeAt(0)));
    const article = (await parseConvertedArticle('corpus/library.html', 'html', bytes)) as Article;
    expect(article.text).toContain(sentence);
  });
});

describe('PDFs', () => {
  it('give text page by page: paragraphs by line gaps, hyphenated words joined, page numbers dropped', async () => {
    const bytes = await articlePdf({ title: 'Reading group notes', author: 'Ann Smith', pages: pdfPages });
    // The fixture does hyphenate a word across a line end, and numbers its pages.
    const { text: raw } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: false });
    expect(raw.join('\n')).toMatch(/\p{Ll}-\n\p{Ll}/u);
    expect(raw[1]).toMatch(/\n2$/u);
    const converted = await convertPdf(bytes, conversionLimits.pdfPages);
    expect(converted.title).toBe('Reading group notes');
    expect(converted.meta).toEqual({ author: 'Ann Smith', published: '2024-03-01' });
    expect(converted.text.split('\n\n')).toEqual(pdfPages.flat());
    expect(converted.pages).toEqual([
      { page: 1, start: 0 },
      { page: 2, start: converted.text.indexOf('On the second page') },
    ]);
  });

  it('read two columns in reading order', async () => {
    const long = Array.from(
      { length: 8 },
      (_, i) => `Paragraph number ${i + 1} of the paper explains one more detail of the municipal transportation network and its history.`,
    );
    const converted = await convertPdf(await articlePdf({ pages: [long], columns: 2 }), conversionLimits.pdfPages);
    expect(converted.text.split('\n\n')).toEqual(long);
  });

  it('cite the page of each paragraph', async () => {
    const article = (await parseConvertedArticle(
      'corpus/notes.pdf',
      'pdf',
      await articlePdf({ title: 'Reading group notes', pages: pdfPages }),
    )) as Article;
    expect(article.paragraphs.map((p) => p.page)).toEqual([1, 1, 2]);
    expect(article.text.slice(article.paragraphs[2]!.start, article.paragraphs[2]!.end)).toBe(pdfPages[1]![0]);
  });

  it('refuse a damaged file with a reason', async () => {
    const bytes = await articlePdf({ pages: pdfPages });
    const result = await parseConvertedArticle('corpus/broken.pdf', 'pdf', bytes.subarray(0, 400));
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types its asymmetric matchers as any.
    expect(result).toEqual({ source: 'corpus/broken.pdf', reason: expect.stringMatching(/^cannot be converted|^no text in this PDF/u) });
  });
});

describe('Word documents', () => {
  it('give their paragraphs, the first heading as the title', async () => {
    const paragraphs = [
      'We read chapter three about the canal builders and what they were paid.',
      'Next week the group reads chapter four, on the railways.',
    ];
    const article = (await parseConvertedArticle(
      'corpus/minutes.docx',
      'docx',
      articleDocx('Minutes of the reading group', paragraphs),
    )) as Article;
    expect(article.format).toBe('docx');
    expect(article.title).toBe('Minutes of the reading group');
    expect(article.paragraphs.map((p) => article.text.slice(p.start, p.end))).toEqual(paragraphs);
  });
});

describe('conversion happens again only when the file changes', () => {
  it('returns a file the index holds with the same hash as unchanged, without converting it', async () => {
    const root = tempFolder('formats');
    const dir = path.join(root, 'corpus');
    await mkdir(dir);
    const pdf = await articlePdf({ pages: pdfPages });
    await writeFile(path.join(dir, 'notes.pdf'), pdf);
    await writeFile(path.join(dir, 'rail.html'), articleHtml(page));
    const held = new Map([['corpus/notes.pdf', contentHashOf('pdf', pdf)]]);
    const { articles, unchanged } = await loadCorpus(dir, root, { isIndexed: (source, hash) => held.get(source) === hash });
    expect(unchanged).toEqual([{ source: 'corpus/notes.pdf', contentHash: contentHashOf('pdf', pdf) }]);
    expect(articles.map((a) => a.source)).toEqual(['corpus/rail.html']);
    // The converter's version is part of a converted file's hash: a new converter converts again.
    expect(contentHashOf('pdf', pdf)).not.toBe(contentHashOf('text', pdf));
  });
});
