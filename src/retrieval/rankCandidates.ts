/**
 * Candidate passages scored by the fitted logistic scorer (src/calibration/): most likely to
 * answer first, each with its probability, which is also what confidence is read from.
 */
import { indexWords, type IndexWord } from '../index/passageStore.js';
import { confidenceOf, type FeatureVector, logitOf, type ModelCalibration, sigmoid } from '../calibration/calibration.js';
import { confidenceVectors } from '../calibration/confidenceFeatures.js';
import { CHECKABLE_KINDS } from '../question/analyseQuestion.js';
import { candidateFeatures, isCodePassage, type ScoringContext } from './candidateFeatures.js';
import type { CandidateSet, SearchRequest } from './searchPassages.js';

export interface RankedCandidate {
  row: number;
  features: FeatureVector;
  /** See `CandidateFeatures.eligible`. */
  eligible: boolean;
  /** See `CandidateFeatures.holdsKind`. */
  holdsKind: boolean;
  /** The scorer's probability that this passage answers the question. */
  probability: number;
  /** The second stage's confidence that it answers (0 for a passage that may not). */
  confidence: number;
  source: string;
}

export function rankCandidates(
  context: ScoringContext,
  calibration: Pick<ModelCalibration, 'weights' | 'bias' | 'confidence'>,
  request: SearchRequest,
  candidates: CandidateSet,
): RankedCandidate[] {
  const { store } = context;
  const rows = [...candidates.words.keys()];
  // A code block scores as well as the prose leading into it: its own words are code, which neither retriever reads well.
  const withLeadIn = (row: number, score: (row: number) => number) => {
    const leadIn = candidates.leadInRows.get(row);
    return Math.max(score(row), leadIn === undefined ? -Infinity : score(leadIn));
  };
  const dense = new Map(rows.map((row) => [row, withLeadIn(row, (r) => candidates.dense.get(r) ?? 0)]));
  const bm25 = new Map(rows.map((row) => [row, withLeadIn(row, (r) => candidates.bm25.of(r))]));
  const scale = {
    maxDense: Math.max(0, ...dense.values()),
    maxBm25: Math.max(0, ...bm25.values()),
  };
  // A passage's title is its article's and its section's: "Backups › Restore" names what it is about.
  const titleWords = new Map<string, IndexWord[]>();
  const passages = rows.flatMap((row) => {
    const passage = store.passage(row);
    if (!passage) throw new Error(`Row ${row} is outside the index.`);
    // A code block answers only a question asking for code, and is never the answer to one in words.
    return isCodePassage(passage) && !request.question.asksForCode ? [] : [{ row, passage }];
  });
  const ranked = passages.map(({ row, passage }) => {
    const article = store.article(passage.source);
    const section = article?.paragraphs.find((p) => p.number === passage.paragraphs[0])?.section ?? [];
    const titleKey = [passage.source, ...section].join('\n');
    let title = titleWords.get(titleKey);
    if (!title) titleWords.set(titleKey, (title = indexWords([article?.title ?? '', ...section].join(' '))));
    const isLead = store.rowsOf(passage.source)?.first === row;
    const scores = { dense: dense.get(row) ?? 0, bm25: bm25.get(row) ?? 0, isLead };
    const { features, eligible, holdsKind } = candidateFeatures(
      context,
      request.question,
      passage,
      candidates.words.get(row) ?? [],
      title,
      scores,
      scale,
    );
    return {
      row,
      source: passage.source,
      features,
      eligible,
      holdsKind,
      probability: sigmoid(logitOf(calibration, features)),
      confidence: 0,
    };
  });
  ranked.sort((a, b) => b.probability - a.probability || a.row - b.row);
  const checks = { anchors: request.question.anchors.length, checkable: (request.question.expectedKinds & CHECKABLE_KINDS) !== 0 };
  confidenceVectors(ranked, checks).forEach((vector, i) => {
    if (vector) (ranked[i] as RankedCandidate).confidence = confidenceOf(calibration, vector);
  });
  return ranked;
}
