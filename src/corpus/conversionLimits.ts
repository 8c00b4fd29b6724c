/**
 * The bounds on converting one HTML, PDF or Word file to text, in one place (docs/security.md
 * states them). A crafted file — a zip bomb, a PDF of 20,000 blank pages — is skipped with its
 * reason once it passes one, and nothing else stops.
 */
export interface ConversionLimits {
  /** Wall time for one file's conversion. */
  timeMs: number;
  /** The converting worker's heap (V8's old generation): mammoth needs about 40 × the XML it parses. */
  memoryMb: number;
  /** Pages of a PDF: PDF.js needs about 6 ms and 0.2 MB a page. */
  pdfPages: number;
  /** The XML parts of a .docx, unpacked, as its zip directory states them (checked before unpacking anything). */
  docxXmlBytes: number;
  /** Characters of converted text: no more than a text file may hold. */
  textChars: number;
}

export const conversionLimits: ConversionLimits = {
  timeMs: 60_000,
  memoryMb: 1024,
  pdfPages: 2000,
  docxXmlBytes: 16 * 1024 * 1024,
  textChars: 5_000_000,
};

/** A limit passed: the message is the reason the file is skipped. */
export class ConversionRefusedError extends Error {
  override name = 'ConversionRefusedError';
}
