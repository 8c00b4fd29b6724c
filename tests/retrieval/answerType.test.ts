import { describe, expect, it } from 'vitest';
import { askedOf, expectedAnswerType, hasAnswerOfType } from '../../src/retrieval/answerType.js';

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
    expect(hasAnswerOfType('quantity', 'About twenty soldiers were taken.', askedOf(howMany), rare)).toBe(true);
    expect(hasAnswerOfType('quantity', 'It deployed approximately 12,000 soldiers.', askedOf(howMany), rare)).toBe(true);
    expect(hasAnswerOfType('quantity', 'Many soldiers were taken.', askedOf(howMany), rare)).toBe(false);
    expect(hasAnswerOfType('quantity', 'The soldiers defected in 2022.', askedOf(howMany), rare)).toBe(false);
    expect(hasAnswerOfType('quantity', 'Soldiers were hurt, Ukraine said on December 23.', askedOf(howMany), rare)).toBe(false);
    expect(hasAnswerOfType('quantity', 'As of December 23, 3,000 were hurt.', askedOf(howMany), rare)).toBe(true);
  });

  it('counts only numbers next to what the question counts', () => {
    const howMany = 'How many soldiers were sent to Russia?';
    expect(hasAnswerOfType('quantity', 'They were disguised as Yakuts or Buryats, two ethnic minorities from Siberia.', askedOf(howMany), rare)).toBe(false);
    expect(hasAnswerOfType('quantity', 'Up to 12,000 North Korean soldiers have been deployed.', askedOf(howMany), rare)).toBe(true);
    expect(hasAnswerOfType('time', 'He defected in 2019.', askedOf(''), rare)).toBe(true);
    expect(hasAnswerOfType('time', 'They arrived in October.', askedOf(''), rare)).toBe(true);
    expect(hasAnswerOfType('time', 'The war goes on.', askedOf(''), rare)).toBe(false);
    // "may" is a verb unless it is the capitalised month.
    expect(hasAnswerOfType('time', 'More troops may be sent to the front.', askedOf(''), rare)).toBe(false);
    expect(hasAnswerOfType('time', 'They were sent in May.', askedOf(''), rare)).toBe(true);
  });

  it('wants a rare capitalised name the question does not already contain', () => {
    const question = 'Who is the foreign minister visiting Russia?';
    expect(hasAnswerOfType('name', 'The foreign minister Choe Son Hui is in Russia.', askedOf(question), rare)).toBe(true);
    expect(hasAnswerOfType('name', 'The minister is visiting Russia and South Korea.', askedOf(question), rare)).toBe(false);
    expect(hasAnswerOfType('name', 'Ministers visited in October.', askedOf(question), rare)).toBe(false);
  });
});
