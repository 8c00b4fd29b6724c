import { describe, expect, it } from 'vitest';
import { expectedAnswerType, hasAnswerOfType } from '../../src/retrieval/answerType.js';

const rare = (word: string) => !['russia', 'south', 'korean', 'korea'].includes(word);

describe('expected answer types', () => {
  it('reads the kind of answer from the question word', () => {
    expect(expectedAnswerType('How many tanks has China sent?')).toBe('quantity');
    expect(expectedAnswerType('how much are they paid?')).toBe('quantity');
    expect(expectedAnswerType('When will the war end?')).toBe('time');
    expect(expectedAnswerType('Who is the foreign minister?')).toBe('name');
    expect(expectedAnswerType('What is the name of the general?')).toBe('name');
    expect(expectedAnswerType('Which countries are the enemies?')).toBeNull();
    expect(expectedAnswerType('Why are they hiding it?')).toBeNull();
  });

  it('finds quantities and times in digits or words', () => {
    expect(hasAnswerOfType('quantity', 'About twenty soldiers were taken.', '', rare)).toBe(true);
    expect(hasAnswerOfType('quantity', 'It deployed approximately 12,000 soldiers.', '', rare)).toBe(true);
    expect(hasAnswerOfType('quantity', 'Many soldiers were taken.', '', rare)).toBe(false);
    expect(hasAnswerOfType('quantity', 'He defected in 2022.', '', rare)).toBe(false);
    expect(hasAnswerOfType('quantity', 'Ukraine said so on December 23.', '', rare)).toBe(false);
    expect(hasAnswerOfType('quantity', 'As of December 23, 3,000 were hurt.', '', rare)).toBe(true);
    expect(hasAnswerOfType('time', 'He defected in 2019.', '', rare)).toBe(true);
    expect(hasAnswerOfType('time', 'They arrived in October.', '', rare)).toBe(true);
    expect(hasAnswerOfType('time', 'The war goes on.', '', rare)).toBe(false);
  });

  it('wants a rare capitalised name the question does not already contain', () => {
    const question = 'Who is the foreign minister visiting Russia?';
    expect(hasAnswerOfType('name', 'The foreign minister Choe Son Hui is in Russia.', question, rare)).toBe(true);
    expect(hasAnswerOfType('name', 'The minister is visiting Russia and South Korea.', question, rare)).toBe(false);
    expect(hasAnswerOfType('name', 'Ministers visited in October.', question, rare)).toBe(false);
  });
});
