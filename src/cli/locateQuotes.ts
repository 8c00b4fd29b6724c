/**
 * Adds to each quote where a reader checks it: the original file (absolute, so it resolves from
 * any directory), and for converted formats the page of a PDF paragraph and the text snapshot
 * file (absolute too) that the offsets index into.
 */
import path from 'node:path';
import type { CorpusEngine } from '../answer/engine.js';
import type { IndexManifest } from '../index/manifest.js';
import type { Answer, Quote } from '../types.js';

export function locateQuotes(
  answer: Answer,
  engine: Pick<CorpusEngine, 'paragraphWindow'>,
  manifest: IndexManifest,
  indexDir: string,
  sourceRoot: string,
): Answer {
  const locate = (quote: Quote): Quote => {
    const located = { ...quote, file: path.join(sourceRoot, quote.source) };
    const textFile = manifest.articles[quote.source]?.textFile;
    if (textFile && located.textFile === undefined) located.textFile = path.join(indexDir, textFile);
    if (located.page === undefined) {
      const page = engine.paragraphWindow(quote.source, quote.paragraph, 0)?.paragraphs.find((p) => p.number === quote.paragraph)?.page;
      if (page !== undefined) located.page = page;
    }
    return located;
  };
  return { ...answer, quotes: answer.quotes.map(locate) };
}
