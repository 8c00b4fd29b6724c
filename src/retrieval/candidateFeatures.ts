/**
 * The features of one candidate passage for one question: each comparable across questions
 * and corpora (shares and per-question normalised scores rather than raw BM25), so that one
 * fitted scorer serves every corpus. Their weights live in src/calibration/.
 */
import { type IndexWord, indexWords, type PassageStore } from '../index/passageStore.js';
import type { FeatureVector, SoftMatch } from '../calibration/calibration.js';
import { AnswerKind, holdsExpectedKind, innerNames, onlyRestatesNumbers, wordsAfterNumbers } from '../language/english.js';
import { CHECKABLE_KINDS, normaliseForPhrase, type Question } from '../question/analyseQuestion.js';
import type { Passage } from '../types.js';
import { codeLeadIn } from './codeLeadIn.js';

/** The cosine between a question word and the closest word of a text (0 when either has no vector). */
export interface WordSimilarity {
  nearestCosine(word: string, textWords: IndexWord[]): number;
}

/** Unit vectors of single lower-cased words; a word without one only matches its own index term. */
export type WordVectors = Pick<ReadonlyMap<string, Float32Array>, 'get'>;

/**
 * Word similarity for one question. Its few words are compared with the words of every
 * candidate passage and their sentences, which share most of their words; each pair's dot
 * product is computed once and remembered for the rest of the question.
 */
