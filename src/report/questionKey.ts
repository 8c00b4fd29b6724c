/**
 * Groups wordings of the same question: the set of its content terms (stop words dropped,
 * stemmed, as the index analyses text), sorted. "How many soldiers were sent?" and "soldiers
 * sent — how many?" share a key; a question of stop words only is keyed by its lower-cased text.
 */
import { termsOf } from '../index/lexical.js';

export function questionKey(question: string): string {
  const terms = [...new Set(termsOf(question))].sort();
  return terms.length > 0 ? terms.join(' ') : question.toLowerCase().replace(/\s+/gu, ' ').trim();
}
