/**
 * Hybrid candidate retrieval: dense similarity over the packed vectors and BM25 over the
 * lexical segments each propose passages for a question; their union goes on to be scored
 * (candidateFeatures.ts, rankCandidates.ts).
 */
import { type IndexWord, indexWords, type LexicalScores, type PassageStore } from '../index/passageStore.js';
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
  /** BM25 score of every row (0 where no question term is). */
  bm25: LexicalScores;
}

export async function candidatePassages(store: PassageStore, request: SearchRequest): Promise<CandidateSet> {
  // Every term counts, common ones too: in a corpus about one subject its name is in most
  // passages, and a passage lacking it must not score as if the question never named it.
  const [dense, bm25] = await Promise.all([
    store.nearest(request.queryVector, CANDIDATES_PER_RETRIEVER, request.source),
    store.lexical(request.question.termCounts),
  ]);
  const preferred = request.source === undefined ? (request.preferredSources ?? []) : [];
  const rows = new Set([
    ...dense,
    ...bm25.best(CANDIDATES_PER_RETRIEVER, request.source).map((h) => h.row),
    ...preferred.flatMap((source) => bm25.best(CANDIDATES_PER_PREFERRED_ARTICLE, source).map((h) => h.row)),
  ]);
  const words = new Map(
    [...rows].map((row) => {
      const passage = store.passage(row);
      if (!passage) throw new Error(`Row ${row} is outside the index.`);
      return [row, indexWords(passage.text)] as const;
    }),
  );
  return { words, bm25 };
}
