/**
 * Which words are names in this corpus: a word it writes capitalised inside sentences (not
 * as a sentence's first word) more often than not. Read from the corpus, not from how a
 * question is typed, so "who is the mayor of kursk" and "WHO IS THE MAYOR OF KURSK" name
 * Kursk as surely as the question written with capitals. Looked up lazily per term (a handful
 * of passages each) and remembered: the corpus vocabulary bounds the cache.
 */
import { type PassageStore, processTerm } from '../index/passageStore.js';
import type { NameLexicon } from '../question/analyseQuestion.js';

/** How many passages to read per term: enough to see how the corpus writes it. */
const SAMPLE_PASSAGES = 12;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

/** +1 for each capitalised use of `term` inside a sentence, -1 for each lower-case one. */
function capitalisationBalance(text: string, term: string): number {
  let balance = 0;
  const prefix = term.slice(0, 3);
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    if (!word.toLowerCase().startsWith(prefix) || processTerm(word) !== term) continue;
    // A sentence's first word is capitalised whatever it is.
    const before = text.slice(0, match.index).trimEnd().at(-1);
    if (before === undefined || /[.!?:"“‘(\n]/u.test(before)) continue;
    balance += /^\p{Lu}/u.test(word) ? 1 : -1;
  }
  return balance;
}

export function nameLexicon(store: PassageStore): NameLexicon {
  const known = new Map<string, boolean | undefined>();
  const look = (term: string): boolean | undefined => {
    const rows = store.rowsWithTerm(term, SAMPLE_PASSAGES);
    const balance = rows.reduce((sum, row) => sum + capitalisationBalance(store.passage(row)?.text ?? '', term), 0);
    return rows.length === 0 ? undefined : balance > 0;
  };
  return {
    isName(term) {
      if (known.has(term)) return known.get(term);
      const name = look(term);
      // Only the corpus's own words are remembered, so what users type cannot grow the cache.
      if (name !== undefined) known.set(term, name);
      return name;
    },
  };
}
