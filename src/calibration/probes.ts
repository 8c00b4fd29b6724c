/**
 * Probe questions: questions an index cannot answer, asked of it at ingest to measure how high
 * its scorer rates what it should decline (indexCalibration.ts). Two kinds, in general English,
 * about no corpus in particular: off-topic questions a chat member might ask, and on-topic-
 * looking ones built from the corpus's own vocabulary — its frequent names and words — with
 * a fact it cannot hold (a name it never mentions, a detail no article gives).
 */
import { processTerm } from '../index/lexical.js';
import type { IndexSnapshot } from '../index/loadIndex.js';

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
const UNLIKELY_NAMES = ['Zanzibar', 'Tuvalu', 'Ouagadougou', 'Reykjavik', 'Vanuatu', 'Timbuktu', 'Liechtenstein', 'Svalbard', 'Nauru', 'Kiribati'];

const TEMPLATES_WITH_ABSENT_NAME = [
  (name: string, word: string, absent: string) => `How many ${word} did ${name} send to ${absent}?`,
  (name: string, word: string, absent: string) => `When did ${name} open its ${word} office in ${absent}?`,
  (name: string, word: string, absent: string) => `Who is the ${word} of ${absent} according to ${name}?`,
  (name: string, word: string, absent: string) => `What did ${absent} say about the ${word} of ${name}?`,
];
const TEMPLATES_WITH_ABSENT_FACT = [
  (name: string, word: string) => `What is the favourite colour of ${name}?`,
  (name: string, word: string) => `How much did ${name} pay for the ${word} in 1837?`,
  (name: string, word: string) => `What is the name of the dog owned by ${name}?`,
  (name: string, word: string) => `How many ${word} were sold by ${name} on a Tuesday in 1911?`,
];

/** The most frequent capitalised words and lower-case words of an evenly spaced sample of passages. */
function corpusVocabulary(snapshot: IndexSnapshot, wanted: number): { names: string[]; words: string[] } {
  const names = new Map<string, number>();
  const words = new Map<string, number>();
  const step = Math.max(1, Math.floor(snapshot.passages.length / 300));
  for (let row = 0; row < snapshot.passages.length; row += step) {
    const text = snapshot.passages[row]?.text ?? '';
    for (const match of text.matchAll(/(?<=[a-z,;] )([A-Z][a-z]{3,})\b|\b([a-z]{5,})\b/gu)) {
      const [name, word] = [match[1], match[2]];
      if (name) names.set(name, (names.get(name) ?? 0) + 1);
      else if (word && processTerm(word)) words.set(word, (words.get(word) ?? 0) + 1);
    }
  }
  const top = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, wanted).map(([w]) => w);
  return { names: top(names), words: top(words).filter((w) => w.endsWith('s')).concat(top(words)).slice(0, wanted) };
}

export function probeQuestions(snapshot: IndexSnapshot): string[] {
  const absent = UNLIKELY_NAMES.filter((name) => !snapshot.documentFrequencies.has(processTerm(name) ?? ''));
  const { names, words } = corpusVocabulary(snapshot, 8);
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
