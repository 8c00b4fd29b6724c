/**
 * Hybrid retrieval: dense similarity over the packed vectors and BM25 over the lexical
 * segments propose candidates; each candidate then gets features that are comparable across
 * questions (cosine, how much of the question's weighted vocabulary it contains, whether it
 * contains the question verbatim), which rank it and feed the abstention threshold.
 */
import { indexWords, type IndexWord, lexicalQueryOf, processTerm, searchLexical } from '../index/lexical.js';
import { type IndexSnapshot, rowRangeOf } from '../index/loadIndex.js';
import type { Passage } from '../types.js';
import { type AnswerType, type AskedQuestion, askedOf, expectedAnswerType, hasAnswerOfType } from './answerType.js';
import { cosine, type RowRange } from './denseScan.js';
import { questionFocus } from './questionFocus.js';

/** How many candidates each retriever proposes before features are computed. */
const CANDIDATES_PER_RETRIEVER = 40;
/** Weights of the relevance score; calibrated with `npm run eval -- --calibrate`. */
export const RELEVANCE_WEIGHTS = { dense: 0.4, coverage: 0.6, phrase: 0.3 } as const;
/**
 * How much of the question the sentence holding a typed answer must cover (with the sentence
 * before it). On tests/eval/questions.jsonl every value from 0.55 to 0.7 gives the same, best
 * abstention (0.94, no false abstention); 0.5 and below let "How many soldiers deserted?" be
 * answered by a deployment figure. The most lenient of the best is kept.
 */
const ANSWER_SENTENCE_COVERAGE = 0.55;
/** A capitalised word names someone or something new only if at most this share of passages use it (and at least 2). */
const RARE_NAME_DOCUMENT_SHARE = 0.03;

/**
 * A question word absent from a text still counts as partly covered when the text has a word
 * whose vector is close (mothers → parents, killed → wounded): no credit at a cosine of
 * SOFT_MATCH.floor or below, full credit from SOFT_MATCH.full. The offline model gives
 * unrelated words cosines up to about 0.5 (kimchi → korean 0.41, Australia → south 0.51), so
 * a lower floor lets off-topic words buy coverage.
 */
const SOFT_MATCH = { floor: 0.5, full: 0.9 } as const;
/**
 * How close a passage word must be to stand for a focus word. Measured on the eval sets'
 * what/which questions: answered ones mention their focus at 0.68 or above (most exactly),
 * unanswerable ones reach at most 0.63 (population → inhabitants, programming → language).
 */
const FOCUS_MATCH_COSINE = 0.66;

/** Unit vectors of single lower-cased words; a word without one only matches its own index term. */
export type WordVectors = Pick<ReadonlyMap<string, Float32Array>, 'get'>;

