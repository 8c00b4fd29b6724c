/**
 * Expected answer types. "How many soldiers deserted?" is only answered by a sentence with a
 * quantity in it, "When was he born?" by one with a date or time, "Who commands them?" by one
 * naming someone the question does not already name. On-topic questions the corpus cannot
 * answer share most of their words with some passage, so word overlap alone rates them as
 * answerable; the missing kind of answer is what gives them away.
 */

export type AnswerType = 'quantity' | 'time' | 'name';

const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|half';
const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december';
const QUANTITY_WORD = new RegExp(`\\b(?:${NUMBER_WORDS})\\b`, 'iu');
/** Numbers in digits, with what precedes them: a year ("in 2022") or a day ("December 23") counts no thing. */
const NUMBER = new RegExp(`(?:\\b(${MONTHS}) )?\\b(\\d+(?:[.,]\\d+)*)`, 'giu');
const YEAR = /^(?:1[89]|20)\d\d$/u;

function hasQuantity(sentence: string): boolean {
  if (QUANTITY_WORD.test(sentence)) return true;
  for (const [, month, digits] of sentence.matchAll(NUMBER)) if (!month && !YEAR.test(digits as string)) return true;
  return false;
}

const TIME = new RegExp(
  `\\b(?:1[89]|20)\\d\\d\\b|\\b(?:${MONTHS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow|ago|since|until|week|month|year|decade|summer|winter|spring|autumn)\\b`,
  'iu',
);
const MONTH = new RegExp(`^(?:${MONTHS})$`, 'u');

/** The kind of answer a question asks for, or null when any sentence could answer it. */
export function expectedAnswerType(question: string): AnswerType | null {
  const q = question.trim().toLowerCase();
  if (/^how (?:many|much)\b/u.test(q)) return 'quantity';
  if (/^(?:when|since when|what year|what date)\b/u.test(q)) return 'time';
  if (/^who\b/u.test(q) || /\bname of\b/u.test(q)) return 'name';
  return null;
}

/**
 * Capitalised words inside a sentence (not its first word) that the question does not contain.
 * Only rare words count: the corpus's recurring places and actors (Russia, South Korea) are
 * capitalised in nearly every sentence and name no one new.
 */
function newNames(sentence: string, question: string, isRare: (word: string) => boolean): string[] {
  const asked = new Set(question.toLowerCase().match(/[\p{L}\p{N}-]+/gu) ?? []);
  const names: string[] = [];
  for (const match of sentence.matchAll(/(?<=[\p{L}\p{N},;:()"“”'’] )\p{Lu}[\p{L}\p{N}-]*/gu)) {
    const word = match[0].toLowerCase();
    if (!asked.has(word) && !MONTH.test(word) && isRare(word)) names.push(match[0]);
  }
  return names;
}

/** Whether a sentence holds an answer of the type; `isRare` tells corpus-rare words apart. */
export function hasAnswerOfType(type: AnswerType, sentence: string, question: string, isRare: (word: string) => boolean): boolean {
  switch (type) {
    case 'quantity':
      return hasQuantity(sentence);
    case 'time':
      return TIME.test(sentence);
    case 'name':
      return newNames(sentence, question, isRare).length > 0;
  }
}
