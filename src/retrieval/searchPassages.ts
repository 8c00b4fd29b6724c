/**
 * Hybrid retrieval: dense similarity over the packed vectors and BM25 over the lexical
 * segments propose candidates; each candidate then gets features that are comparable across
 * questions (cosine, how much of the question's weighted vocabulary it contains, whether it
 * contains the question verbatim), which rank it and feed the abstention threshold.
 */
import { processTerm, searchLexical, termsOf, tokenize } from '../index/lexical.js';
import type { IndexSnapshot } from '../index/loadIndex.js';

/** How many candidates each retriever proposes before features are computed. */
const CANDIDATES_PER_RETRIEVER = 40;
/** Weights of the relevance score; calibrated with `npm run eval -- --calibrate`. */
export const RELEVANCE_WEIGHTS = { dense: 0.3, coverage: 0.5, phrase: 0.5 } as const;

export interface PassageCandidate {
  row: number;
  dense: number;
  coverage: number;
  phrase: boolean;
  relevance: number;
}

export interface SearchRequest {
  question: string;
  queryVector: Float32Array;
  /** Restrict to one article (its source path). */
  source?: string;
}

/** Lower-case words and digits only, single-spaced, curly quotes folded: for verbatim-phrase tests. */
export function normaliseForPhrase(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘]/gu, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
}

export function cosine(vectors: Float32Array, row: number, query: Float32Array): number {
  const dims = query.length;
  const base = row * dims;
  let dot = 0;
  for (let d = 0; d < dims; d += 1) dot += (vectors[base + d] as number) * (query[d] as number);
  return dot;
}

/** Rows of the `k` highest scores, best first; a bounded selection instead of sorting every row. */
export function topRows(scores: Float32Array, first: number, k: number): number[] {
  const rows: number[] = [];
  let floor = -Infinity;
  for (let row = first; row < first + scores.length; row += 1) {
    const score = scores[row - first] as number;
    if (rows.length === k && score <= floor) continue;
    let i = rows.length === k ? k - 1 : rows.length;
    while (i > 0 && (scores[(rows[i - 1] as number) - first] as number) < score) {
      rows[i] = rows[i - 1] as number;
      i -= 1;
    }
    rows[i] = row;
    if (rows.length === k) floor = scores[(rows[k - 1] as number) - first] as number;
  }
  return rows;
}

function denseCandidates(snapshot: IndexSnapshot, query: Float32Array, range: { first: number; end: number }): number[] {
  const scores = new Float32Array(range.end - range.first);
  for (let row = range.first; row < range.end; row += 1) scores[row - range.first] = cosine(snapshot.vectors, row, query);
  return topRows(scores, range.first, CANDIDATES_PER_RETRIEVER);
}

/**
 * Terms that occur in most passages add almost nothing to BM25 but make it score nearly every
 * passage; leaving them out of the lexical query keeps it fast on large corpora (coverage,
 * computed separately, still counts them).
 */
const MAX_LEXICAL_DOCUMENT_SHARE = 0.25;

function lexicalQuery(snapshot: IndexSnapshot, question: string): string {
  const limit = snapshot.passages.length * MAX_LEXICAL_DOCUMENT_SHARE;
  return tokenize(question)
    .filter((token) => {
      const term = processTerm(token);
      return term !== null && (snapshot.documentFrequencies.get(term) ?? 0) <= limit;
    })
    .join(' ');
}

function lexicalCandidates(snapshot: IndexSnapshot, question: string, range: { first: number; end: number }): number[] {
  const query = lexicalQuery(snapshot, question);
  if (!query) return [];
  const hits = snapshot.lexical.flatMap(({ index, rowOffset }) =>
    searchLexical(index, query).map((h) => ({ row: h.row + rowOffset, score: h.score })),
  );
  return hits
    .filter((h) => h.row >= range.first && h.row < range.end)
    .sort((a, b) => b.score - a.score)
    .slice(0, CANDIDATES_PER_RETRIEVER)
    .map((h) => h.row);
}

/** Inverse document frequency; a term the corpus never uses weighs the most, so off-corpus words pull coverage down. */
export function inverseDocumentFrequency(snapshot: IndexSnapshot, term: string): number {
  const df = snapshot.documentFrequencies.get(term) ?? 0;
  return Math.log(1 + snapshot.passages.length / (df + 0.5));
}

/** Share of the question's IDF-weighted terms that a text contains (0 when the question has no content words). */
export function termCoverage(snapshot: IndexSnapshot, questionTerms: string[], text: string): number {
  if (questionTerms.length === 0) return 0;
  const present = new Set(termsOf(text));
  let total = 0;
  let covered = 0;
  for (const term of questionTerms) {
    const weight = inverseDocumentFrequency(snapshot, term);
    total += weight;
    if (present.has(term)) covered += weight;
  }
  return covered / total;
}

export interface TextFeatures {
  dense: number;
  coverage: number;
  phrase: boolean;
  relevance: number;
}

/** The relevance of one text (a passage or a sentence) to the question. */
export function scoreText(
  snapshot: IndexSnapshot,
  question: { terms: string[]; phrase: string },
  text: string,
  dense: number,
): TextFeatures {
  const coverage = termCoverage(snapshot, question.terms, text);
  const phrase = question.phrase.length > 0 && normaliseForPhrase(text).includes(question.phrase);
  const relevance =
    RELEVANCE_WEIGHTS.dense * Math.max(0, dense) + RELEVANCE_WEIGHTS.coverage * coverage + (phrase ? RELEVANCE_WEIGHTS.phrase : 0);
  return { dense, coverage, phrase, relevance };
}

/** The question's parts used for scoring: unique index terms, and its normalised text when it can act as a phrase. */
export function analyseQuestion(question: string): { terms: string[]; phrase: string } {
  const phrase = normaliseForPhrase(question);
  // A phrase of one or two short words matches too much to count as a verbatim lookup.
  const usablePhrase = phrase.split(' ').length >= 2 && phrase.length >= 8 ? phrase : '';
  return { terms: [...new Set(termsOf(question))], phrase: usablePhrase };
}

export function searchPassages(snapshot: IndexSnapshot, request: SearchRequest): PassageCandidate[] {
  const range = request.source
    ? (snapshot.rowsBySource.get(request.source) ?? { first: 0, end: 0 })
    : { first: 0, end: snapshot.passages.length };
  const rows = new Set([
    ...denseCandidates(snapshot, request.queryVector, range),
    ...lexicalCandidates(snapshot, request.question, range),
  ]);
  const question = analyseQuestion(request.question);
  const candidates = [...rows].map((row) => {
    const passage = snapshot.passages[row];
    if (!passage) throw new Error(`Row ${row} is outside the index.`);
    return { row, ...scoreText(snapshot, question, passage.text, cosine(snapshot.vectors, row, request.queryVector)) };
  });
  return candidates.sort((a, b) => b.relevance - a.relevance);
}
