/**
 * An HTML, PDF or Word file's bytes → its text, or the reason it is skipped. It runs in the
 * conversion worker (`convertInWorker`), whose memory and time bounds stop what gets past the
 * bounds checked here, which are the cheap ones: pages and unpacked XML before the work,
 * characters after it.
 */
import type { ArticleFormat } from './articleFormat.js';
import { ConversionRefusedError, type ConversionLimits } from './conversionLimits.js';
import { convertDocx } from './convertDocx.js';
import { convertHtml, type ConvertedText } from './convertHtml.js';
import { convertPdf } from './convertPdf.js';
import { decodeHtml } from './decodeHtml.js';

/** Markdown is converted in the main thread (see parseConvertedArticle). */
export type ConvertedFormat = Exclude<ArticleFormat, 'text' | 'markdown'>;

export type Conversion = { converted: ConvertedText } | { reason: string };

/** The bounds checked during the conversion itself (time and memory are the worker's). */
export type ContentLimits = Pick<ConversionLimits, 'pdfPages' | 'docxXmlBytes' | 'textChars'>;

const count = (n: number) => n.toLocaleString('en');

export async function convertArticleBytes(format: ConvertedFormat, bytes: Uint8Array, limits: ContentLimits): Promise<Conversion> {
  try {
    const converted =
      format === 'pdf'
        ? await convertPdf(bytes, limits.pdfPages)
        : format === 'docx'
          ? await convertDocx(bytes, limits.docxXmlBytes)
          : convertHtml(decodeHtml(bytes));
    if (converted.text.length > limits.textChars) {
      return {
        reason: `too long to convert (${count(converted.text.length)} characters of text; the limit is ${count(limits.textChars)})`,
      };
    }
    return { converted };
  } catch (error) {
    if (error instanceof ConversionRefusedError) return { reason: error.message };
    return { reason: `cannot be converted (${(error instanceof Error ? error.message : String(error)).split('\n')[0]})` };
  }
}
