/**
 * Expected answer types. "How many soldiers deserted?" is only answered by a sentence with a
 * quantity in it, "When was he born?" by one with a date or time, "What is the name of…?" by one
 * naming someone the question does not already name. On-topic questions the corpus cannot
 * answer share most of their words with some passage, so word overlap alone rates them as
 * answerable; the missing kind of answer is what gives them away.
 */

import { termsOf } from '../index/lexical.js';

export type AnswerType = 'quantity' | 'time' | 'name';

const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half';
const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december';
const NUMBER_WORD = new RegExp(`^(?:${NUMBER_WORDS})$`, 'iu');
const DIGITS = /^\d+(?:[.,]\d+)*$/u;
const YEAR = /^(?:1[89]|20)\d\d$/u;
const MONTH_NAME = new RegExp(`^(?:${MONTHS})$`, 'iu');
/** How many words either side of a number may name what it counts ("12,000 North Korean soldiers"). */
const COUNTED_WINDOW = 3;

/**
 * A number that counts something the question asks about: "approximately 12,000 soldiers" for
 * "How many soldiers…?", but not "two ethnic minorities" nor a year ("in 2022") nor a day
 * ("December 23").
 */
function hasQuantity(sentence: string, asked: AskedQuestion): boolean {
  const words = sentence.match(/[\p{L}\p{N}]+(?:[.,'’-][\p{L}\p{N}]+)*/gu) ?? [];
  return words.some((word, i) => {
    const isCount = NUMBER_WORD.test(word) || (DIGITS.test(word) && !YEAR.test(word) && !MONTH_NAME.test(words[i - 1] ?? ''));
    if (!isCount) return false;
    const around = [...words.slice(Math.max(0, i - COUNTED_WINDOW), i), ...words.slice(i + 1, i + 1 + COUNTED_WINDOW)];
    return around.some((neighbour) => termsOf(neighbour).some((term) => asked.terms.has(term)));
  });
}

const CAPITALISED_MONTHS = MONTHS.split('|')
  .map((month) => month.charAt(0).toUpperCase() + month.slice(1))
  .join('|');
/** A year, a month name (capitalised: "may" is a verb), or a word of time. */
const TIME_NUMBER_OR_MONTH = new RegExp(`\\b(?:1[89]|20)\\d\\d\\b|\\b(?:${CAPITALISED_MONTHS})\\b`, 'u');
const TIME_WORD = /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow|ago|since|until|week|month|year|decade|summer|winter|spring|autumn)\b/iu;

/** What a question already says, for telling a new answer from an echo of the question. */
export interface AskedQuestion {
  /** Its words, lower-cased. */
  words: ReadonlySet<string>;
  /** Its index terms (stemmed, stop words left out). */
  terms: ReadonlySet<string>;
}

export function askedOf(question: string): AskedQuestion {
  return { words: new Set(question.toLowerCase().match(/[\p{L}\p{N}-]+/gu) ?? []), terms: new Set(termsOf(question)) };
}

/** The kind of answer a question asks for, or null when any sentence could answer it. */
export function expectedAnswerType(question: string): AnswerType | null {
  const q = question.trim().toLowerCase();
  if (/^how (?:many|much)\b/u.test(q)) return 'quantity';
  if (/^(?:when|since when|what year|what date)\b/u.test(q)) return 'time';
  if (/\bname of\b/u.test(q)) return 'name';
  return null;
}

/**
 * Capitalised words inside a sentence (not its first word) that the question does not contain.
 * Only rare words count: the corpus's recurring places and actors (Russia, South Korea) are
 * capitalised in nearly every sentence and name no one new.
 */
function newNames(sentence: string, asked: AskedQuestion, isRare: (word: string) => boolean): string[] {
  const names: string[] = [];
  for (const match of sentence.matchAll(/(?<=[\p{L}\p{N},;:()"“”'’] )\p{Lu}[\p{L}\p{N}-]*/gu)) {
    const word = match[0].toLowerCase();
    if (!asked.words.has(word) && !MONTH_NAME.test(word) && isRare(word)) names.push(match[0]);
  }
  return names;
}

/** Whether a sentence holds an answer of the type; `isRare` tells corpus-rare words apart. */
export function hasAnswerOfType(type: AnswerType, sentence: string, asked: AskedQuestion, isRare: (word: string) => boolean): boolean {
  switch (type) {
    case 'quantity':
      return hasQuantity(sentence, asked);
    case 'time':
      return TIME_NUMBER_OR_MONTH.test(sentence) || TIME_WORD.test(sentence);
    case 'name':
      return newNames(sentence, asked, isRare).length > 0;
  }
}
