/**
 * Probe questions, asked of an index at ingest to measure its own score scale
 * (indexCalibration.ts), both sides:
 * - questions it cannot answer: off-topic questions a chat member might ask, and on-topic-looking
 *   ones built from the corpus's own vocabulary — its frequent names and words — with a fact it
 *   cannot hold (a name it never mentions, a detail no article gives);
 * - questions it can: made from sentences sampled across the corpus, each asked as people ask
 *   (a question word for what the sentence tells — "how do i" for a step of a procedure — and a
 *   few of its words), whose answer is known to be that sentence. Code is not asked about: only a
 *   question asking for code gets it.
 */
import { createHash } from 'node:crypto';
import { indexWords, type PassageStore, processTerm } from '../index/passageStore.js';
import { AnswerKind, askedOf, HOW_TO_PROBE, innerNames } from '../language/english.js';
import type { Passage, Span } from '../types.js';

const OFF_TOPIC = [
  'What will the weather be like tomorrow?',
  'How do I keep a sourdough starter alive?',
  'What is the best way to learn to play the guitar?',
  'How do I turn off notifications on my phone?',
  'Can you recommend a good pizza place near me?',
  'What time does the supermarket close on Sundays?',
  'How many calories are in a banana?',
  'Who won the darts championship last night?',
  'What is the password for the wifi?',
  'How do I change a flat bicycle tyre?',
  'What should I name my new puppy?',
  'Is it going to rain this weekend?',
  'How long should I boil an egg?',
  'What is a good gift for my grandmother?',
  'How do I reset my router?',
  'Which video game should I buy next?',
  'What is the capital of the moon?',
  'How do I get rid of hiccups?',
  'When is the next bus to the airport?',
  'What is your favourite ice cream flavour?',
];

/** Names no corpus is likely to mention; only those this corpus lacks are used. */
const UNLIKELY_NAMES = [
  'Zanzibar',
  'Tuvalu',
  'Ouagadougou',
  'Reykjavik',
  'Vanuatu',
  'Timbuktu',
  'Liechtenstein',
  'Svalbard',
  'Nauru',
  'Kiribati',
];

const TEMPLATES_WITH_ABSENT_NAME = [
  (name: string, word: string, absent: string) => `How many ${word} did ${name} send to ${absent}?`,
  (name: string, word: string, absent: string) => `When did ${name} open its ${word} office in ${absent}?`,
  (name: string, word: string, absent: string) => `Who is the ${word} of ${absent} according to ${name}?`,
  (name: string, word: string, absent: string) => `What did ${absent} say about the ${word} of ${name}?`,
];
const TEMPLATES_WITH_ABSENT_FACT = [
  (name: string, _word: string) => `What is the favourite colour of ${name}?`,
  (name: string, word: string) => `How much did ${name} pay for the ${word} in 1837?`,
  (name: string, _word: string) => `What is the name of the dog owned by ${name}?`,
  (name: string, word: string) => `How many ${word} were sold by ${name} on a Tuesday in 1911?`,
];

/** The most frequent capitalised words and lower-case words of an evenly spaced sample of passages. */
function corpusVocabulary(store: PassageStore, wanted: number): { names: string[]; words: string[] } {
  const names = new Map<string, number>();
  const words = new Map<string, number>();
  const step = Math.max(1, Math.floor(store.passageCount / 300));
  for (let row = 0; row < store.passageCount; row += step) {
    const text = store.passage(row)?.text ?? '';
    for (const match of text.matchAll(/(?<=[a-z,;] )([A-Z][a-z]{3,})\b|\b([a-z]{5,})\b/gu)) {
      const [name, word] = [match[1], match[2]];
      if (name) names.set(name, (names.get(name) ?? 0) + 1);
      else if (word && processTerm(word)) words.set(word, (words.get(word) ?? 0) + 1);
    }
  }
  const top = (counts: Map<string, number>) =>
    [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, wanted)
      .map(([w]) => w);
  return {
    names: top(names),
    words: top(words)
      .filter((w) => w.endsWith('s'))
      .concat(top(words))
      .slice(0, wanted),
  };
}

export function probeQuestions(store: PassageStore): string[] {
  const absent = UNLIKELY_NAMES.filter((name) => store.documentFrequency(processTerm(name) ?? '') === 0);
  const { names, words } = corpusVocabulary(store, 8);
  const probes = [...OFF_TOPIC];
  names.forEach((name, i) => {
    const word = words[i % Math.max(1, words.length)] ?? 'people';
    const template = TEMPLATES_WITH_ABSENT_FACT[i % TEMPLATES_WITH_ABSENT_FACT.length];
    if (template) probes.push(template(name, word));
    const other = absent[i % Math.max(1, absent.length)];
    const swapped = TEMPLATES_WITH_ABSENT_NAME[i % TEMPLATES_WITH_ABSENT_NAME.length];
    if (other && swapped) probes.push(swapped(name, word, other));
  });
  return probes;
}

/** A question made from a sentence of the corpus: the passage holding `sentence` answers it. */
export interface AnswerableProbe {
  question: string;
  source: string;
  sentence: Span;
  /** The sentence's words, for a passage elsewhere that says the same. */
  text: string;
}

