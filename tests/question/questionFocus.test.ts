import { describe, expect, it } from 'vitest';
import { questionFocus } from '../../src/question/questionFocus.js';

describe('questionFocus', () => {
  it('finds the thing a what/which question asks about', () => {
    expect(questionFocus('What is the population of Pyongyang?')).toEqual(['population', 'of', 'pyongyang']);
    expect(questionFocus("What is Kim Jong Un's favourite food?")).toEqual(['kim', 'jong', 'un', 'favourite', 'food']);
    expect(questionFocus('What weapons does Russia give North Korea?')).toEqual(['weapons']);
    expect(questionFocus('Which elite unit did the soldiers come from?')).toEqual(['elite', 'unit']);
    expect(questionFocus('Which airline flies from Seoul to Moscow?')).toEqual(['airline']);
    expect(questionFocus('Who is the mayor of Kursk?')).toEqual(['mayor', 'of', 'kursk']);
  });

  it('leaves out framing words', () => {
    expect(questionFocus('What kind of wounds did they have?')).toEqual(['of', 'wounds']);
    expect(questionFocus('What is the best way to cook rice?')).toEqual(['to', 'cook', 'rice']);
  });

  it('finds none where the question asks about an action or a clause', () => {
    expect(questionFocus('What did Putin do at the summit?')).toEqual([]);
    expect(questionFocus('What happened to the captured soldier?')).toEqual([]);
    expect(questionFocus('What are relatives of the troops being told?')).toEqual([]);
    expect(questionFocus('What were the parents told at the unit?')).toEqual([]);
    expect(questionFocus('Why are they hiding it?')).toEqual([]);
    expect(questionFocus('Who guarded the hospital?')).toEqual([]);
    expect(questionFocus('How many soldiers were sent?')).toEqual([]);
  });
});
