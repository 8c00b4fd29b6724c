import { describe, expect, test } from 'vitest';
import { mentionedQuestion } from '../../src/bot/messages/mentionedQuestion.js';
import { threadName } from '../../src/bot/threads/beginAnswerThread.js';
import { askedFromAnswer } from '../../src/bot/threads/recoverThread.js';
import { chooseContext, CONTEXT_WINDOW_MS, leansOnEarlier } from '../../src/bot/threads/chooseContext.js';
import { createThreadHistories, type AskedInThread } from '../../src/bot/threads/threadHistories.js';

const asked = (question: string, cited: string[], at: number): AskedInThread => ({ question, cited, at });

describe('which follow-ups lean on earlier questions', () => {
  test.each([
    'and how many were wounded?',
    'But why?',
    'what happened to them?',
    'Where did they go?',
    'What about the civilians?',
    'how many?',
  ])('"%s" does', (followUp) => expect(leansOnEarlier(followUp)).toBe(true));

  test.each([
    'How many North Korean soldiers were wounded in Kursk?',
    'What do the tide pools of Marrow Bay hold?',
    'Who founded the lacemakers guild of Burano?',
  ])('"%s" stands alone', (followUp) => expect(leansOnEarlier(followUp)).toBe(false));
});

describe('chooseContext', () => {
  const now = 10 * CONTEXT_WINDOW_MS;
  const history = [
    asked('Who defected in 2022?', ['corpus/a.txt'], now - 3000),
    asked('How many North Korean soldiers were sent to Russia?', ['corpus/b.txt', 'corpus/c.txt'], now - 2000),
    asked('and how many were wounded?', ['corpus/b.txt', 'corpus/d.txt'], now - 1000),
  ];

  test('the last two questions, oldest first; their cited articles, most recent first, once each', () => {
    expect(chooseContext(history, 'what happened to them?', now)).toEqual({
      earlierQuestions: ['How many North Korean soldiers were sent to Russia?', 'and how many were wounded?'],
      citedSources: ['corpus/b.txt', 'corpus/d.txt', 'corpus/c.txt'],
    });
  });

  test('dropped when the follow-up stands alone, outside a known thread, or after an hour', () => {
    expect(chooseContext(history, 'What do the tide pools of Marrow Bay hold?', now)).toBeUndefined();
    expect(chooseContext(undefined, 'and how many were wounded?', now)).toBeUndefined();
    expect(chooseContext(history, 'and how many were wounded?', now + CONTEXT_WINDOW_MS)).toBeUndefined();
    // Only the questions inside the window count.
    expect(chooseContext([asked('old?', [], now - CONTEXT_WINDOW_MS - 1), ...history.slice(2)], 'why?', now)?.earlierQuestions).toEqual([
      'and how many were wounded?',
    ]);
  });
});

describe('thread histories', () => {
  test('only threads the bot began are remembered, for a bounded time and number', () => {
    let now = 0;
    const threads = createThreadHistories({ ttlMs: 1000, maxThreads: 2, now: () => now });
    threads.add('stranger', asked('q', [], 0));
    expect(threads.get('stranger')).toBeUndefined();
    threads.begin('t1', asked('first', ['corpus/a.txt'], 0));
    threads.add('t1', asked('second', [], 0));
    expect(threads.get('t1')?.map((a) => a.question)).toEqual(['first', 'second']);
    threads.begin('t2', asked('x', [], 0));
    threads.begin('t3', asked('y', [], 0));
    expect(threads.get('t1')).toBeUndefined();
    now = 1000;
    expect(threads.get('t3')).toBeUndefined();
  });
});

describe('reading a thread back from the answer it began with', () => {
  test('the echoed question without its escapes, and each cited source once', () => {
    const embeds = [
      { title: 'Here is what the corpus says', description: '**Question:** How many \\[1\\] \\@everyone soldiers?\nconfidence 0.54' },
      { title: '1. A', footer: { text: '— "A (b)" (corpus/a.txt, ¶3) · score 0.54' } },
      { title: '2. B', footer: { text: '— "B" (corpus/b.pdf, p. 2, ¶7) · score 0.30 · may not answer' } },
      { title: '3. A', footer: { text: '— "A (b)" (corpus/a.txt, ¶9) · score 0.20' } },
    ];
    expect(askedFromAnswer(embeds, 5)).toEqual({
      question: 'How many [1] @everyone soldiers?',
      cited: ['corpus/a.txt', 'corpus/b.pdf'],
      at: 5,
    });
    expect(askedFromAnswer([{ description: 'Thread started.' }], 5)).toBeUndefined();
  });
});

describe('mentions and thread names', () => {
  test("the bot's mention tokens are removed, wherever they are; other mentions stay", () => {
    expect(mentionedQuestion('<@42> how many soldiers were sent?', '42')).toBe('how many soldiers were sent?');
    expect(mentionedQuestion('how many, <@!42>, were sent? <@43>', '42')).toBe('how many, , were sent? <@43>');
    expect(mentionedQuestion('<@42>', '42')).toBe('');
  });

  test('a thread is named after the question: plain, one line, at most 100 characters', () => {
    expect(threadName('How many\nsoldiers\u200b were sent?')).toBe('How many soldiers were sent?');
    expect(threadName('x'.repeat(300))).toHaveLength(100);
    expect(threadName('\u200b')).toBe('Discussion');
  });
});
