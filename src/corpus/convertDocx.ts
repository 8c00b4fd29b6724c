/**
 * A Word document (.docx) → the article's text, through `mammoth`, which maps Word's paragraph
 * styles to HTML (headings, lists, tables); that HTML is laid out as a web page's article is
 * (one block per paragraph, headings marked), so the first heading becomes the title.
 * Deterministic: the same bytes give the same text.
 *
 * Before mammoth unpacks anything, the zip's directory says how large the parts it would parse
 * are: mammoth needs about 40 × their size in memory, so a few hundred KB of repeated XML
 * (102 MB unpacked) took it past 4 GB.
 */
import { unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { ConversionRefusedError } from './conversionLimits.js';
import type { ConvertedText } from './convertHtml.js';
import { htmlFragmentText } from './convertHtml.js';

/** Pictures are never read (see `noPictures`), so they do not count against the XML bound. */
const PICTURE = /\.(?:png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|webp)$/iu;

/** The unpacked size of every part but pictures, as the zip's central directory states it. */
function unpackedXmlBytes(bytes: Uint8Array): number {
  let total = 0;
  // A filter that keeps nothing: fflate reads the directory and unpacks no entry.
  unzipSync(bytes, {
    filter: ({ name, originalSize }) => {
      if (!PICTURE.test(name)) total += originalSize;
      return false;
    },
  });
  return total;
}

/** Pictures carry no text to quote: an empty source keeps mammoth from reading (and base64-encoding) them. */
const noPictures = mammoth.images.imgElement(async () => ({ src: '' }));

const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

export async function convertDocx(bytes: Uint8Array, maxXmlBytes: number): Promise<ConvertedText> {
  const xmlBytes = unpackedXmlBytes(bytes);
  if (xmlBytes > maxXmlBytes)
    throw new ConversionRefusedError(
      `too large to convert (its XML unpacks to ${megabytes(xmlBytes)}; the limit is ${megabytes(maxXmlBytes)})`,
    );
  const { value } = await mammoth.convertToHtml(
    { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
    { convertImage: noPictures },
  );
  return { text: htmlFragmentText(value), meta: {} };
}
