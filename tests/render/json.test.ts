/** `ask --json` keeps its keys: clients read a quote's answerProbability as `score`. */
import { expect, test } from 'vitest';
import { renderAnswerJson } from '../../src/render/json.js';
import type { Answer } from '../../src/types.js';

test("a quote's answerProbability is printed as score, beside the answer's own confidence", () => {
  const answer: Answer = {
    question: 'Who kept the light?',
    answered: true,
    level: 'answer',
    confidence: 0.81,
    quotes: [
      {
        source: 'corpus/a.txt',
        title: 'A',
        paragraph: 2,
        start: 10,
        end: 30,
        text: 'The keeper kept it.',
        highlight: null,
        answerProbability: 0.42,
        answers: true,
      },
    ],
  };
  const json = renderAnswerJson(answer);
  expect(json.confidence).toBe(0.81);
  expect(json.results[0]).toEqual({
    source: 'corpus/a.txt',
    title: 'A',
    section: null,
    kind: 'prose',
    paragraph: 2,
    start: 10,
    end: 30,
    text: 'The keeper kept it.',
    highlight: null,
    score: 0.42,
    answers: true,
  });
});
