/**
 * Every English-language rule of Verbatim in one place: which kinds of answer a sentence holds
 * (numbers, amounts of money, percentages, dates and times, names, colours, steps of a
 * procedure), read with
 * wink-nlp's English model plus the news formats it misses ("£4bn", "A$45m", "6-4 7-5",
 * "fifteenth century"); the lead-ins and sign-offs people wrap questions in; the question
 * words and the kind of answer each asks for (a procedure for "how do I", code for "what's the
 * command"). The question layer (src/question/) and passage
 * annotation at ingest (src/chunking/) both read text through these functions, so a question
 * and a passage are always read alike.
 *
 * wink-nlp over compromise: on the same sentences wink-nlp reads about ten times as fast
 * (44 KB of Wikipedia text in ~0.1 s against ~1 s), which matters because every sentence of a
 * corpus is annotated at ingest; it tags DATE, TIME, DURATION, MONEY, PERCENT, CARDINAL and
 * ORDINAL and gives part-of-speech tags (PROPN for names). Both missed "£4bn" and scores.
 */
import { createRequire } from 'node:module';
import type { Model, WinkMethods } from 'wink-nlp';

/** Kinds of answer, as bits: a sentence holds a set of them, a question expects one set. */
export const AnswerKind = {
  quantity: 1,
  money: 2,
  percent: 4,
  time: 8,
  ordinal: 16,
  name: 32,
  colour: 64,
  /** A result of a match or a tally: "6-4 7-5", "won 3–1". */
  score: 128,
  /** Someone's words: a quotation in quotation marks, or a reporting verb ("said", "told", "wrote"). */
  quotation: 256,
  /** A place: a capitalised name after a preposition of place ("in New Bedford", "from Nantucket"). */
  place: 512,
  /** A step of a procedure: an imperative sentence ("Stop the server.", "To back up, copy the folder.") or an item of a numbered list. */
  steps: 1024,
  /** Code: a command, a configuration or a file's contents, as a code block holds it (set at ingest from the block, not read from words). */
  code: 2048,
} as const;
export type AnswerKindName = keyof typeof AnswerKind;

let parser: WinkMethods | undefined;
/**
 * Loaded on first use, not on import: the model takes ~0.2 s to read, and only ingest needs it
 * (a question is read by the rules below), so `ask`, the bot and `register` start without it.
 */
function english(): WinkMethods {
  if (!parser) {
    const require = createRequire(import.meta.url);
    const winkNLP = require('wink-nlp') as typeof import('wink-nlp').default;
    // The model package ships no types; wink-nlp's `Model` is what it is.
    parser = winkNLP(require('wink-eng-lite-web-model') as Model, ['ner']);
  }
  return parser;
}

const ENTITY_KINDS: Record<string, number> = {
  CARDINAL: AnswerKind.quantity,
  // An amount of money or a percentage says how much, not how many ("60% of farms" counts none).
  MONEY: AnswerKind.money,
  PERCENT: AnswerKind.percent,
  DATE: AnswerKind.time,
  TIME: AnswerKind.time,
  DURATION: AnswerKind.time | AnswerKind.quantity,
  ORDINAL: AnswerKind.ordinal,
};

