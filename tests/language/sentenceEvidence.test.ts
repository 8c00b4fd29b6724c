/**
 * Typed evidence at the sentence: a passage may answer only when one of its sentences holds the
 * kind of answer asked for, beyond what the question already says. Sentences in the styles of
 * three corpora: the seed corpus's news reports, an encyclopaedia, and forum posts.
 */
import { describe, expect, it } from 'vitest';
import {
  AnswerKind,
  answerKindsOf,
  countedNoun,
  expectedAnswerKinds,
  numbersIn,
  questionCore,
  wordsAfterNumbers,
} from '../../src/language/english.js';
import { holdsKindBeyondQuestion } from '../../src/retrieval/candidateFeatures.js';

const expected = (question: string) => expectedAnswerKinds(questionCore(question));
/** Whether `sentence` may answer `question`: it holds the kind asked for, and not only the question's own numbers. */
function answers(question: string, sentence: string): boolean {
  const core = questionCore(question).core;
  const numbers = new Set(numbersIn(core));
  const terms = (core.toLowerCase().match(/[\p{L}\p{N}'-]+/gu) ?? []).map((word) => ({ word, term: word }));
  return holdsKindBeyondQuestion({ expectedKinds: expected(question), numbers, terms }, answerKindsOf(sentence), sentence);
}

describe('the kind a question asks for, from its head words', () => {
  it('asks for money when paying, costing or being worth is asked "how much"', () => {
    expect(expected('How much did the club pay for the player?')).toBe(AnswerKind.money);
    expect(expected('how much does the company plan to invest')).toBe(AnswerKind.money);
    expect(expected('How much rain fell in March?') & AnswerKind.quantity).toBeTruthy();
  });

  it('asks for a score, a quotation, a number or place, a share and a time', () => {
    expect(expected('What was the final score?') & AnswerKind.score).toBeTruthy();
    expect(expected('By how much did Rovers win?') & AnswerKind.score).toBeTruthy();
    expect(expected('What did the minister say about the strike?')).toBe(AnswerKind.quotation);
    expect(expected('Which character says that the sea is cruel?')).toBe(AnswerKind.quotation);
    expect(expected('What number is her star on the Walk of Fame?') & AnswerKind.ordinal).toBeTruthy();
    expect(expected('Which place did she finish in?') & AnswerKind.ordinal).toBeTruthy();
    expect(expected('What share of the vote did they get?')).toBe(AnswerKind.percent);
    expect(expected('How long did the siege last?') & AnswerKind.time).toBeTruthy();
    // Not every "what ... say" asks for someone's words: "what do you say" is asked of the reader.
    expect(expected('Who said the war would end?')).toBe(AnswerKind.name);
  });

  it('names what "how many" counts', () => {
    expect(countedNoun('how many North Korean soldiers were sent to Russia')).toBe('soldiers');
    expect(countedNoun('how many people live in Kursk')).toBe('people');
    expect(countedNoun('how many of the members voted')).toBe('members');
    expect(countedNoun('what is the population')).toBeNull();
    expect(wordsAfterNumbers('Up to 12,000 North Korean soldiers have been deployed.')).toEqual([['north', 'korean', 'soldiers']]);
    expect(wordsAfterNumbers('Twenty-one members of OPEC agreed in 1973.')).toEqual([['members', 'of', 'opec'], []]);
  });
});

describe('a lead with the names, or a number of another kind, is not the answer', () => {
  it('money: an age is no fee; the sentence with the amount is (news)', () => {
    const question = 'How much did the club pay for the player?';
    expect(answers(question, 'The 17-year-old striker has joined Rovers from City on a four-year deal.')).toBe(false);
    expect(answers(question, 'Rovers paid £4.5m for the striker, a club record.')).toBe(true);
  });

  it('a number the question already gives does not answer it (seed corpus, encyclopaedia)', () => {
    expect(answers('What happened to the soldier who defected in 2022?', 'Jung served at the DMZ before defecting in 2022.')).toBe(true);
    expect(answers('When did the 1973 oil crisis end?', 'The 1973 oil crisis began when OAPEC proclaimed an embargo.')).toBe(false);
    expect(answers('When did the 1973 oil crisis end?', 'The embargo of the 1973 crisis was lifted in March 1974.')).toBe(true);
  });

  it('an ordinal for "what number": the lead that names the star only is not the answer (news)', () => {
    const question = "What number is the actor's star on the Walk of Fame?";
    expect(answers(question, 'The actor has been awarded a star on the Hollywood Walk of Fame.')).toBe(false);
    expect(answers(question, 'It is the 2,745th star on the Walk of Fame.')).toBe(true);
  });

  it('a score for "what was the score": the lead that says who won is not the answer (news)', () => {
    const question = 'What was the score in the final?';
    expect(answers(question, 'Murray beat Djokovic to win the final at Flushing Meadows.')).toBe(false);
    expect(answers(question, 'Murray won 7-6 7-5 2-6 3-6 6-2 after almost five hours.')).toBe(true);
  });

  it('someone\'s words for "what did X say" (seed corpus, forum post)', () => {
    const question = 'What did the defector say about the regime?';
    expect(answers(question, 'Another defector served as a political officer in a border unit in North Hamgyong Province.')).toBe(false);
    expect(answers(question, 'Another defector with the same surname said the regime’s fear is very real.')).toBe(true);
    expect(answers('What did OP say about the landlord?', 'OP wrote that the landlord never returned the deposit lol')).toBe(true);
  });

  it('a place for "where", a name beyond the question\'s for "who" (novel, encyclopaedia)', () => {
    expect(answers('Where is Stubb from?', 'Stubb was the second mate, and he kept a short black pipe in his mouth.')).toBe(false);
    expect(answers('Where is Stubb from?', 'Stubb was a native of Cape Cod, and hence was called a Cape-Codman.')).toBe(true);
    expect(answers('Where is Stubb from?', 'Stubb came from Cape Cod and was happy-go-lucky.')).toBe(true);
    expect(answers('Who is the chief mate of the Pequod?', 'The chief mate of the Pequod was a long, earnest man.')).toBe(false);
    expect(answers('Who is the chief mate of the Pequod?', 'The chief mate of the Pequod was Starbuck, a native of Nantucket.')).toBe(true);
  });

  it('a date for "when", a percentage for "what share" (encyclopaedia, forum post)', () => {
    expect(answers('When was the cathedral completed?', 'The cathedral is the seat of the Archbishop of Paris.')).toBe(false);
    expect(answers('When was the cathedral completed?', 'The cathedral was completed in 1345.')).toBe(true);
    expect(answers('What percentage of users reported the bug?', 'Honestly most users I know reported the bug, me included.')).toBe(false);
    expect(answers('What percentage of users reported the bug?', 'About 40% of users reported the bug within a week.')).toBe(true);
  });
});
