/**
 * The question, analysed once into a value every later stage takes: retrieval proposes and
 * scores passages with it, assembly highlights with it, renderers echo it. Nothing downstream
 * reads the question's string again.
 */
import { type IndexWord, indexWords } from '../index/lexical.js';
import { stemmer } from 'stemmer';
import {
  AnswerKind,
  asksForCode,
  countedNoun,
  expectedAnswerKinds,
  howToTask,
  numbersIn,
  questionCore,
  type QuestionWord,
} from '../language/english.js';
import { questionFocus } from './questionFocus.js';

/** Longer questions are cut: no answer hinges on the 2,001st character, and it bounds the work. */
export const MAX_QUESTION_CHARS = 2000;

/** What the corpus knows of a word: whether it is a name there (written capitalised inside sentences). */
export interface NameLexicon {
  /** True, false, or undefined when the corpus never uses the term. */
  isName(term: string): boolean | undefined;
}

export interface Question {
  /** As the user typed it, for echoing. */
  asked: string;
  /** Control characters removed, whitespace collapsed, cut to MAX_QUESTION_CHARS. */
  text: string;
  /** The question without lead-in or sign-off: what is searched ("how many soldiers were sent to Russia"). */
  core: string;
  questionWord: QuestionWord | null;
  /** The kinds of answer it asks for (AnswerKind bits); 0 when any passage could answer. */
  expectedKinds: number;
  /** It asks for a command, a configuration or a file: only then may a code block be quoted (code is no answer to a question in words). */
  asksForCode: boolean;
  /**
   * For a how-to question, the verb of its task ("make" in "how do I make a backup"), kept even
   * when it is a stop word: a heading names the task by it ("Making a backup", not "Restoring").
   */
  task: IndexWord | null;
  /** Content words, unique by index term, each with the word as written (for soft matching). */
  terms: IndexWord[];
  /** The normalised core when it can act as a verbatim phrase (a pasted quotation), else ''. */
  phrase: string;
  /** What a what/which/who question asks about ("population of Pyongyang"); [] when nothing single. */
  focus: IndexWord[];
  /**
   * What must be found as written, never by similarity: the names the question contains (words
   * the corpus writes capitalised, or capitalised in the question when the corpus lacks them)
   * and its numbers.
   */
  anchors: IndexWord[];
  /**
   * The numbers the question gives, as digits without separators ("12,000" → "12000"): a sentence that
   * only repeats them does not answer.
   */
  numbers: ReadonlySet<string>;
  /** What a "how many" question counts ("soldiers"): the answer's number should name it. Null for other questions. */
  countedNoun: IndexWord | null;
  /** The BM25 query: each content term with its weight (how often the question uses it; earlier questions' terms count half). */
  termCounts: ReadonlyMap<string, number>;
  /** What the dense query embeds: the core, then earlier questions of a conversation. */
  searchText: string;
}

/** How much an earlier question's term weighs in a follow-up's BM25 query, against 1 for the follow-up's own. */
export const EARLIER_QUESTION_WEIGHT = 0.5;

/** Control characters would only confuse tokenisers; they never carry meaning in a question. */
export function cleanQuestion(question: string): string {
  return question
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .slice(0, MAX_QUESTION_CHARS);
}

/** Lower-case words and digits only, single-spaced, curly quotes folded: for verbatim-phrase tests. */
export function normaliseForPhrase(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘]/gu, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
}

/** A question in one case throughout (all capitals, all lower case) says nothing by its case. */
const isMixedCase = (text: string) => /\p{Ll}/u.test(text) && /\p{Lu}/u.test(text.slice(1));

function anchorsOf(core: string, terms: IndexWord[], lexicon: NameLexicon): IndexWord[] {
  const capitalisedInQuestion = new Set(
    isMixedCase(core) ? [...core.matchAll(/(?<=\S\s+)\p{Lu}[\p{L}\p{N}'’-]*/gu)].map((m) => m[0].toLowerCase().replace(/[’']s$/u, '')) : [],
  );
  return terms.filter(({ word, term }) => {
    if (/^\d+$/u.test(word)) return true;
    const known = lexicon.isName(term);
    return known ?? capitalisedInQuestion.has(word);
  });
}

/** The task's verb as an index word: stemmed as the index stems "making", though "make" alone is a stop word there. */
const taskOf = (verb: string | null): IndexWord | null => (verb ? { word: verb, term: stemmer(verb) } : null);

export function analyseQuestion(asked: string, lexicon: NameLexicon, earlierQuestions: readonly string[] = []): Question {
  const text = cleanQuestion(asked);
  const { core, questionWord } = questionCore(text);
  const words = indexWords(core);
  const terms = [...new Map(words.map((w) => [w.term, w] as const)).values()];
  const termCounts = new Map<string, number>();
  for (const { term } of words) termCounts.set(term, (termCounts.get(term) ?? 0) + 1);
  const earlier = earlierQuestions.map((q) => questionCore(cleanQuestion(q)).core);
  const own = new Set(termCounts.keys());
  for (const { term } of indexWords(earlier.join(' '))) {
    if (!own.has(term)) termCounts.set(term, (termCounts.get(term) ?? 0) + EARLIER_QUESTION_WEIGHT);
  }
  const phrase = normaliseForPhrase(core);
  return {
    asked,
    text,
    core,
    questionWord,
    expectedKinds: expectedAnswerKinds({ core, questionWord }),
    asksForCode: asksForCode({ core, questionWord }),
    task: taskOf(howToTask({ core, questionWord })),
    terms,
    // A phrase of one or two short words matches too much to count as a verbatim lookup.
    phrase: phrase.split(' ').length >= 2 && phrase.length >= 8 ? phrase : '',
    focus: indexWords(questionFocus(core).join(' ')),
    anchors: anchorsOf(core, terms, lexicon),
    countedNoun: indexWords(countedNoun(core) ?? '')[0] ?? null,
    numbers: new Set(numbersIn(core)),
    termCounts,
    searchText: [core, ...earlier].join(' '),
  };
}

/**
 * Kinds whose absence vetoes an answer: a number, a date, an amount, code asked for can be
 * checked; "who" may be "the police" and "where" "the old fire station", so names and places
 * only count as evidence, and a how-to question may be answered by a sentence as well as steps.
 */
export const CHECKABLE_KINDS =
  AnswerKind.quantity |
  AnswerKind.money |
  AnswerKind.percent |
  AnswerKind.time |
  AnswerKind.colour |
  AnswerKind.score |
  AnswerKind.quotation |
  AnswerKind.ordinal |
  AnswerKind.code;
