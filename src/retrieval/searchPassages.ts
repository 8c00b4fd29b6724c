/**
 * Hybrid candidate retrieval: dense similarity over the packed vectors and BM25 over the
 * lexical segments each propose passages for a question; their union goes on to be scored
 * (candidateFeatures.ts, rankCandidates.ts).
 */
import { type IndexWord, indexWords, type LexicalScores, type PassageStore } from '../index/passageStore.js';
import type { Question } from '../question/analyseQuestion.js';
import { isCodePassage } from './candidateFeatures.js';
import { codeLeadIn } from './codeLeadIn.js';

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
  /** For a code block led into by prose: the row of the passage holding that prose, whose scores it shares. */
  leadInRows: Map<number, number>;
  /** Cosine similarity with the question of each candidate row and of each lead-in row. */
  dense: Map<number, number>;
}

/** Whether the passage after `row` is a code block of the same article. */
function isCodeAfter(store: PassageStore, row: number): boolean {
  const passage = store.passage(row);
  const next = store.passage(row + 1);
  return passage !== undefined && next !== undefined && next.source === passage.source && isCodePassage(next);
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
  // Asked for code, the code block after a passage found is a candidate too: its own words are
  // code, and the prose leading into it is what names it.
  if (request.question.asksForCode) for (const row of [...rows]) if (isCodeAfter(store, row)) rows.add(row + 1);
  const leadInRows = new Map<number, number>();
  const words = new Map(
    [...rows].map((row) => {
      const passage = store.passage(row);
      if (!passage) throw new Error(`Row ${row} is outside the index.`);
      const article = store.article(passage.source);
      const leadIn = article && isCodePassage(passage) ? codeLeadIn(article, passage) : undefined;
      if (!leadIn) return [row, indexWords(passage.text)] as const;
      const before = store.passage(row - 1);
      if (before?.source === passage.source && before.start <= leadIn.start && leadIn.end <= before.end) leadInRows.set(row, row - 1);
      return [row, indexWords(`${article?.text.slice(leadIn.start, leadIn.end)} ${passage.text}`)] as const;
    }),
  );
  // One batch of similarities a question: a store whose vectors live in a server fetches them at once.
  const scored = [...new Set([...rows, ...leadInRows.values()])];
  const similarities = await store.similarities(request.queryVector, scored);
  return { words, bm25, leadInRows, dense: new Map(scored.map((row, i) => [row, similarities[i] as number])) };
}
