/**
 * The focus of a what/which/who question: the thing it asks about ("What is the *population of
 * Pyongyang*?", "Which *airline* flies…?", "What *weapons* does Russia give…?", "Who is the
 * *mayor of Kursk*?"). An on-topic
 * question the corpus cannot answer shares most of its words with some passage; what it does
 * not share is its focus. A passage answers only if it mentions the focus, by the same word or
 * one of close meaning, so the focus check catches what word overlap alone rates as answerable.
 */

const AUXILIARY = 'do|does|did|is|are|was|were|has|have|had|can|could|will|would|should|may|might';
/** Words that frame a focus without being it: "the *kind* of wounds", "the *best* way". */
const FRAMING_WORDS = new Set([
  'kind',
  'kinds',
  'type',
  'types',
  'sort',
  'name',
  'names',
  'best',
  'main',
  'way',
  'number',
  'part',
  'thing',
  'things',
]);
/** A clause rather than a noun phrase follows: "What are relatives *being told*…" has no single thing asked about. */
const CLAUSE = new RegExp(`\\b(?:${AUXILIARY}|being|been|said|say|says|told|tell|called|happen|happened|happens)\\b`, 'u');

const PATTERNS: RegExp[] = [
  // What is Kim Jong Un's favourite food?  → kim jong un favourite food
  new RegExp(`^(?:what|which) (?:is|are|was|were) (?:the |a |an )?(.+)'s (.+)$`, 'u'),
  // What is the population of Pyongyang? Who is the commander of the Storm Corps?
  /^(?:what|which|who) (?:is|are|was|were) (?:the |a |an )?(.+)$/u,
  // What weapons does Russia give…? Which elite unit did…? What kind of wounds did…?
  new RegExp(`^(?:what|which) (?!(?:${AUXILIARY})\\b)((?:[\\p{L}\\p{N}'-]+ ){1,3}?)(?:${AUXILIARY})\\b`, 'u'),
  // Which airline flies from Seoul to Moscow?
  /^which ([\p{L}\p{N}'-]+)/u,
];

/** The words of the question's focus (framing words left out), or [] when it has none. */
export function questionFocus(question: string): string[] {
  const q = question
    .toLowerCase()
    .replace(/[’‘]/gu, "'")
    .replace(/[?!.\s]+$/u, '')
    .replace(/\s+/gu, ' ')
    .trim();
  for (const pattern of PATTERNS) {
    const match = pattern.exec(q);
    if (!match) continue;
    const phrase = match.slice(1).join(' ');
    if (CLAUSE.test(phrase)) return [];
    return (phrase.match(/[\p{L}\p{N}'-]+/gu) ?? []).filter((word) => !FRAMING_WORDS.has(word));
  }
  return [];
}
