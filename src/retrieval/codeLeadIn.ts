/**
 * The sentence that leads into a code block ("Put this service in your compose file:"): a
 * code block's own words are code, so it is found and read with the prose just before it in
 * its section, as a reader reads it.
 */
import { splitSentences } from '../chunking/sentences.js';
import type { Article, Passage, Span } from '../types.js';

export function codeLeadIn(article: Pick<Article, 'text' | 'paragraphs'>, passage: Pick<Passage, 'paragraphs'>): Span | undefined {
  const at = article.paragraphs.findIndex((p) => p.number === passage.paragraphs[0]);
  const code = article.paragraphs[at];
  const before = article.paragraphs[at - 1];
  // Only prose of the same section: a heading or another code block right before leads into nothing.
  if (!code?.code || !before || before.heading || before.code || before.section?.join('\n') !== code.section?.join('\n')) return undefined;
  return splitSentences(article.text, before).at(-1);
}