export interface PassageCandidate {
  row: number;
  dense: number;
  coverage: number;
  phrase: boolean;
  relevance: number;
  /**
   * Whether the passage has the kind of answer asked for (answerType.ts) and mentions the
   * question's focus (questionFocus.ts). A passage without it never answers, however many words
   * it shares with the question (see draftQuotes).
   */
  hasWhatIsAsked: boolean;
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

function denseCandidates(snapshot: IndexSnapshot, query: Float32Array, range: RowRange): number[] {
  return snapshot.dense.topRows(query, range, CANDIDATES_PER_RETRIEVER);
}

/**
 * Terms that occur in most passages add almost nothing to BM25 but make it score nearly every
 * passage; leaving them out of the lexical query keeps it fast on large corpora (coverage,
 * computed separately, still counts them).
 */
const MAX_LEXICAL_DOCUMENT_SHARE = 0.25;

function lexicalCandidates(snapshot: IndexSnapshot, question: string, range: { first: number; end: number }): number[] {
  const limit = snapshot.passages.length * MAX_LEXICAL_DOCUMENT_SHARE;
  const query = lexicalQueryOf(question, (term) => (snapshot.documentFrequencies.get(term) ?? 0) <= limit);
  if (query.size === 0) return [];
  // The best rows overall are among each segment's best, so each segment returns only its top.
  const hits = snapshot.lexical.flatMap(({ index, rowOffset }) =>
    searchLexical(index, query, { first: range.first - rowOffset, end: range.end - rowOffset }, CANDIDATES_PER_RETRIEVER).map((h) => ({
      row: h.row + rowOffset,
      score: h.score,
    })),
  );
  return hits
    .sort((a, b) => b.score - a.score)
    .slice(0, CANDIDATES_PER_RETRIEVER)
    .map((h) => h.row);
}

/** Inverse document frequency; a term the corpus never uses weighs the most, so off-corpus words pull coverage down. */
export function inverseDocumentFrequency(snapshot: IndexSnapshot, term: string): number {
  const df = snapshot.documentFrequencies.get(term) ?? 0;
  return Math.log(1 + snapshot.passages.length / (df + 0.5));
}

/** The cosine between a question word and the closest word of a text (0 when either has no vector). */
export interface WordSimilarity {
  nearestCosine(word: string, textWords: IndexWord[]): number;
}

const NO_SIMILARITY: WordSimilarity = { nearestCosine: () => 0 };

/**
 * Word similarity for one question. Its few words are compared with the words of every
 * candidate passage, their sentences and sentence pairs, which share most of their words; each
 * pair's dot product is computed once and remembered for the rest of the question.
 */
export function wordSimilarity(wordVectors: WordVectors): WordSimilarity {
  const known = new Map<string, Map<string, number>>();
  return {
    nearestCosine(word, textWords) {
      const vector = wordVectors.get(word);
      if (!vector) return 0;
      let row = known.get(word);
      if (!row) known.set(word, (row = new Map()));
      let best = 0;
      for (const candidate of textWords) {
        let dot = row.get(candidate.word);
        if (dot === undefined) {
          const other = wordVectors.get(candidate.word);
          dot = 0;
          if (other) for (let d = 0; d < vector.length; d += 1) dot += (vector[d] as number) * (other[d] as number);
          row.set(candidate.word, dot);
        }
        if (dot > best) best = dot;
      }
      return best;
    },
  };
}

/** Credit (0–1) for a question word the text lacks: how close the text's nearest word is to it. */
function softMatch(word: string, textWords: IndexWord[], similarity: WordSimilarity): number {
  const best = similarity.nearestCosine(word, textWords);
  return Math.min(1, Math.max(0, (best - SOFT_MATCH.floor) / (SOFT_MATCH.full - SOFT_MATCH.floor)));
}

/**
 * Whether a text mentions every word of the question's focus (see questionFocus.ts), as the
 * same index term or a word at least FOCUS_MATCH_COSINE close (population → inhabitants is
 * not enough on its own: "of Pyongyang" must be there too).
 */
export function mentionsFocus(question: QuestionParts, textWords: IndexWord[], similarity: WordSimilarity): boolean {
  if (question.focus.length === 0) return true;
  const present = new Set(textWords.map((w) => w.term));
  return question.focus.every(({ word, term }) => present.has(term) || similarity.nearestCosine(word, textWords) >= FOCUS_MATCH_COSINE);
}

/**
 * Share of the question's IDF-weighted terms that a text contains, a term the text lacks
 * counting by its soft match (0 when the question has no content words). Off-corpus words weigh
 * the most and rarely have a close neighbour, so they keep off-topic questions low.
 */
export function termCoverage(
  snapshot: IndexSnapshot,
  questionTerms: IndexWord[],
  textWords: IndexWord[],
  similarity: WordSimilarity = NO_SIMILARITY,
): number {
  if (questionTerms.length === 0) return 0;
  const present = new Set(textWords.map((w) => w.term));
  let total = 0;
  let covered = 0;
  for (const { word, term } of questionTerms) {
    const weight = inverseDocumentFrequency(snapshot, term);
    total += weight;
    covered += weight * (present.has(term) ? 1 : softMatch(word, textWords, similarity));
  }
  return covered / total;
}

export interface TextFeatures {
  dense: number;
  coverage: number;
  phrase: boolean;
  relevance: number;
}

/** The relevance of one text (a passage or a sentence) to the question; `textWords` are its index words when already known. */
export function scoreText(
  snapshot: IndexSnapshot,
  question: QuestionParts,
  text: string,
  dense: number,
  similarity: WordSimilarity = NO_SIMILARITY,
  textWords: IndexWord[] = indexWords(text),
): TextFeatures {
  const coverage = termCoverage(snapshot, question.terms, textWords, similarity);
  const phrase = question.phrase.length > 0 && normaliseForPhrase(text).includes(question.phrase);
  const relevance =
    RELEVANCE_WEIGHTS.dense * Math.max(0, dense) + RELEVANCE_WEIGHTS.coverage * coverage + (phrase ? RELEVANCE_WEIGHTS.phrase : 0);
  return { dense, coverage, phrase, relevance };
}

export interface QuestionParts {
  /** Unique by index term, each with the word it was written as (for soft matching). */
  terms: IndexWord[];
  /** The normalised question when it can act as a verbatim phrase, else ''. */
  phrase: string;
  /** What the question already says, for the answer-type check. */
  asked: AskedQuestion;
  answerType: AnswerType | null;
  /** The index words of what a what/which/who question asks about; [] when it names no one thing. */
  focus: IndexWord[];
}

/** The question's parts used for scoring. */
export function analyseQuestion(question: string): QuestionParts {
  const phrase = normaliseForPhrase(question);
  // A phrase of one or two short words matches too much to count as a verbatim lookup.
  const usablePhrase = phrase.split(' ').length >= 2 && phrase.length >= 8 ? phrase : '';
  const terms = new Map(indexWords(question).map((w) => [w.term, w] as const));
  return {
    terms: [...terms.values()],
    phrase: usablePhrase,
    asked: askedOf(question),
    answerType: expectedAnswerType(question),
    focus: indexWords(questionFocus(question).join(' ')),
  };
}

/**
 * Whether the passage has a sentence that holds the kind of answer the question asks for and,
 * read with the sentence before it (an answer often follows the sentence that sets it up:
 * "…the woman explains that about 200 wounded North Koreans had arrived"), covers at least
 * ANSWER_SENTENCE_COVERAGE of the question. Always true when the question asks for no
 * particular kind. Not any number anywhere: a long passage nearly always has one, and "How many
 * soldiers deserted?" must not be answered by "12,000 soldiers were deployed".
 */
export function answersExpectedType(snapshot: IndexSnapshot, question: QuestionParts, passage: Passage, similarity: WordSimilarity): boolean {
  const answerType = question.answerType;
  if (!answerType) return true;
  const text = snapshot.articleBySource.get(passage.source)?.text ?? '';
  const rareLimit = Math.max(2, snapshot.passages.length * RARE_NAME_DOCUMENT_SHARE);
  const isRare = (word: string) => {
    const term = processTerm(word);
    return term !== null && (snapshot.documentFrequencies.get(term) ?? 0) <= rareLimit;
  };
  return passage.sentences.some((span, i) => {
    const sentence = text.slice(span.start, span.end);
    if (!hasAnswerOfType(answerType, sentence, question.asked, isRare)) return false;
    const withPrevious = text.slice((passage.sentences[i - 1] ?? span).start, span.end);
    return termCoverage(snapshot, question.terms, indexWords(withPrevious), similarity) >= ANSWER_SENTENCE_COVERAGE;
  });
}

/**
 * The rows dense and lexical retrieval propose, each with its passage's index words (read once
 * per question: the caller looks up their word vectors, and every feature reuses them).
 */
export function candidatePassages(snapshot: IndexSnapshot, request: SearchRequest): Map<number, IndexWord[]> {
  const range = rowRangeOf(snapshot, request.source);
  const rows = new Set([
    ...denseCandidates(snapshot, request.queryVector, range),
    ...lexicalCandidates(snapshot, request.question, range),
  ]);
  return new Map(
    [...rows].map((row) => {
      const passage = snapshot.passages[row];
      if (!passage) throw new Error(`Row ${row} is outside the index.`);
      return [row, indexWords(passage.text)];
    }),
  );
}

/** Candidate passages (from `candidatePassages`) with their features, most relevant first. */
export function rankCandidates(
  snapshot: IndexSnapshot,
  request: SearchRequest,
  passages: ReadonlyMap<number, IndexWord[]>,
  similarity: WordSimilarity = NO_SIMILARITY,
): PassageCandidate[] {
  const question = analyseQuestion(request.question);
  const candidates = [...passages].map(([row, words]) => {
    const passage = snapshot.passages[row];
    if (!passage) throw new Error(`Row ${row} is outside the index.`);
    const dense = cosine(snapshot.vectors, row, request.queryVector);
    const features = scoreText(snapshot, question, passage.text, dense, similarity, words);
    const hasWhatIsAsked = answersExpectedType(snapshot, question, passage, similarity) && mentionsFocus(question, words, similarity);
    return { row, ...features, hasWhatIsAsked };
  });
  return candidates.sort((a, b) => b.relevance - a.relevance);
}
