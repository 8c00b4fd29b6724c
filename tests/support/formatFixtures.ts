/**
 * Small saved web pages, PDFs and Word files made on the spot, for the format tests and the
 * conversion benchmark: nothing is downloaded. PDFs are written with pdf-lib in one or two
 * columns, with long words hyphenated across line ends, as typeset papers are; a .docx is the
 * three parts Word needs, in a zip written here.
 */
import { crc32 } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';

export interface PageFixture {
  title: string;
  author?: string;
  published?: string;
  url?: string;
  paragraphs: string[];
}

const escapeHtml = (text: string) => text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');

/** A news page as browsers save it: navigation, the article, a sidebar of links, a footer and scripts. */
export function articleHtml(page: PageFixture): string {
  const meta = [
    page.author ? `<meta name="author" content="${escapeHtml(page.author)}">` : '',
    page.published ? `<meta property="article:published_time" content="${escapeHtml(page.published)}">` : '',
    page.url ? `<link rel="canonical" href="${escapeHtml(page.url)}">` : '',
  ].join('');
  const body = page.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)} | The Daily Example</title>${meta}
<script>window.analytics = { track() {} };</script><style>body { font-family: serif; }</style></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/login">Log in</a></nav>
<main><article><h1>${escapeHtml(page.title)}</h1><p class="byline">By ${escapeHtml(page.author ?? 'Staff')}</p>
${body}
</article></main>
<aside><h2>Recommended</h2><ul><li><a href="/a">Another story</a></li><li><a href="/b">And another</a></li></ul></aside>
<footer><p>Copyright 2024 The Daily Example. All rights reserved.</p></footer></body></html>`;
}

export interface PdfFixture {
  title?: string;
  author?: string;
  /** The paragraphs of each page. */
  pages: string[][];
  columns?: 1 | 2;
}

const FONT_SIZE = 10;
const LINE_HEIGHT = 13;
const PAGE = { width: 612, height: 792, margin: 54 };

/** Greedy wrap to `maxChars`, hyphenating a long word that does not fit ("trans-" / "portation"). */
function wrap(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/u)) {
    const room = maxChars - line.length - (line ? 1 : 0);
    if (word.length <= room) {
      line = line ? `${line} ${word}` : word;
      continue;
    }
    if (/^\p{Ll}{8,}$/u.test(word) && room >= 5) {
      const cut = room - 1;
      lines.push(`${line ? `${line} ` : ''}${word.slice(0, cut)}-`);
      line = word.slice(cut);
      continue;
    }
    if (line) lines.push(line);
    line = word;
  }
  if (line) lines.push(line);
  return lines;
}

export async function articlePdf(fixture: PdfFixture): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  // Fixed dates keep the bytes, and so the content hash, the same on every run.
  doc.setCreationDate(new Date('2024-03-01T00:00:00Z'));
  doc.setModificationDate(new Date('2024-03-01T00:00:00Z'));
  if (fixture.title) doc.setTitle(fixture.title);
  if (fixture.author) doc.setAuthor(fixture.author);
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const columns = fixture.columns ?? 1;
  const gutter = 24;
  const columnWidth = (PAGE.width - 2 * PAGE.margin - (columns - 1) * gutter) / columns;
  const maxChars = Math.floor(columnWidth / (FONT_SIZE * 0.5));
  for (const [index, paragraphs] of fixture.pages.entries()) {
    const page = doc.addPage([PAGE.width, PAGE.height]);
    let column = 0;
    let y = PAGE.height - PAGE.margin;
    for (const paragraph of paragraphs) {
      for (const line of wrap(paragraph, maxChars)) {
        if (y < PAGE.margin + LINE_HEIGHT) {
          column += 1;
          y = PAGE.height - PAGE.margin;
        }
        page.drawText(line, { x: PAGE.margin + column * (columnWidth + gutter), y, size: FONT_SIZE, font });
        y -= LINE_HEIGHT;
      }
      y -= LINE_HEIGHT; // a blank line between paragraphs
    }
    // The page number, as page furniture the converter leaves out.
    page.drawText(String(index + 1), { x: PAGE.width / 2, y: PAGE.margin / 2, size: FONT_SIZE, font });
  }
  return doc.save();
}

/** A little-endian zip record: `[offset, width, value]` fields over zeros. */
function zipRecord(size: number, fields: Array<[offset: number, width: 2 | 4, value: number]>): Buffer {
  const record = Buffer.alloc(size);
  for (const [offset, width, value] of fields) {
    if (width === 2) record.writeUInt16LE(value, offset);
    else record.writeUInt32LE(value, offset);
  }
  return record;
}

/** A zip of uncompressed ("stored") entries: all a .docx fixture needs. */
function storedZip(files: Array<[name: string, text: string]>): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of files) {
    const nameBytes = Buffer.from(name);
    const data = Buffer.from(text);
    const crc = crc32(data);
    const local = zipRecord(30, [
      [0, 4, 0x04034b50],
      [4, 2, 20],
      [14, 4, crc],
      [18, 4, data.length],
      [22, 4, data.length],
      [26, 2, nameBytes.length],
    ]);
    const central = zipRecord(46, [
      [0, 4, 0x02014b50],
      [4, 2, 20],
      [6, 2, 20],
      [16, 4, crc],
      [20, 4, data.length],
      [24, 4, data.length],
      [28, 2, nameBytes.length],
      [42, 4, offset],
    ]);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = zipRecord(22, [
    [0, 4, 0x06054b50],
    [8, 2, files.length],
    [10, 2, files.length],
    [12, 4, directory.length],
    [16, 4, offset],
  ]);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

/** A Word document: the title as a Heading 1 paragraph, then the paragraphs. */
export function articleDocx(title: string, paragraphs: string[]): Uint8Array {
  const run = (text: string) => `<w:r><w:t xml:space="preserve">${escapeHtml(text)}</w:t></w:r>`;
  const body = [
    `<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>${run(title)}</w:p>`,
    ...paragraphs.map((p) => `<w:p>${run(p)}</w:p>`),
  ].join('');
  return storedZip([
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default ' +
        'Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default ' +
        'Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ' +
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships ' +
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" ' +
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" ' +
        'Target="word/document.xml"/></Relationships>',
    ],
    [
      'word/document.xml',
      `<?xml version="1.0" encoding="UTF-8"?><w:document ` +
        `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
    ],
  ]);
}