const squeezed = (text: string) => text.replace(/\s+/gu, ' ').trim().toLowerCase();

/**
 * Whether a passage answers a probe: it holds the probe's sentence, or the same sentence word
 * for word elsewhere (documentation repeats a line such as "for full documentation read the
 * README" on several pages; either page answers, and counting one as wrong held a docs corpus's
 * answer level at its ceiling).
 */
export function answersProbe(probe: AnswerableProbe, passage: Passage): boolean {
  const holdsSentence = passage.source === probe.source && passage.start < probe.sentence.end && probe.sentence.start < passage.end;
  return holdsSentence || squeezed(passage.text).includes(squeezed(probe.text));
}

/** How many sentences answerable probes are made from; each gives one probe per wording. */
export const ANSWERABLE_SENTENCES = 50;

/**
 * How a sentence is asked about, from easy to hard: a real question names few of its answer
 * sentence's words and, more often than not, the common ones, not the rare words that find it
 * at once (questions made of a sentence's rarest words were measured far easier than real ones:
 * hit@1 0.84–1.00, median confidence 0.78–0.93 against 0.25–0.42). `common` words are taken
 * most frequent first, then `rare` ones chosen by a seeded hash.
 */
const WORDINGS = [
  { common: 3, rare: 0 },
  { common: 4, rare: 0 },
  { common: 2, rare: 1 },
  { common: 3, rare: 1 },
  { common: 0, rare: 3 },
] as const;

/** A number in [0, 1) from a key, the same on every run. */
const seeded = (key: string) => createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;

/** A passage of this many steps or more is a procedure: its steps are asked about as how-to questions. */
const PROCEDURE_STEPS = 2;

/**
 * The sentence of a passage to ask about: one that tells something (a kind of answer) and has
 * words enough, else the longest; never code. `procedure` when the passage is a list of steps.
 */
function sentenceToAsk(store: PassageStore, row: number): { source: string; sentence: Span; text: string; procedure: boolean } | undefined {
  const passage = store.passage(row);
  const article = passage && store.article(passage.source);
  if (!passage || !article) return undefined;
  let best: { sentence: Span; text: string; score: number; kinds: number } | undefined;
  passage.sentences.forEach((sentence, i) => {
    const kinds = passage.sentenceKinds[i] ?? 0;
    if ((kinds & AnswerKind.code) !== 0) return;
    const text = article.text.slice(sentence.start, sentence.end);
    const words = indexWords(text).length;
    // Steps are no fact to ask about: a sentence is preferred for the facts it tells, as before steps were read.
    const score = words + ((kinds & ~(AnswerKind.steps | AnswerKind.code)) !== 0 ? 5 : 0);
    if (words >= 6 && words <= 40 && score > (best?.score ?? 0)) best = { sentence, text, score, kinds };
  });
  const steps = passage.sentenceKinds.filter((kinds) => (kinds & AnswerKind.steps) !== 0).length;
  const procedure = best !== undefined && (best.kinds & AnswerKind.steps) !== 0 && steps >= PROCEDURE_STEPS;
  return best && { source: passage.source, sentence: best.sentence, text: best.text, procedure };
}

/** Questions the index can answer, from sentences spread evenly over its passages, each asked in every wording. */
export function answerableProbes(store: PassageStore, sentences = ANSWERABLE_SENTENCES): AnswerableProbe[] {
  const n = store.passageCount;
  const step = Math.max(1, Math.floor(n / sentences));
  const probes: AnswerableProbe[] = [];
  let made = 0;
  for (let row = Math.floor(step / 2); row < n && made < sentences; row += step) {
    const picked = sentenceToAsk(store, row);
    if (!picked) continue;
    const { questionWord, answer } = picked.procedure ? { questionWord: HOW_TO_PROBE, answer: null } : askedOf(picked.text);
    const rest = answer ? picked.text.replace(answer, ' ') : picked.text;
    // Names find a sentence at once; people often leave them out or do not know them.
    const names = innerNames(rest);
    const words = [
      ...new Map(
        indexWords(rest)
          .filter((w) => !names.has(w.word))
          .map((w) => [w.term, w] as const),
      ).values(),
    ];
    const byFrequency = [...words].sort((a, b) => store.documentFrequency(b.term) - store.documentFrequency(a.term));
    made += 1;
    for (const { common, rare } of WORDINGS) {
      const others = byFrequency
        .slice(common)
        .sort(
          (a, b) =>
            seeded(`${picked.source}:${picked.sentence.start}:${a.term}`) - seeded(`${picked.source}:${picked.sentence.start}:${b.term}`),
        );
      const chosen = new Set([...byFrequency.slice(0, common), ...others.slice(0, rare)]);
      if (chosen.size < 2) continue;
      const asked = words.filter((w) => chosen.has(w)).map((w) => w.word);
      probes.push({ question: `${questionWord} ${asked.join(' ')}?`, source: picked.source, sentence: picked.sentence, text: picked.text });
    }
  }
  return probes;
}
