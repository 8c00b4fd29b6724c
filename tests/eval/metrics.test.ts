import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import type { EvalQuestion } from '../../src/calibration/expectedPassages.js';
import { areaUnderRiskCoverage, coverageAtPrecision, evaluate, parseEvalSet, riskCoverage } from '../../src/eval/metrics.js';
import type { Answer, Quote } from '../../src/types.js';

const file = 'The first sentence. The answer is forty-two. The end.';
const fileText = () => file;
const quote = (start: number, end: number, extra: Partial<Quote> = {}): Quote => ({
  source: 'a.txt',
  title: 'A',
  paragraph: 1,
  start,
  end,
  text: file.slice(start, end),
  highlight: { start, end },
  answerProbability: 1,
  answers: true,
  ...extra,
});
const q = (id: string, kind: EvalQuestion['kind'], fragment?: string): EvalQuestion =>
  fragment ? { id, question: id, kind, source: 'a.txt', fragment } : { id, question: id, kind };
const answer = (answered: boolean, quotes: Quote[]): Answer => ({
  question: 'x',
  answered,
  level: answered ? 'answer' : 'closest',
  confidence: answered ? 0.9 : 0.1,
  quotes,
});

describe('evaluate', () => {
  it('computes ranking whatever the level, precision of answered, abstention and fidelity, with the BM25 anchor', () => {
    const report = evaluate(
      [
        { question: q('hit1', 'fact', 'forty-two'), answer: answer(true, [quote(20, 44)]), bm25: [quote(0, 19)] },
        { question: q('hit2', 'fact', 'forty-two'), answer: answer(true, [quote(0, 19), quote(20, 44)]), bm25: [quote(20, 44)] },
        { question: q('miss', 'fact', 'forty-two'), answer: answer(true, [quote(0, 19)]), bm25: [] },
        { question: q('below', 'paraphrase', 'forty-two'), answer: answer(false, [quote(20, 44)]), bm25: [] },
        { question: q('u1', 'unanswerable'), answer: answer(false, []), bm25: [] },
        { question: q('u2', 'unanswerable'), answer: answer(true, [quote(0, 19, { text: 'not what the file says' })]), bm25: [] },
      ],
      fileText,
    );
    // Ranking counts the quotes shown below the answer level too.
    expect(report.hitAt1).toBe(0.5);
    expect(report.hitAt5).toBe(0.75);
    expect(report.mrrAt5).toBeCloseTo((1 + 0.5 + 1) / 4);
    expect(report.bm25.hitAt1).toBe(0.25);
    expect(report.bm25.hitAt5).toBe(0.25);
    // Answered: hit1 (right), hit2 (top wrong), miss (wrong), u2 (unanswerable): 1 of 4 right.
    expect(report.precisionOfAnswered).toBe(0.25);
    expect(report.coverage).toBe(0.75);
    expect(report.abstention).toBe(0.5);
    expect(report.falseAbstention).toBe(0.25);
    expect(report.hitAt5BelowAnswerLevel).toBe(1);
    expect(report.fidelity).toBeCloseTo(5 / 6);
    expect(report.byKind.fact).toMatchObject({ questions: 3, hitAt1: 1 / 3, hitAt5: 2 / 3, answered: 1 });
    expect(report.declinedBySubkind).toEqual({ unanswerable: { questions: 2, declined: 1 } });
  });

  it('counts a window that covers most of a fragment cut by a boundary', () => {
    const r = evaluate(
      [{ question: q('cut', 'fact', 'The answer is forty-two.'), answer: answer(true, [quote(20, 40)]), bm25: [] }],
      fileText,
    );
    expect(r.hitAt1).toBe(1);
    const r2 = evaluate(
      [{ question: q('cut', 'fact', 'The answer is forty-two.'), answer: answer(true, [quote(36, 53)]), bm25: [] }],
      fileText,
    );
    expect(r2.hitAt1).toBe(0);
  });

  it('matches fragments whatever their quotes, spaces and case', () => {
    const r = evaluate(
      [
        {
          question: q('norm', 'fact', 'THE  answer is’ forty'),
          answer: answer(true, [quote(20, 44, { text: "The answer is' forty-two." })]),
          bm25: [],
        },
      ],
      fileText,
    );
    expect(r.hitAt1).toBe(1);
  });

  it('draws the risk–coverage curve from the most confident question down', () => {
    const curve = riskCoverage([
      { confidence: 0.2, correct: false },
      { confidence: 0.9, correct: true },
      { confidence: 0.5, correct: false },
    ]);
    expect(curve.map((p) => p.coverage)).toEqual([1 / 3, 2 / 3, 1]);
    expect(curve.map((p) => p.precision)).toEqual([1, 0.5, 1 / 3]);
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

describe('confidence that separates', () => {
  // Five questions, most confident first: right, right, wrong, right, wrong.
  const points = [
    { confidence: 0.9, correct: true },
    { confidence: 0.3, correct: false },
    { confidence: 0.8, correct: true },
    { confidence: 0.5, correct: true },
    { confidence: 0.7, correct: false },
  ];

  it('averages the risk over every coverage step', () => {
    // Precisions 1, 1, 2/3, 3/4, 3/5: risks 0, 0, 1/3, 1/4, 2/5.
    expect(areaUnderRiskCoverage(points)).toBeCloseTo((0 + 0 + 1 / 3 + 1 / 4 + 2 / 5) / 5, 10);
    expect(areaUnderRiskCoverage(points.map((p) => ({ ...p, confidence: p.correct ? 1 : 0 })))).toBeCloseTo(
      (0 + 0 + 0 + 1 / 4 + 2 / 5) / 5,
      10,
    );
  });

  it('reads the answerable share answered at a precision off the curve', () => {
    expect(coverageAtPrecision(points, 0.9, 4)).toBe(0.5);
    expect(coverageAtPrecision(points, 0.75, 4)).toBe(0.75);
    // Ties move together: no level separates two questions of equal confidence.
    expect(
      coverageAtPrecision(
        [
          { confidence: 0.5, correct: true },
          { confidence: 0.5, correct: false },
        ],
        0.9,
        1,
      ),
    ).toBe(0);
  });
});
