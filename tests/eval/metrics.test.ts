import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { evaluate, parseEvalSet, suggestThreshold, type EvalQuestion } from '../../src/eval/metrics.js';
import type { Answer, Quote } from '../../src/types.js';

const file = 'The first sentence. The answer is forty-two. The end.';
const fileText = () => file;
const quote = (start: number, end: number, extra: Partial<Quote> = {}): Quote => ({
  source: 'a.txt', title: 'A', paragraph: 1, start, end, text: file.slice(start, end), highlight: { start, end }, score: 1, ...extra,
});
const q = (id: string, kind: EvalQuestion['kind'], fragment?: string): EvalQuestion =>
  fragment ? { id, question: id, kind, source: 'a.txt', fragment } : { id, question: id, kind };
const answer = (answered: boolean, quotes: Quote[]): Answer => ({ question: 'x', answered, quotes });

describe('evaluate', () => {
  it('computes hit@1, hit@5, MRR, abstention, false abstention and fidelity', () => {
    const report = evaluate(
      [
        { question: q('hit1', 'fact', 'forty-two'), answer: answer(true, [quote(20, 44)]) },
        { question: q('hit2', 'fact', 'forty-two'), answer: answer(true, [quote(0, 19), quote(20, 44)]) },
        { question: q('miss', 'fact', 'forty-two'), answer: answer(true, [quote(0, 19)]) },
        { question: q('abstained', 'paraphrase', 'forty-two'), answer: answer(false, [quote(20, 44)]) },
        { question: q('u1', 'unanswerable'), answer: answer(false, []) },
        { question: q('u2', 'unanswerable'), answer: answer(true, [quote(0, 19, { text: 'not what the file says' })]) },
      ],
      fileText,
    );
    expect(report.hitAt1).toBe(0.25);
    expect(report.hitAt5).toBe(0.5);
    expect(report.mrrAt5).toBeCloseTo((1 + 0.5) / 4);
    expect(report.abstention).toBe(0.5);
    expect(report.falseAbstention).toBe(0.25);
    expect(report.fidelity).toBeCloseTo(5 / 6);
    expect(report.byKind).toEqual({ fact: { questions: 3, hitAt1: 1 / 3, hitAt5: 2 / 3 }, paraphrase: { questions: 1, hitAt1: 0, hitAt5: 0 } });
  });

  it('counts a window that covers most of a fragment cut by a boundary', () => {
    const r = evaluate([{ question: q('cut', 'fact', 'The answer is forty-two.'), answer: answer(true, [quote(20, 40)]) }], fileText);
    expect(r.hitAt1).toBe(1);
    const r2 = evaluate([{ question: q('cut', 'fact', 'The answer is forty-two.'), answer: answer(true, [quote(36, 53)]) }], fileText);
    expect(r2.hitAt1).toBe(0);
  });

  it('suggests a threshold between the score groups, weighing false abstention double', () => {
    expect(suggestThreshold([0.6, 0.7, 0.8], [0.1, 0.2])).toBeCloseTo(0.4, 5);
    // Abstaining on 0.3 would also silence the answerable 0.25: not worth it at double cost.
    expect(suggestThreshold([0.25, 0.7, 0.8], [0.1, 0.3])).toBeLessThanOrEqual(0.25);
  });
});

describe('the eval sets', () => {
  for (const name of ['questions.jsonl', 'heldout.jsonl']) {
    const questions = parseEvalSet(readFileSync(path.join(PROJECT_ROOT, 'tests/eval', name), 'utf8'));
    it(`${name}: unique ids, enough of each kind, fragments verbatim in their sources`, () => {
      expect(new Set(questions.map((x) => x.id)).size).toBe(questions.length);
      const count = (kind: string) => questions.filter((x) => x.kind === kind).length;
      expect(count('unanswerable')).toBeGreaterThanOrEqual(name === 'questions.jsonl' ? 8 : 5);
      expect(count('paraphrase')).toBeGreaterThanOrEqual(5);
      expect(count('quote')).toBeGreaterThanOrEqual(3);
      for (const x of questions) {
        if (x.kind === 'unanswerable') {
          expect(x.source).toBeUndefined();
          continue;
        }
        for (const e of [{ source: x.source!, fragment: x.fragment! }, ...(x.alsoAccept ?? [])]) {
          expect(readFileSync(path.join(PROJECT_ROOT, e.source), 'utf8'), `${x.id}: ${e.fragment}`).toContain(e.fragment);
        }
      }
    });
  }
  it('questions.jsonl has at least 40 questions', () => {
    expect(parseEvalSet(readFileSync(path.join(PROJECT_ROOT, 'tests/eval/questions.jsonl'), 'utf8')).length).toBeGreaterThanOrEqual(40);
  });
});