export function wordSimilarity(wordVectors: WordVectors): WordSimilarity {
  const known = new Map<string, Map<string, number>>();
  return {
    nearestCosine(word, textWords) {
      const vector = wordVectors.get(word);
      if (!vector) return 0;
      let row = known.get(word);
      if (!row) known.set(word, (row = new Map<string, number>()));
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

/** Inverse document frequency; a term the corpus never uses weighs the most, so off-corpus words pull coverage down. */
export function inverseDocumentFrequency(store: Pick<PassageStore, 'passageCount' | 'documentFrequency'>, term: string): number {
  const df = store.documentFrequency(term);
  return Math.log(1 + store.passageCount / (df + 0.5));
}

/** Credit (0–1) a missing word earns from the cosine of the text's nearest word: none at the floor or below, full from `full`. */
function softCredit(cosine: number, { floor, full }: SoftMatch): number {
  return Math.min(1, Math.max(0, (cosine - floor) / (full - floor)));
}

/** What scoring needs besides the question and the passage. */
export interface ScoringContext {
  store: PassageStore;
  similarity: WordSimilarity;
  softMatch: SoftMatch;
}

/**
 * Share of the question's IDF-weighted terms that a text contains. With `soft`, a term the
 * text lacks counts by how close the text's nearest word vector is — but never an anchor (a
 * name or number must be there as written: "Chinese" is not "North Korean").
 */
export function termCoverage(
  context: Pick<ScoringContext, 'store' | 'similarity' | 'softMatch'>,
  question: Pick<Question, 'terms' | 'anchors'>,
  textWords: IndexWord[],
  soft: boolean,
): number {
  if (question.terms.length === 0) return 0;
  const present = new Set(textWords.map((w) => w.term));
  const anchors = new Set(question.anchors.map((a) => a.term));
  let total = 0;
  let covered = 0;
  for (const { word, term } of question.terms) {
    const weight = inverseDocumentFrequency(context.store, term);
    total += weight;
    if (present.has(term)) covered += weight;
    else if (soft && !anchors.has(term)) {
      const cosine = context.similarity.nearestCosine(word, textWords);
      covered += weight * softCredit(cosine, context.softMatch);
    }
  }
  return covered / total;
}

/**
 * Whether a sentence holds the kind of answer asked for beyond what the question already says:
 * a number the question gives is no answer to it, nor is a name it gives to "who" or "where".
 */
export function holdsKindBeyondQuestion(
  question: Pick<Question, 'expectedKinds' | 'numbers' | 'terms'>,
  sentenceKinds: number,
  text: string,
): boolean {
  if (!holdsExpectedKind(question.expectedKinds, sentenceKinds)) return false;
  if (question.expectedKinds === 0) return true;
  if ((question.expectedKinds & (AnswerKind.name | AnswerKind.place)) !== 0) {
    const asked = new Set(question.terms.map((t) => t.word));
    if (![...innerNames(text)].some((name) => !asked.has(name))) return false;
  }
  return !onlyRestatesNumbers(text, question.numbers);
}

/** A passage of code only (a code block): every sentence of it is code. */
export const isCodePassage = (passage: Pick<Passage, 'sentenceKinds'>) =>
  passage.sentenceKinds.length > 0 && passage.sentenceKinds.every((kinds) => (kinds & AnswerKind.code) !== 0);

/**
 * How well a sentence's numbers name what "how many" counts: 1 for the word itself right after a
 * number, less for a word of close meaning.
 */
function countsNoun(context: Pick<ScoringContext, 'similarity' | 'softMatch'>, noun: IndexWord, sentence: string): number {
  let best = 0;
  for (const after of wordsAfterNumbers(sentence)) {
    const words = indexWords(after.join(' '));
    if (words.some((w) => w.term === noun.term)) return 1;
    best = Math.max(best, softCredit(context.similarity.nearestCosine(noun.word, words), context.softMatch));
  }
  return best;
}

/** The question as its words are looked for in a title: with its task's verb, if it has one the terms lack. */
function titleQuestion(question: Question): Pick<Question, 'terms' | 'anchors'> {
  const { task } = question;
  return task && !question.terms.some((t) => t.term === task.term)
    ? { terms: [...question.terms, task], anchors: question.anchors }
    : question;
}

/** Per-question maxima that features are normalised by. */
export interface QuestionScale {
  maxDense: number;
  maxBm25: number;
}

export interface CandidateFeatures {
  features: FeatureVector;
  /** May this passage be presented as the answer: every anchor found, and the kind of answer asked for present. */
  eligible: boolean;
  /** Whether it holds the kind of answer asked for (a number for "how many", a date for "when"); true when none is asked for. */
  holdsKind: boolean;
}

/**
 * The candidate's features. `titleWords` are the index words of the passage's article title and
 * section headings (an article about Kursk need not repeat "Kursk" in every paragraph, nor a
 * "Backups" section "backup" in every step).
 */
export function candidateFeatures(
  context: ScoringContext,
  question: Question,
  passage: Passage,
  words: IndexWord[],
  titleWords: IndexWord[],
  scores: { dense: number; bm25: number; isLead: boolean },
  scale: QuestionScale,
): CandidateFeatures {
  const present = new Set([...words, ...titleWords].map((w) => w.term));
  const anchorShare =
    question.anchors.length === 0 ? 1 : question.anchors.filter((a) => present.has(a.term)).length / question.anchors.length;
  const focusShare =
    question.focus.length === 0
      ? 1
      : question.focus.reduce((sum, f) => {
          if (present.has(f.term)) return sum + 1;
          const cosine = context.similarity.nearestCosine(f.word, words);
          return sum + softCredit(cosine, context.softMatch);
        }, 0) / question.focus.length;
  // Each sentence read with the one before it: an answer often follows the sentence that sets it up.
  let sentenceCoverage = 0;
  let typedCoverage = 0;
  let countedMatch = 0;
  // A code block is read after the sentence leading into it, which holds no code.
  const article = context.store.article(passage.source);
  const leadIn = article && isCodePassage(passage) ? codeLeadIn(article, passage) : undefined;
  const spans = leadIn ? [leadIn, ...passage.sentences] : passage.sentences;
  const kinds = leadIn ? [0, ...passage.sentenceKinds] : passage.sentenceKinds;
  const articleText = article?.text ?? '';
  // Each sentence's text, read once for its words, its kind of answer and its counts.
  const sentenceTexts = spans.map((span) => articleText.slice(span.start, span.end));
  const sentenceWords = sentenceTexts.map((text) => indexWords(text));
  sentenceTexts.forEach((text, i) => {
    const coverage = termCoverage(context, question, [...(sentenceWords[i - 1] ?? []), ...(sentenceWords[i] ?? [])], false);
    sentenceCoverage = Math.max(sentenceCoverage, coverage);
    if (holdsKindBeyondQuestion(question, kinds[i] ?? 0, text)) {
      typedCoverage = Math.max(typedCoverage, coverage);
      if (question.countedNoun) countedMatch = Math.max(countedMatch, countsNoun(context, question.countedNoun, text));
    }
  });
  const features: FeatureVector = {
    dense: scores.dense,
    denseGap: scores.dense - scale.maxDense,
    bm25Share: scale.maxBm25 > 0 ? scores.bm25 / scale.maxBm25 : 0,
    coverage: termCoverage(context, question, words, false),
    softCoverage: termCoverage(context, question, words, true),
    sentenceCoverage,
    typedCoverage,
    anchorShare,
    focusShare,
    phrase: question.phrase && normaliseForPhrase(passage.text).includes(question.phrase) ? 1 : 0,
    lead: scores.isLead ? 1 : 0,
    logLength: Math.log(1 + words.length) / 5,
    // Headings name a task by its verb: a how-to question's task counts toward its title's coverage.
    titleCoverage: termCoverage(context, titleQuestion(question), titleWords, false),
    countedMatch,
  };
  const needsKind = (question.expectedKinds & CHECKABLE_KINDS) !== 0;
  const holdsKind = !needsKind || typedCoverage > 0;
  return { features, eligible: anchorShare === 1 && holdsKind, holdsKind };
}
