/**
 * Asking: a question goes through analysis (once) → candidate retrieval → the fitted scorer →
 * answer assembly, over one passage store and one embedder.
 */
import type { Embedder } from '../embedding/embedder.js';
import { type PassageStore, processTerm, type StoredText } from '../index/passageStore.js';
import { calibrationFor, type ModelCalibration, scorerFingerprint } from '../calibration/calibration.js';
import { type Levels, levelsFor } from '../calibration/indexCalibration.js';
import { analyseQuestion, type Question } from '../question/analyseQuestion.js';
import { type ScoringContext, wordSimilarity } from '../retrieval/candidateFeatures.js';
import { nameLexicon } from '../retrieval/nameLexicon.js';
import { rankCandidates, type RankedCandidate } from '../retrieval/rankCandidates.js';
import { candidatePassages } from '../retrieval/searchPassages.js';
import { createWordVectorCache } from '../retrieval/wordVectors.js';
import type { Answer } from '../types.js';
import { articleCatalogue } from './articleCatalogue.js';
import { matchArticle } from '../corpus/matchArticle.js';
import { type DraftAnswer, draftQuotes, type DraftOptions, finishAnswer, sentencesToEmbed } from './buildAnswer.js';
import { verbatimCandidates } from './verbatimCandidates.js';
import type { AskOptions, CorpusEngine } from './engine.js';

/** A `source` option that names no article (`candidates` empty), or several. */
export class UnknownSourceError extends Error {
  override name = 'UnknownSourceError';
  constructor(
    readonly reference: string,
    readonly candidates: string[] = [],
  ) {
    super(
      candidates.length > 0
        ? `"${reference}" names ${candidates.length} articles: ${candidates.join(', ')}.`
        : `No article matches "${reference}".`,
    );
  }
}

export const MAX_QUOTES = 25;

/** The stages of answering one question, timed separately by the benchmarks. */
export type QueryPhase = 'embedding' | 'retrieval' | 'assembly';

export interface EngineOptions {
  /** Called with each stage's duration, in milliseconds, for every question asked. */
  onPhase?: (phase: QueryPhase, ms: number) => void;
  /** Scorer weights and levels; default: the model's calibration with the index's own levels. */
  calibration?: ModelCalibration;
  levels?: Levels;
  /**
   * Checks every quote before it is shown against its article's stored text (the source file
   * or the text snapshot, `PassageStore.storedText`): a passage that reads otherwise is left out,
   * and its article is reported with `warn` and marked stale for the next ingest. Every engine
   * that shows quotes passes it; ranking-only ones (probes, fitting) need not.
   */
  quoteCheck?: { warn: (message: string) => void };
}

export interface RankedQuestion {
  question: Question;
  queryVector: Float32Array;
  candidates: RankedCandidate[];
  context: ScoringContext;
}

export interface CorpusEngineWithRanking extends CorpusEngine {
  /** The ranked candidates with their features, as the answer is built from them (for eval, fitting and probes). */
  rank(question: string, options?: Pick<AskOptions, 'context'> & { source?: string }): Promise<RankedQuestion>;
  readonly levels: Levels;
  /** The scorer the levels hold for (scorerFingerprint): levels fitted with another scorer do not apply. */
  readonly scorer: string;
}

