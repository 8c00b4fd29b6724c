import { Zip, ZipDeflate, ZipPassThrough, strToU8 } from 'fflate';

/**
 * A crafted .docx: its document.xml is `paragraphs` empty paragraphs (33 bytes each), which
 * deflate packs into a few hundred KB. Made by the tests that need it, never committed.
 */
export function emptyParagraphsDocx(paragraphs: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  const types = new ZipPassThrough('[Content_Types].xml');
  zip.add(types);
  types.push(
    strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default ' +
        'Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default ' +
        'Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ' +
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    true,
  );
  const rels = new ZipPassThrough('_rels/.rels');
  zip.add(rels);
  rels.push(
    strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships ' +
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" ' +
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" ' +
        'Target="word/document.xml"/></Relationships>',
    ),
    true,
  );
  const document = new ZipDeflate('word/document.xml', { level: 9 });
  zip.add(document);
  document.push(
    strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>',
    ),
  );
  const block = strToU8('<w:p><w:r><w:t></w:t></w:r></w:p>'.repeat(10_000));
  for (let i = 0; i < paragraphs / 10_000; i++) document.push(block);
  document.push(strToU8('</w:body></w:document>'), true);
  zip.end();
  return new Uint8Array(Buffer.concat(chunks));
}
