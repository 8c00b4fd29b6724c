import { describe, expect, it } from 'vitest';
import { AnswerKind, answerKindsOf, expectedAnswerKinds, questionCore } from '../../src/language/english.js';

const has = (sentence: string, kind: number) => (answerKindsOf(sentence) & kind) !== 0;

describe('answer kinds in sentences (news, encyclopaedia and seed text)', () => {
  it('reads amounts of money, percentages, numbers in words and ordinals', () => {
    expect(has('The company plans to invest £4bn in the north.', AnswerKind.money)).toBe(true);
    expect(has('It raised A$45m from investors.', AnswerKind.money)).toBe(true);
    expect(has('Revenue reached $2.3bn.', AnswerKind.money)).toBe(true);
    expect(has('Support rose to 40% in May.', AnswerKind.percent)).toBe(true);
    // A share is no count: "how many farms" is not answered by "60% of the farms".
    expect(has('It is home to 60% of the farms.', AnswerKind.quantity)).toBe(false);
    expect(has('Thirty-one films were made.', AnswerKind.quantity)).toBe(true);
    expect(has('She became the 1,843rd member.', AnswerKind.ordinal)).toBe(true);
    expect(has('Murray won 6-4 7-5.', AnswerKind.quantity)).toBe(true);
    expect(has('North Korea has deployed approximately 12,000 soldiers to Russia.', AnswerKind.quantity)).toBe(true);
    expect(has('The soldiers have had no training against Ukraine.', AnswerKind.quantity)).toBe(false);
  });

  it('reads times, names and colours', () => {
    expect(has('The church dates from the fifteenth century.', AnswerKind.time)).toBe(true);
    expect(has('The deal was signed last week.', AnswerKind.time)).toBe(true);
    expect(has('In 1973, Nixon named William E. Simon as administrator.', AnswerKind.time)).toBe(true);
    expect(has('The war goes on.', AnswerKind.time)).toBe(false);
    expect(has('In 1973, Nixon named William E. Simon as administrator.', AnswerKind.name)).toBe(true);
    expect(has('The walls were painted pastel pink.', AnswerKind.colour)).toBe(true);
  });
});

describe('the question inside a message', () => {
  it('finds the question word after a lead-in, and cuts a sign-off', () => {
    for (const text of [
      'quick question: How many soldiers were sent?',
      'Do you know how many soldiers were sent',
      'In the articles, how many soldiers were sent?',
      'How many soldiers were sent? thanks!',
    ]) {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types its asymmetric matchers as any.
      expect(questionCore(text)).toEqual({ core: expect.stringMatching(/^how many soldiers were sent$/iu), questionWord: 'how' });
    }
    expect(questionCore('Can you tell me how much the bridge cost?').questionWord).toBe('how');
    expect(questionCore('Please tell me when the treaty was signed').questionWord).toBe('when');
  });

  it('keeps a question word that follows real words as part of the question', () => {
    expect(questionCore('Name the people who signed the treaty').questionWord).toBeNull();
  });

  it('expects the kind of answer the question word asks for', () => {
    const kinds = (text: string) => expectedAnswerKinds(questionCore(text));
    expect(kinds('Do you know how many soldiers were sent?')).toBe(AnswerKind.quantity);
    expect(kinds('Can you tell me how much the bridge cost?') & AnswerKind.money).toBeTruthy();
    expect(kinds('Please tell me when the war began')).toBe(AnswerKind.time);
    expect(kinds('In what year was the church built?')).toBe(AnswerKind.time);
    expect(kinds('What percentage of voters agreed?')).toBe(AnswerKind.percent);
    expect(kinds('What colour was the car?')).toBe(AnswerKind.colour);
    expect(kinds('Why did they leave?')).toBe(0);
  });
});