/** Currency amounts wink-nlp splits or misses: "£4bn", "A$45m", "$2.3bn", "€1.2 trillion". */
const MONEY = /(?:[A-Z]{1,2})?[$£€¥₹]\s?\d[\d,.]*(?:\s?(?:bn|m|k|billion|million|trillion|thousand))?\b/u;
const PERCENT = /\b\d[\d,.]*\s?(?:%|per ?cent\b|percentage points?\b)/iu;
/** A sports score or a tally: "6-4 7-5", "won 3–1". */
const SCORE = /\b\d{1,3}[-–]\d{1,3}\b/u;
/** Words in quotation marks, three or more of them: a quotation, not a scare-quoted term. */
const QUOTATION = /["“«„][^"“”«»„]*?\p{L}+\s+\p{L}+\s+\p{L}+[^"“”«»„]*["”»“]/u;
const PLACE =
  /\b(?:(?:in|at|from|near|into|to|outside|inside|across|towards?|off)\s+(?:the\s+)?|(?:natives?|residents?|citizens?|city|town|village|county|state|province|port|island|isle)\s+of\s+)\p{Lu}[\p{L}'’-]+/u;
const REPORTING_VERB =
  /\b(?:said|says|say|saying|told|tells|stated|states|wrote|writes|added|asked|asks|replied|replies|explained|explains|declared|announced|insisted|argued|claimed|warned|exclaimed|cried|answered|remarked|observed|according to)\b/iu;
/** "fifteenth century", "the 1990s", "the 19th century": times wink-nlp reads as ordinals or not at all. */
const CENTURY_OR_DECADE = /\b(?:\p{L}+|\d+(?:st|nd|rd|th))[- ]century\b|\b\d{3}0s\b/iu;
const COLOURS =
  /\b(?:red|orange|yellow|green|blue|purple|violet|pink|brown|black|white|gr[ae]y|silver|gold|golden|beige|crimson|scarlet|maroon|navy|turquoise|teal|cyan|magenta|ivory|amber|indigo|lilac|lavender|khaki|olive)\b/iu;

/**
 * Words that may begin an entity wink-nlp tags (a number, date, time or duration): a sentence
 * with none of them and no digit has none, so it is not parsed at all — most sentences of
 * prose, which keeps annotating a corpus at ingest cheap.
 */
const ENTITY_HINT = new RegExp(
  '\\d|\\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\\w+teenth|\\w+ieth|hundredth|thousandth|' +
    'january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|' +
    'today|tomorrow|yesterday|tonight|morning|afternoon|evening|night|noon|midnight|weeks?|months?|years?|decades?|century|centuries|ago|spring|summer|autumn|winter)\\b',
  'iu',
);
/** A capitalised word inside a sentence: after a word, a comma or a closing quote, not after a full stop. */
const INNER_NAME = /(?<=[\p{L}\p{N},;)"”'’] )\p{Lu}[\p{L}\p{N}'’-]*/u;

/**
 * Verbs a documentation step starts with, in the imperative. A list, not a part-of-speech tag:
 * "Run the installer" and "Call me Ishmael" tag alike, and the lexicon keeps ingest cheap.
 */
const STEP_VERBS =
  'add|allow|apply|call|check|choose|click|clone|configure|connect|copy|create|define|delete|deploy|disable|download|edit|enable|ensure|' +
  'enter|export|fill|find|follow|go|import|include|install|launch|load|make|mount|move|navigate|open|paste|pick|press|provide|pull|push|' +
  'put|read|reboot|register|reload|remove|rename|replace|restart|restore|run|save|select|send|set|specify|start|stop|supply|switch|tap|' +
  'uninstall|upgrade|upload|use|verify|visit|wait|write';
/**
 * An imperative sentence: a step verb first, after an optional purpose ("To back up, copy…") or
 * sequence word ("Then run…"); a question ("Run it?") is no step.
 */
const STEP = new RegExp(
  `^(?:(?:to [^,.;]{1,80}|if [^,.;]{1,80}|then|next|first|finally|now|optionally|afterwards),? )?(?:${STEP_VERBS})\\b`,
  'iu',
);

/** Whether a sentence reads as a step of a procedure (imperative). */
const readsAsStep = (sentence: string) => STEP.test(sentence.trim()) && !/\?\s*$/u.test(sentence);

/** The kinds of answer a sentence holds (AnswerKind bits). */
export function answerKindsOf(sentence: string): number {
  let kinds = readsAsStep(sentence) ? AnswerKind.steps : 0;
  if (ENTITY_HINT.test(sentence)) {
    const doc = english().readDoc(sentence);
    // eslint-disable-next-line @typescript-eslint/unbound-method -- wink-nlp's `its` helpers are plain functions, made to be passed.
    for (const entity of doc.entities().out(english().its.detail) as Array<{ type: string }>) kinds |= ENTITY_KINDS[entity.type] ?? 0;
  }
  if (INNER_NAME.test(sentence)) kinds |= AnswerKind.name;
  if (MONEY.test(sentence)) kinds |= AnswerKind.money;
  if (PERCENT.test(sentence)) kinds |= AnswerKind.percent;
  if (SCORE.test(sentence)) kinds |= AnswerKind.quantity | AnswerKind.score;
  if (QUOTATION.test(sentence) || REPORTING_VERB.test(sentence)) kinds |= AnswerKind.quotation;
  if (PLACE.test(sentence)) kinds |= AnswerKind.place;
  if (CENTURY_OR_DECADE.test(sentence)) kinds |= AnswerKind.time;
  if (COLOURS.test(sentence)) kinds |= AnswerKind.colour;
  return kinds;
}

/** Words people put before a question without asking anything: "quick question:", "do you know", "in the articles,". */
const LEAD_IN_WORDS = new Set(
  (
    'a an and also anybody anyone any about according article articles but can corpus could curious did do does dont ' +
    "don't hello hey hi i i'd i'm if in is it just know like me ok okay one please pls q question quick quickly real " +
    'really say so sources tell text texts the these this to um us wanted want was were whether wondering would you ' +
    'yo folks all everyone guys'
  ).split(' '),
);
/** Words people end a question with: "thanks!", "thank you", "please", "cheers". */
const SIGN_OFF =
  /(?:[\s,.!?;:-]+(?:thanks|thank\s+you|thx|ty|please|pls|cheers|anyone|lol)(?:\s+(?:so\s+much|a\s+lot|in\s+advance))?)+[\s.!?]*$/iu;

const QUESTION_WORDS = ['what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how'] as const;
export type QuestionWord = (typeof QUESTION_WORDS)[number];
const QUESTION_WORD = new RegExp(`\\b(${QUESTION_WORDS.join('|')})\\b`, 'iu');

export interface QuestionCore {
  /** The question as asked, without lead-in and sign-off ("How many soldiers were sent to Russia"). */
  core: string;
  /** Its question word, lower-cased, or null (a yes/no question, a statement, a pasted phrase). */
  questionWord: QuestionWord | null;
}

/**
 * The question inside a message: the first question word starts it when everything before it
 * is lead-in ("Do you know how many…", "quick question: when…"); a sign-off is cut. A question
 * word after real words ("Name the people who signed") is part of the question, not its start.
 */
export function questionCore(text: string): QuestionCore {
  const trimmed = text
    .replace(SIGN_OFF, '')
    .replace(/[\s?!.]+$/u, '')
    .trim();
  const match = QUESTION_WORD.exec(trimmed);
  if (match) {
    const before =
      trimmed
        .slice(0, match.index)
        .toLowerCase()
        .match(/[\p{L}']+/gu) ?? [];
    if (before.every((word) => LEAD_IN_WORDS.has(word))) {
      return { core: trimmed.slice(match.index), questionWord: (match[1] as string).toLowerCase() as QuestionWord };
    }
  }
  return { core: trimmed, questionWord: null };
}

/**
 * A question asking how to do something, answered by steps: "how do I back up", "how can we…",
 * "how to…", "can I log to a file", "is there a way to…", "what are the steps to…". Not "how did
 * Ahab lose his leg" nor "how does the engine work": "how" about what happened or how something
 * works is answered by an account, not a procedure; nor "can you…", a request to the bot.
 */
const HOW_TO = new RegExp(
  [
    String.raw`^how (?:do|can|could|should|would|might|must|shall) (?:i|we|you|one|u)\b(?! (?:know|feel|think|mean|say)\b)`,
    String.raw`^how to\b`,
    String.raw`^(?:can|could|may|should) (?:i|we)\b`,
    String.raw`^is (?:it possible|there (?:a|any) way) to\b`,
    String.raw`^(?:what(?:'s|’s| is| are)|which (?:is|are)) (?:the )?(?:best |right |correct |recommended |easiest )?(?:way|ways|steps|procedure) (?:to|for)\b`,
    String.raw`^(?:steps|instructions) (?:to|for)\b`,
  ].join('|'),
  'u',
);

/**
 * A question asking for a command, a configuration or a file's contents, answered by a code
 * block: "what do I put in docker-compose", "what's the command to…", "what does the config look
 * like", "an example of the transport config".
 */
const ASKS_FOR_CODE = new RegExp(
  [
    String.raw`\bwhat (?:do|should|would|can) (?:i|we|you) (?:put|type|run|write|add|enter|paste) (?:in|into|to|for|on)\b`,
    String.raw`\b(?:what|which)(?:'s|’s| is| are)? (?:the |a )?(?:[\w-]+ )?(?:command|commands|syntax|snippet|one-liner)\b`,
    String.raw`\b(?:command|commands|snippet) (?:to|for)\b|\bcli\b`,
    String.raw`\b(?:config|configuration|settings|file|yaml|json|toml|compose|dockerfile)\b.*\blooks? like\b`,
    String.raw`\b(?:example|sample) (?:of|for)\b.*\b(?:config|configuration|file|code|yaml|json|setup|usage)\b`,
    String.raw`\b(?:docker-compose|compose file|dockerfile)\b|(?:^|\s)\.env\b|\b[\w-]+\.(?:ya?ml|json|toml|ini|conf)\b`,
  ].join('|'),
  'u',
);

/** Whether the question asks how to do something (see HOW_TO). */
export const asksHowTo = (core: QuestionCore) => HOW_TO.test(core.core.toLowerCase());

/**
 * The verb of the task a how-to question asks about ("how do I *make* a backup", "is there a way
 * to *rotate* logs"), lower-cased; null for other questions.
 */
export function howToTask(core: QuestionCore): string | null {
  const q = core.core.toLowerCase();
  const match = HOW_TO.exec(q);
  if (!match) return null;
  const verb = /^\s*([\p{L}]+)/u.exec(q.slice(match.index + match[0].length));
  return verb ? (verb[1] as string) : null;
}

/** Whether the question asks for code: a command, a configuration, a file (see ASKS_FOR_CODE). */
export const asksForCode = (core: QuestionCore) => ASKS_FOR_CODE.test(core.core.toLowerCase());

/**
 * The kinds of answer a question asks for (AnswerKind bits; 0 when any sentence could answer):
 * steps for a how-to question, code for one asking for a command or a file, and what the words
 * right after its question word ask for.
 */
export function expectedAnswerKinds(core: QuestionCore): number {
  return kindsAfterQuestionWord(core) | (asksHowTo(core) ? AnswerKind.steps : 0) | (asksForCode(core) ? AnswerKind.code : 0);
}

/** What the words right after the question word ask for, wherever the question word stands. */
function kindsAfterQuestionWord(core: QuestionCore): number {
  const q = core.core.toLowerCase();
  // "What did the minister say about…", "which character says…": someone's words.
  if (
    /^(?:what|which|who)\b.*\b(?:say|says|said|tell|told|write|wrote|claim|claimed|reply|replied|respond|responded)\b/u.test(q) &&
    SPEAKER_QUESTION.test(q)
  ) {
    return AnswerKind.quotation;
  }
  if (/^(?:what|which) (?:was|is|were|are) (?:the )?(?:final )?(?:score|scoreline|result)\b/u.test(q) || /^by how (?:much|many)\b/u.test(q))
    return AnswerKind.score | AnswerKind.quantity;
  switch (core.questionWord) {
    case 'how':
      if (/^how many\b/u.test(q)) return AnswerKind.quantity;
      // Paying, costing or being worth is answered by an amount of money, not by any number (an age is no fee).
      if (/^how much\b/u.test(q) && MONEY_VERB.test(q)) return AnswerKind.money;
      // "How much of the land?", "how much rain?": an amount, a share or a number.
      if (/^how much\b/u.test(q)) return AnswerKind.quantity | AnswerKind.money | AnswerKind.percent;
      // "By how much did they win?": a score or a margin.
      if (/^how (?:many )?(?:goals|points|runs)\b/u.test(q)) return AnswerKind.quantity | AnswerKind.score;
      if (/^how (?:long|old|far|big|tall|large|high|deep|wide|heavy|often|fast)\b/u.test(q)) return AnswerKind.quantity | AnswerKind.time;
      return 0;
    case 'when':
      return AnswerKind.time;
    case 'who':
    case 'whom':
    case 'whose':
      return AnswerKind.name;
    case 'where':
      return AnswerKind.place;
    case 'what':
    case 'which': {
      if (
        /^(?:what|which) (?:year|years|date|day|month|decade|century|time|era|period)\b/u.test(q) ||
        /^(?:in|on|at|during|since) (?:what|which) (?:year|date|day|month|decade|century)\b/u.test(q)
      ) {
        return AnswerKind.time;
      }
      if (/^(?:what|which) (?:percentage|percent|proportion|share|fraction)\b/u.test(q)) return AnswerKind.percent;
      if (/^(?:what|which) (?:colou?r|colou?rs)\b/u.test(q)) return AnswerKind.colour;
      if (/^what (?:was|is|were|are) (?:the )?(?:cost|price|budget|value|amount|sum)\b/u.test(q))
        return AnswerKind.money | AnswerKind.quantity;
      if (/^what (?:was|is|were|are) (?:the )?(?:number|total|population|count)\b/u.test(q)) return AnswerKind.quantity;
      // "What number is the star?", "which place did she finish in?": a number or an ordinal.
      if (/^(?:what|which) (?:number|place|position|rank|ranking|spot)\b/u.test(q)) return AnswerKind.quantity | AnswerKind.ordinal;
      if (/\bname of\b|\b(?:called|named)$/u.test(q)) return AnswerKind.name;
      return 0;
    }
    default:
      return 0;
  }
}

/** Verbs of paying and being worth: "how much" with one of them asks for money. */
const MONEY_VERB =
  /\b(?:pay|pays|paid|cost|costs|price|invest|invests|invested|fee|fees|worth|spend|spends|spent|charge|charges|charged|earn|earns|earned|salary|sell|sells|sold|buy|buys|bought|raise|raised|owe|owes|owed)\b/u;
/** "What did X say", "what does the report say", "which character says": asked of a speaker, not "what do you say". */
const SPEAKER_QUESTION = /^(?:what|which|who)\s+(?:did|does|do|has|had|was|is|character|person|one|of)\b/u;

const SPELLED_NUMBER =
  /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\w+teenth|\w+ieth)\b/iu;

/**
 * Whether a sentence's only numbers are those the question already gives: "How much was paid
 * in 2019?" is not answered by "In 2019 the club was sold." — the number restates the question.
 */
export function onlyRestatesNumbers(sentence: string, questionNumbers: ReadonlySet<string>): boolean {
  if (questionNumbers.size === 0 || SPELLED_NUMBER.test(sentence)) return false;
  const numbers = numbersIn(sentence);
  return numbers.length > 0 && numbers.every((n) => questionNumbers.has(n));
}

/** The numbers a text writes in digits, without thousands separators ("12,000" → "12000"), so a question's and a sentence's compare. */
export function numbersIn(text: string): string[] {
  return (text.match(/\d[\d,.]*\d|\d/gu) ?? []).map((n) => n.replace(/,/gu, ''));
}

const AUXILIARY = /^(?:do|does|did|is|are|was|were|has|have|had|can|could|will|would|should|may|might)$/u;

/**
 * What "how many" counts: the last word of the noun phrase after it ("How many North Korean
 * *soldiers* were sent?", "how many *people* live there?"), or null for other questions.
 */
export function countedNoun(core: string): string | null {
  const match = /^how many (?:of (?:the |its |his |her |their |these |those )?)?((?:[\p{L}'-]+ ?){1,4})/iu.exec(core);
  if (!match) return null;
  const words = (match[1] as string).toLowerCase().trim().split(' ');
  const end = words.findIndex((w) => AUXILIARY.test(w));
  // No auxiliary soon after ("how many people live in…"): the first word is the noun.
  const phrase = end > 0 ? words.slice(0, end) : words.slice(0, 1);
  return phrase.at(-1) ?? null;
}

const SPELLED = SPELLED_NUMBER.source.replace(/^\\b|\\b$/gu, '');
const NUMBER_TOKEN = new RegExp(`^(?:\\d[\\d,.]*|${SPELLED}(?:-${SPELLED})?)$`, 'iu');

/**
 * The up to three words after each number of a sentence: where a count names what it counts
 * ("12,000 North Korean soldiers", "three hundred wounded men").
 */
export function wordsAfterNumbers(sentence: string): string[][] {
  const tokens = sentence.match(/[\p{L}\p{N}][\p{L}\p{N},.'-]*/gu) ?? [];
  const after: string[][] = [];
  tokens.forEach((token, i) => {
    const bare = token.replace(/[.,]+$/u, '');
    if (NUMBER_TOKEN.test(bare) && !NUMBER_TOKEN.test((tokens[i + 1] ?? '').replace(/[.,]+$/u, ''))) {
      after.push(tokens.slice(i + 1, i + 4).map((t) => t.replace(/[.,]+$/u, '').toLowerCase()));
    }
  });
  return after;
}

/** A year as a date is written: 1500–2099. */
const YEAR = /\b(?:1[5-9]|20)\d\d\b/u;
const FIGURE = /\d[\d,.]*/u;
const INNER_NAMES = /(?<=[\p{Ll},;] )\p{Lu}[\p{L}'’-]*(?: \p{Lu}[\p{L}'’-]*)*/u;

/**
 * The question a reader would ask of a sentence, as its question word and the words it takes
 * away: a year is asked with "when", another figure with "how many", a name inside the sentence
 * with "who"; anything else with "what", taking nothing away. (For probes made from the corpus.)
 */
export function askedOf(sentence: string): { questionWord: string; answer: string | null } {
  for (const [questionWord, pattern] of [
    ['when', YEAR],
    ['how many', FIGURE],
    ['who', INNER_NAMES],
  ] as const) {
    const match = pattern.exec(sentence);
    if (match) return { questionWord, answer: match[0] };
  }
  return { questionWord: 'what', answer: null };
}

/** How a probe asks about a step of a procedure, as a help channel does: "how do i copy data folder backup?". */
export const HOW_TO_PROBE = 'how do i';

/** The names inside a sentence (capitalised words after a lower-case word or a comma), lower-cased. */
export function innerNames(sentence: string): Set<string> {
  return new Set((sentence.match(new RegExp(INNER_NAMES.source, 'gu')) ?? []).flatMap((name) => name.toLowerCase().split(' ')));
}

/** Whether a sentence's kinds satisfy what a question expects: any one expected kind present. */
export function holdsExpectedKind(expected: number, sentenceKinds: number): boolean {
  return expected === 0 || (expected & sentenceKinds) !== 0;
}
