/**
 * A Word document (.docx) → the article's text, through `mammoth`, which maps Word's paragraph
 * styles to HTML (headings, lists, tables); that HTML is laid out as a web page's article is
 * (one block per paragraph, headings marked), so the first heading becomes the title.
 * Deterministic: the same bytes give the same text.
 */
import mammoth from 'mammoth';
import type { ConvertedText } from './convertHtml.js';
import { htmlFragmentText } from './convertHtml.js';

export async function convertDocx(bytes: Uint8Array): Promise<ConvertedText> {
  const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  return { text: htmlFragmentText(value), meta: {} };
}
