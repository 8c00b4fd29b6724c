import { describe, expect, it } from 'vitest';
import { expectedAnswerType, hasAnswerOfType } from '../../src/retrieval/answerType.js';

const rare = (word: string) => !['russia', 'south', 'korean', 'korea'].includes(word);

describe('expected answer types', () => {
  it('reads the kind of answer from the question word', () => {
    expect(expectedAnswerType('How many tanks has China sent?')).toBe('quantity');
    expect(expectedAnswerType('how much are they paid?')).toBe('quantity');
    expect(expectedAnswerType('When will the war end?')).toBe('time');
    expect(expectedAnswerType('What is the name of the foreign minister?')).toBe('name');
    // A who-question may be answered by "the police" as well as by a name: its focus is checked instead.
    expect(expectedAnswerType('Who guarded the hospital?')).toBeNull();
    expect(expectedAnswerType('What is the name of the general?')).toBe('name');
    expect(expectedAnswerType('Which countries are the enemies?')).toBeNull();
    expect(expectedAnswerType('Why are they hiding it?')).toBeNull();
  });

  it('finds quantities and times in digits or words', () => {
    const howMany = 'How many soldiers were hurt?';
    expect(hasAnswerOfType('quantity', 'About twenty soldiers were taken.', howMany, rare)).toBe(true);
    expect(hasAnswerOfType('quantity', 'It deployed approximately 12,000 soldiers.', howMany, rare)).toBe(true);
    expect(hasAnswerOfType('quantity', 'Many soldiers were taken.', howMany, rare)).toBe(false);
    expect(hasAnswerOfType('quantity', 'The soldiers defected in 2022.', howMany, rare)).toBe(false);
    expect(hasAnswerOfType('quantity', 'Soldiers were hurt, Ukraine said on December 23.', howMany, rare)).toBe(false);
    expect(hasAnswerOfType('quantity', 'As of December 23, 3,000 were hurt.', howMany, rare)).toBe(true);
  });

  it('counts only numbers next to what the question counts', () => {
    const howMany = 'How many soldiers were sent to Russia?';
    expect(hasAnswerOfType('quantity', 'They were disguised as Yakuts or Buryats, two ethnic minorities from Siberia.', howMany, rare)).toBe(false);
    expect(hasAnswerOfType('quantity', 'Up to 12,000 North Korean soldiers have been deployed.', howMany, rare)).toBe(true);
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
