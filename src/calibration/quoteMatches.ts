/** Whether a quote is one of the passages a labelled question expects; shared by calibration and evaluation. */
import type { ExpectedPassage } from './expectedPassages.js';

/** NFKC, straight quotes, collapsed whitespace, lower case: how fragments are compared. */
export function normaliseForMatch(text: string): string {
  return text.normalize('NFKC').replace(/[’‘]/gu, "'").replace(/[“”]/gu, '"').replace(/\s+/gu, ' ').toLowerCase();
}

/**
 * A quote answers when it comes from an expected article and contains the fragment, or covers
 * at least half of it (a window boundary may cut a long fragment).
 */
export function quoteMatches(
  quote: { source: string; start: number; end: number; text: string },
  expected: ExpectedPassage,
  fileText: string,
): boolean {
  if (quote.source !== expected.source) return false;
  if (normaliseForMatch(quote.text).includes(normaliseForMatch(expected.fragment))) return true;
  const at = fileText.indexOf(expected.fragment);
  if (at < 0) return false;
  const overlap = Math.min(quote.end, at + expected.fragment.length) - Math.max(quote.start, at);
  return overlap >= expected.fragment.length / 2;
}
