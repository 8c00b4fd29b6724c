/**
 * The BM25 side of retrieval, with the same term processing for passages and questions:
 * lower-case, English stop words dropped, Porter-stemmed. Each segment stores its lexical
 * index serialised beside its vectors, so loading never re-tokenises the corpus.
 */
import MiniSearch from 'minisearch';
import { stemmer } from 'stemmer';
import stopword from 'stopword';
import { topRows } from '../vectors/denseScan.js';

const STOP_WORDS = new Set<string>([
  ...stopword.eng,
  'does',
  'did',
  'do',
  'what',
  'which',
  'who',
  'whom',
  'how',
  'why',
  'when',
  'where',
  'many',
  'much',
]);

/**
 * Terms already worked out, by token: stemming is most of the cost of reading a sentence, and
 * scoring reads the same sentences for question after question. Cleared when full, so what
 * users type cannot grow it without bound.
 */
const knownTerms = new Map<string, string | null>();
const KNOWN_TERMS_CAP = 200_000;

/** Normalises one token into an index term, or null for tokens that carry no meaning. */
export function processTerm(token: string): string | null {
  const known = knownTerms.get(token);
  if (known !== undefined) return known;
  const lower = token.toLowerCase().replace(/[’']s$/u, '');
  const term = (lower.length < 2 && !/\d/u.test(lower)) || STOP_WORDS.has(lower) ? null : stemmer(lower);
  if (knownTerms.size >= KNOWN_TERMS_CAP) knownTerms.clear();
  knownTerms.set(token, term);
  return term;
}

/** MiniSearch's own tokenizer, so questions and passages split the same way. */
const rawTokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];
const tokenize = (text: string): string[] => rawTokenize(text).filter(Boolean);

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

/**
 * A segment's BM25 index as flat typed arrays: it serialises as a term list and one binary
 * file, loads without re-tokenising or rebuilding per-document maps, and scores a query by
 * walking the postings of its few terms. Scoring is MiniSearch's BM25+ (k 1.2, b 0.7, d 0.5,
 * a document's length being its distinct raw tokens, the sum multiplied by how many distinct
 * query terms matched), so rankings are those of the MiniSearch index it replaces.
 */
export interface LexicalIndex {
  /** Sorted (by UTF-16 code units), for binary search. */
  terms: string[];
  /** Postings of `terms[t]` are `[postingStart[t], postingStart[t + 1])`. */
  postingStart: Uint32Array;
  /** Row of the passage inside its segment, ascending within a term. */
  postingRows: Uint32Array;
  /** Occurrences of the term in that passage. */
  postingCounts: Uint16Array;
  /** Distinct raw tokens of each passage. */
  lengths: Uint16Array;
  /** The mean of `lengths`, which BM25 normalises by; kept so a search does not re-add them. */
  averageLength: number;
}

const meanOf = (lengths: Uint16Array) => lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, lengths.length);

export const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;

/** BM25's inverse document frequency of a term in `df` of `rows` passages. */
export const inverseFrequency = (rows: number, df: number) => Math.log(1 + (rows - df + 0.5) / (df + 0.5));
const UINT16_MAX = 0xffff;

export function buildLexicalIndex(texts: string[]): LexicalIndex {
  const postings = new Map<string, number[]>();
  const lengths = new Uint16Array(texts.length);
  texts.forEach((text, row) => {
    lengths[row] = Math.min(UINT16_MAX, new Set(rawTokenize(text)).size);
    const counts = new Map<string, number>();
    for (const term of termsOf(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, count] of counts) {
      const list = postings.get(term) ?? [];
      list.push(row, Math.min(UINT16_MAX, count));
      postings.set(term, list);
    }
  });
  const terms = [...postings.keys()].sort();
  const total = terms.reduce((n, term) => n + (postings.get(term) as number[]).length / 2, 0);
  const index: LexicalIndex = {
    terms,
    postingStart: new Uint32Array(terms.length + 1),
    postingRows: new Uint32Array(total),
    postingCounts: new Uint16Array(total),
    lengths,
    averageLength: meanOf(lengths),
  };
  let next = 0;
  terms.forEach((term, t) => {
    const list = postings.get(term) as number[];
    for (let i = 0; i < list.length; i += 2) {
      index.postingRows[next] = list[i] as number;
      index.postingCounts[next] = list[i + 1] as number;
      next += 1;
    }
    index.postingStart[t + 1] = next;
  });
  return index;
}

/** Index of `term` in the sorted `terms`, or -1. */
function findTerm(terms: string[], term: string): number {
  let low = 0;
  let high = terms.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = terms[middle] as string;
    if (found === term) return middle;
    if (found < term) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** Up to `limit` rows of this segment whose passage contains `term`, in row order. */
export function rowsWithTerm(index: LexicalIndex, term: string, limit: number): number[] {
  const t = findTerm(index.terms, term);
  if (t < 0) return [];
  const from = index.postingStart[t] as number;
  const to = Math.min(index.postingStart[t + 1] as number, from + limit);
  return Array.from(index.postingRows.subarray(from, to));
}

/** Document frequency of every term of the index. */
export function lexicalDocumentFrequencies(index: LexicalIndex): Iterable<[string, number]> {
  return index.terms.map((term, t) => [term, (index.postingStart[t + 1] as number) - (index.postingStart[t] as number)]);
}

/** The binary part of a serialised index: a count header, then each array, 4-byte ones first so every view is aligned. */
export function serialiseLexicalIndex(index: LexicalIndex): { terms: string; binary: Uint8Array } {
  const parts = [
    Uint32Array.of(index.terms.length, index.lengths.length, index.postingRows.length),
    index.postingStart,
    index.postingRows,
    index.postingCounts,
    index.lengths,
  ];
  const binary = new Uint8Array(parts.reduce((n, part) => n + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    binary.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), offset);
    offset += part.byteLength;
  }
  return { terms: JSON.stringify(index.terms), binary };
}

