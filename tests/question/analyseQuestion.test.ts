import { describe, expect, it } from 'vitest';
import { AnswerKind } from '../../src/language/english.js';
import { analyseQuestion, EARLIER_QUESTION_WEIGHT } from '../../src/question/analyseQuestion.js';

const names = (...terms: string[]) => ({ isName: (term: string) => (terms.includes(term) ? true : term.length > 0 ? false : undefined) });

describe('analyseQuestion', () => {
  it('reads the same question out of its lead-in, sign-off and case', () => {
    const lexicon = names('kursk');
    const base = analyseQuestion('Who is the mayor of Kursk?', lexicon);
    for (const variant of [
      'quick question: who is the mayor of kursk',
      'WHO IS THE MAYOR OF KURSK?',
      'Do you know who is the mayor of Kursk? thanks!',
    ]) {
      const q = analyseQuestion(variant, lexicon);
      expect(q.terms, variant).toEqual(base.terms.map((t) => ({ ...t, word: t.word })));
      expect(
        q.anchors.map((a) => a.term),
        variant,
      ).toEqual(['kursk']);
      expect(q.expectedKinds, variant).toBe(AnswerKind.name);
      expect(
        q.focus.map((f) => f.term),
        variant,
      ).toEqual(base.focus.map((f) => f.term));
    }
  });

  it('anchors numbers, and names the corpus does not know by their capitals in a mixed-case question', () => {
    const unknown = { isName: () => undefined };
    const q = analyseQuestion('How many soldiers did Zanzibar send in 1995?', unknown);
    expect(q.anchors.map((a) => a.word).sort()).toEqual(['1995', 'zanzibar']);
    expect(analyseQuestion('how many soldiers did zanzibar send', unknown).anchors).toEqual([]);
  });

  it('weighs earlier questions of a conversation at a lower weight; the follow-up alone decides what is wanted', () => {
    const q = analyseQuestion('and how many were wounded?', names(), [
      'How many North Korean soldiers were sent to Russia?',
      'Who defected?',
    ]);
    expect(q.termCounts.get('wound')).toBe(1);
    expect(q.termCounts.get('soldier')).toBe(EARLIER_QUESTION_WEIGHT);
    expect(q.terms.map((t) => t.term)).toEqual(['wound']);
    expect(q.expectedKinds).toBe(AnswerKind.quantity);
    expect(q.searchText).toContain('North Korean soldiers');
  });
});
