/**
 * Hybrid candidate retrieval: dense similarity over the packed vectors and BM25 over the
 * lexical segments each propose passages for a question; their union goes on to be scored
 * (candidateFeatures.ts, rankCandidates.ts).
 */
import { bestLexicalHits, type IndexWord, indexWords, scoreLexical } from '../index/lexical.js';
import { type IndexSnapshot, rowRangeOf } from '../index/loadIndex.js';
import type { Question } from '../question/analyseQuestion.js';

/** How many candidates each retriever proposes before features are computed. */
const CANDIDATES_PER_RETRIEVER = 40;

export interface SearchRequest {
  question: Question;
  queryVector: Float32Array;
  /** Restrict to one article (its source path). */
  source?: string;
  /** Articles whose best passages compete whatever the rest of the corpus holds (those a conversation already cited). */
  preferredSources?: readonly string[];
}

/** How many passages of each preferred article join the candidates. */
const CANDIDATES_PER_PREFERRED_ARTICLE = 5;

export interface CandidateSet {
  /** Each candidate row with its passage's index words (read once per question; every feature reuses them). */
  words: Map<number, IndexWord[]>;
  /** BM25 score of every row (0 where no question term is), by global row. */
  bm25: Float64Array;
}

/** BM25 scores of every passage of the index for a query, by global row. */
export function lexicalScores(snapshot: IndexSnapshot, query: ReadonlyMap<string, number>): Float64Array {
  const scores = new Float64Array(snapshot.passages.length);
  for (const { index, rowOffset } of snapshot.lexical) scoreLexical(index, query, scores.subarray(rowOffset, rowOffset + index.lengths.length));
  return scores;
}

export function candidatePassages(snapshot: IndexSnapshot, request: SearchRequest): CandidateSet {
  const range = rowRangeOf(snapshot, request.source);
  // Every term counts, common ones too: in a corpus about one subject its name is in most
  // passages, and a passage lacking it must not score as if the question never named it.
  const bm25 = lexicalScores(snapshot, request.question.termCounts);
  const preferred = request.source === undefined ? (request.preferredSources ?? []) : [];
  const rows = new Set([
    ...snapshot.dense.topRows(request.queryVector, range, CANDIDATES_PER_RETRIEVER),
    ...bestLexicalHits(bm25, range, CANDIDATES_PER_RETRIEVER).map((h) => h.row),
    ...preferred.flatMap((source) => bestLexicalHits(bm25, rowRangeOf(snapshot, source), CANDIDATES_PER_PREFERRED_ARTICLE).map((h) => h.row)),
  ]);
  const words = new Map(
    [...rows].map((row) => {
      const passage = snapshot.passages[row];
      if (!passage) throw new Error(`Row ${row} is outside the index.`);
      return [row, indexWords(passage.text)] as const;
    }),
  );
  return { words, bm25 };
}