export function createCorpusEngine(
  store: PassageStore,
  embedder: Pick<Embedder, 'embedQuery' | 'embedPassages'>,
  engineOptions: EngineOptions = {},
): CorpusEngineWithRanking {
  const model = store.model.id;
  const calibration = engineOptions.calibration ?? calibrationFor(model);
  const levels = engineOptions.levels ?? levelsFor(calibration, store.calibration);
  const names = nameLexicon(store);
  const wordVectors = createWordVectorCache(
    (words) => embedder.embedPassages(words),
    (word) => store.documentFrequency(processTerm(word) ?? '') > 0,
  );

  const quoteCheck = engineOptions.quoteCheck;
  const reportedStale = new Set<string>();
  /** Once per article and loaded index: the next ingest reads it again, and the log says why. */
  const reportStale = async (source: string, problem: string, warn: (message: string) => void) => {
    if (reportedStale.has(source)) return;
    reportedStale.add(source);
    warn(`Article ${source} is stale: ${problem}. Quotes that no longer read as it does are not shown; the next ingest reads it again.`);
    await store.markStale(source).catch((error: Error) => warn(`Could not mark ${source} stale for the next ingest: ${error.message}`));
  };

  /**
   * Drafts the answer from the candidates that still read as their articles' stored texts do:
   * each article a draft quotes is read once; when a passage differs, its candidate is dropped and
   * the answer drafted again from the rest (levels and confidence included).
   */
  const draftVerbatim = async (question: Question, candidates: RankedCandidate[], options: DraftOptions): Promise<DraftAnswer> => {
    let draft = draftQuotes(store, question, candidates, options);
    if (!quoteCheck) return draft;
    const texts = new Map<string, StoredText>();
    let remaining = candidates;
    for (;;) {
      const unread = [...new Set(draft.drafts.map((d) => d.source))].filter((source) => !texts.has(source));
      if (unread.length === 0) return draft;
      await Promise.all(unread.map(async (source) => texts.set(source, await store.storedText(source))));
      const kept = verbatimCandidates(store, remaining, texts);
      const keptRows = new Set(kept.map((c) => c.row));
      const differing = new Set(remaining.filter((c) => !keptRows.has(c.row)).map((c) => store.passage(c.row)?.source));
      for (const source of unread) {
        const problem = texts.get(source)?.problem ?? (differing.has(source) ? 'its text differs from the index' : null);
        if (problem) await reportStale(source, problem, quoteCheck.warn);
      }
      if (kept.length < remaining.length) {
        remaining = kept;
        draft = draftQuotes(store, question, remaining, options);
      }
    }
  };

  const analyse = (asked: string, options: Pick<AskOptions, 'context'>) => analyseQuestion(asked, names, options.context?.earlierQuestions);
  const rankAnalysed = async (
    question: Question,
    options: Pick<AskOptions, 'context'> & { source?: string },
    onPhase?: (phase: QueryPhase) => void,
  ): Promise<RankedQuestion> => {
    const queryVector = await embedder.embedQuery(question.searchText);
    onPhase?.('embedding');
    const request = { question, queryVector, source: options.source, preferredSources: options.context?.citedSources };
    const found = await candidatePassages(store, request);
    const words = [...question.terms, ...question.focus, ...[...found.words.values()].flat()].map((w) => w.word);
    const context: ScoringContext = {
      store,
      similarity: wordSimilarity(await wordVectors.vectorsFor(words)),
      softMatch: calibration.softMatch,
    };
    const candidates = rankCandidates(context, calibration, request, found);
    onPhase?.('retrieval');
    return { question, queryVector, candidates, context };
  };

  const ask = async (asked: string, options: AskOptions = {}): Promise<Answer> => {
    let source: string | undefined;
    if (options.source !== undefined) {
      const match = matchArticle(store.articles, options.source);
      if (match.kind !== 'match') throw new UnknownSourceError(options.source, match.kind === 'ambiguous' ? match.sources : []);
      source = match.source;
    }
    // Per question, so that questions answered at the same time are timed apart.
    let phaseStarted = performance.now();
    const phaseDone = (phase: QueryPhase) => {
      const now = performance.now();
      engineOptions.onPhase?.(phase, now - phaseStarted);
      phaseStarted = now;
    };
    const question = analyse(asked, options);
    // Nothing to search for (empty, only stop words): no model call, no scan.
    if (question.terms.length === 0 && !question.phrase)
      return { question: asked, answered: false, level: 'none', confidence: 0, quotes: [] };
    const ranked = await rankAnalysed(question, { source, context: options.context }, phaseDone);
    const k = Math.min(Math.max(1, options.k ?? 5), MAX_QUOTES);
    const draft = await draftVerbatim(ranked.question, ranked.candidates, {
      levels: options.levels ?? levels,
      k,
      offset: Math.max(0, options.offset ?? 0),
    });
    const sentenceVectors = await embedder.embedPassages(sentencesToEmbed(store, draft));
    const sentenceDense = sentenceVectors.map((v) => v.reduce((dot, x, i) => dot + x * (ranked.queryVector[i] as number), 0));
    const answer = finishAnswer(ranked.context, draft, sentenceDense);
    phaseDone('assembly');
    return answer;
  };

  return {
    ask,
    rank: (question, options = {}) => rankAnalysed(analyse(question, options), options),
    levels,
    scorer: scorerFingerprint(calibration),
    ...articleCatalogue(store),
    stats: {
      articles: store.articles.length,
      passages: store.passageCount,
      model,
      generation: store.generation,
    },
  };
}
