import { describe, expect, it } from 'vitest';
import { draftQuotes, mergeOverlapping, type QuoteDraft } from '../../src/answer/buildAnswer.js';
import type { PassageStore } from '../../src/index/passageStore.js';
import type { Question } from '../../src/question/analyseQuestion.js';
import type { RankedCandidate } from '../../src/retrieval/rankCandidates.js';

/** Passages of one article: sentences of 10 characters, windows as given. */
const windows: Array<[number, number]> = [
  [0, 100],
  [90, 210],
  [200, 300],
  [400, 500],
];
const sentencesOf = ([start, end]: [number, number]) =>
  Array.from({ length: Math.ceil((end - start) / 10) }, (_, i) => ({ start: start + i * 10, end: Math.min(end, start + i * 10 + 10) }));
const passages = windows.map((w) => ({
  source: 'a.txt',
  start: w[0],
  end: w[1],
  sentences: sentencesOf(w),
  sentenceKinds: sentencesOf(w).map(() => 0),
}));
const store = { passage: (row: number) => passages[row] } as unknown as PassageStore;
const question = {} as Question;
const candidate = (row: number, probability: number, extra: Partial<RankedCandidate> = {}): RankedCandidate =>
  ({ row, probability, confidence: 0, eligible: false, holdsKind: true, source: 'a.txt', features: {}, ...extra }) as RankedCandidate;
const levels = { answerLevel: 0.8, closestLevel: 0.2 };

describe('mergeOverlapping', () => {
  it('joins a window that bridges two quotes already kept, so no sentence is quoted twice', () => {
    const draft = (i: number): QuoteDraft => {
      const [start, end] = windows[i]!;
      return {
        source: 'a.txt',
        start,
        end,
        probability: 1 - i / 10,
        confidence: 0,
        answers: false,
        sentences: sentencesOf([start, end]),
        sentenceKinds: sentencesOf([start, end]).map(() => 0),
      };
    };
    const merged = mergeOverlapping([draft(0), draft(2), draft(1), draft(3)]);
    expect(merged.map((m) => [m.start, m.end])).toEqual([
      [0, 300],
      [400, 500],
    ]);
    const starts = merged[0]!.sentences.map((s) => s.start);
    expect(new Set(starts).size).toBe(starts.length);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });
});

describe('draftQuotes', () => {
  it('says nothing is close when there is no passage at all, whatever the closest level', () => {
    expect(draftQuotes(store, question, [], { levels: { answerLevel: 0.5, closestLevel: 0 }, k: 5, offset: 0 }).level).toBe('none');
  });

  it('decides closest against none on the most probable passage, even when one holding the kind asked for is shown first', () => {
    const ranked = [candidate(3, 0.5, { holdsKind: false }), candidate(0, 0.1)];
    const draft = draftQuotes(store, question, ranked, { levels, k: 5, offset: 0 });
    expect(draft.drafts[0]!.start).toBe(0);
    expect(draft.level).toBe('closest');
  });

  it('answers only from a passage that may answer at the answer level, and puts it first', () => {
    const ranked = [candidate(3, 0.9), candidate(0, 0.7, { eligible: true, confidence: 0.85 })];
    const draft = draftQuotes(store, question, ranked, { levels, k: 5, offset: 0 });
    expect(draft.level).toBe('answer');
    expect(draft.confidence).toBe(0.85);
    expect(draft.drafts.map((d) => d.answers)).toEqual([true, false]);
    const below = draftQuotes(store, question, [candidate(0, 0.7, { eligible: true, confidence: 0.79 })], { levels, k: 5, offset: 0 });
    expect(below.level).toBe('closest');
  });
});