/** `binary` must start at a 4-byte-aligned offset of its buffer. */
export function deserialiseLexicalIndex(termsJson: string, binary: Uint8Array): LexicalIndex {
  const header = new Uint32Array(binary.buffer, binary.byteOffset, 3);
  const [termCount, rows, total] = [header[0] as number, header[1] as number, header[2] as number];
  const expectedBytes = header.byteLength + (termCount + 1 + total) * 4 + (total + rows) * 2;
  if (binary.byteLength !== expectedBytes) {
    throw new Error(`The lexical index is damaged: ${binary.byteLength} bytes, its header implies ${expectedBytes}.`);
  }
  let offset = binary.byteOffset + header.byteLength;
  const take = <T extends Uint32Array | Uint16Array>(
    make: (buffer: ArrayBufferLike, offset: number, length: number) => T,
    length: number,
  ): T => {
    const view = make(binary.buffer, offset, length);
    offset += view.byteLength;
    return view;
  };
  const terms = JSON.parse(termsJson) as string[];
  const postingStart = take((b, o, n) => new Uint32Array(b, o, n), termCount + 1);
  const postingRows = take((b, o, n) => new Uint32Array(b, o, n), total);
  const postingCounts = take((b, o, n) => new Uint16Array(b, o, n), total);
  const lengths = take((b, o, n) => new Uint16Array(b, o, n), rows);
  const index: LexicalIndex = { terms, postingStart, postingRows, postingCounts, lengths, averageLength: meanOf(lengths) };
  if (index.terms.length !== termCount) {
    throw new Error(`The lexical index is damaged: ${index.terms.length} terms, its header says ${termCount}.`);
  }
  return index;
}

export interface LexicalHit {
  row: number;
  score: number;
}

/**
 * A question's index terms with how often each occurs: a repeated term counts once more in
 * the BM25 sum but not in the matched-term multiplier. `keep` leaves terms out of the query.
 */
export type LexicalQuery = ReadonlyMap<string, number>;

export function lexicalQueryOf(question: string, keep: (term: string) => boolean = () => true): LexicalQuery {
  const repeats = new Map<string, number>();
  for (const term of termsOf(question)) if (keep(term)) repeats.set(term, (repeats.get(term) ?? 0) + 1);
  return repeats;
}

/**
 * The BM25+ score of every row of this segment for the query, written into `into` (one slot a
 * row; rows without a query term stay 0). A typed array, not a list of hits: a common term
 * touches most rows of a large corpus, and one slot a row costs nothing to allocate or read.
 */
export function scoreLexical(
  index: LexicalIndex,
  query: LexicalQuery,
  into: Float64Array = new Float64Array(index.lengths.length),
): Float64Array {
  const rows = index.lengths.length;
  if (rows === 0 || query.size === 0) return into;
  const matched = new Uint16Array(rows);
  for (const [term, times] of query) {
    const t = findTerm(index.terms, term);
    if (t < 0) continue;
    const from = index.postingStart[t] as number;
    const to = index.postingStart[t + 1] as number;
    const idf = inverseFrequency(rows, to - from);
    for (let p = from; p < to; p += 1) {
      const row = index.postingRows[p] as number;
      const count = index.postingCounts[p] as number;
      const norm = BM25.k * (1 - BM25.b + (BM25.b * (index.lengths[row] as number)) / index.averageLength);
      matched[row] = (matched[row] as number) + 1;
      into[row] = (into[row] as number) + times * idf * (BM25.d + (count * (BM25.k + 1)) / (count + norm));
    }
  }
  for (let row = 0; row < rows; row += 1) into[row] = (into[row] as number) * (matched[row] as number);
  return into;
}

/** The `limit` best rows of `range` in `scores` (rows a query term matched only), best first. */
export function bestLexicalHits(scores: Float64Array, range: { first: number; end: number }, limit: number): LexicalHit[] {
  const first = Math.max(0, range.first);
  const end = Math.min(scores.length, range.end);
  if (first >= end) return [];
  return topRows(scores.subarray(first, end), first, limit)
    .filter((row) => (scores[row] as number) > 0)
    .map((row) => ({ row, score: scores[row] as number }));
}

/** The `limit` best-scoring rows of `range` (rows of this segment) that contain a term of the query, best first. */
export function searchLexical(
  index: LexicalIndex,
  query: LexicalQuery,
  range: { first: number; end: number },
  limit: number,
): LexicalHit[] {
  return bestLexicalHits(scoreLexical(index, query), range, limit);
}
