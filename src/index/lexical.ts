/**
 * The BM25 side of retrieval (MiniSearch), with the same term processing for passages and
 * questions: lower-case, English stop words dropped, Porter-stemmed. Each segment stores its
 * lexical index serialised beside its vectors, so loading never re-tokenises the corpus.
 */
import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import { stemmer } from 'stemmer';
import stopword from 'stopword';

const STOP_WORDS = new Set<string>([...stopword.eng, 'does', 'did', 'do', 'what', 'which', 'who', 'whom', 'how', 'why', 'when', 'where', 'many', 'much']);

/** Normalises one token into an index term, or null for tokens that carry no meaning. */
export function processTerm(token: string): string | null {
  const lower = token.toLowerCase().replace(/[’']s$/u, '');
  if (lower.length < 2 && !/\d/u.test(lower)) return null;
  if (STOP_WORDS.has(lower)) return null;
  return stemmer(lower);
}

/** MiniSearch's own tokenizer, so questions and passages split the same way. */
export const tokenize = (text: string): string[] => (MiniSearch.getDefault('tokenize')(text) as string[]).filter(Boolean);

/** A word of a text that carries meaning: lower-cased as written, and its index term. */
export interface IndexWord {
  word: string;
  term: string;
}

/** The words of a text that become index terms, in order, duplicates kept. */
export function indexWords(text: string): IndexWord[] {
  const words: IndexWord[] = [];
  for (const token of tokenize(text)) {
    const term = processTerm(token);
    if (term) words.push({ word: token.toLowerCase(), term });
  }
  return words;
}

/** The index terms of a text, in order, duplicates kept. */
export function termsOf(text: string): string[] {
  return indexWords(text).map((w) => w.term);
}

export interface LexicalDocument {
  /** Row of the passage inside its segment. */
  id: number;
  text: string;
}

const MINISEARCH_OPTIONS: Options<LexicalDocument> = {
  fields: ['text'],
  storeFields: [],
  processTerm,
  searchOptions: { combineWith: 'OR' },
};

export function buildLexicalIndex(documents: LexicalDocument[]): MiniSearch<LexicalDocument> {
  const index = new MiniSearch<LexicalDocument>(MINISEARCH_OPTIONS);
  index.addAll(documents);
  return index;
}

export function loadLexicalIndex(json: string): MiniSearch<LexicalDocument> {
  return MiniSearch.loadJSON<LexicalDocument>(json, MINISEARCH_OPTIONS);
}

export interface LexicalHit {
  row: number;
  score: number;
}

export function searchLexical(index: MiniSearch<LexicalDocument>, question: string): LexicalHit[] {
  const results: SearchResult[] = index.search(question);
  return results.map((r) => ({ row: r.id as number, score: r.score }));
}

/** Document frequency of every term in a set of texts; the answer engine derives IDF from it. */
export function countDocumentFrequencies(texts: Iterable<string>): Record<string, number> {
  const df: Record<string, number> = {};
  for (const text of texts) {
    for (const term of new Set(termsOf(text))) df[term] = (df[term] ?? 0) + 1;
  }
  return df;
}
