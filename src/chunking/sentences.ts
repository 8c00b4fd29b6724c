/**
 * Sentence boundaries with exact offsets. ICU's sentence rules (Intl.Segmenter) already keep
 * "U.S." and decimals together when a lower-case word follows; what they split wrongly are
 * titles and initials before a name ("Mr. Kim", "Gen. Lee", "J. Smith") and a quoted question
 * or exclamation followed by its attribution, which are re-joined here.
 */
import type { Span } from '../types.js';

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Words that end with a period without ending the sentence when a name or number follows. */
const ABBREVIATION_BEFORE_NAME =
  /(?:^|[\s("“'‘])(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Cpt|Sgt|Cpl|Adm|Gov|Sen|Rep|Pres|St|Jr|Sr|Rev|Hon|Amb|No|Nos|Vol|Fig|vs|etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|U\.N|E\.U|[A-Z])\.\s*$/u;

const WHITESPACE = /[\s\u00a0\ufeff]/u;

function trimmed(text: string, start: number, end: number): Span {
  let s = start;
  let e = end;
  while (s < e && WHITESPACE.test(text[s] as string)) s += 1;
  while (e > s && WHITESPACE.test(text[e - 1] as string)) e -= 1;
  return { start: s, end: e };
}

/**
 * Longer "sentences" are cut: a 255 KB line without a full stop would otherwise be one passage
 * (and one quote) of 255 KB. About what the embedding window holds of one passage.
 */
export const MAX_SENTENCE_CHARS = 600;
/** A clause boundary: after a comma, semicolon, colon, closing bracket or dash, before a space. */
const CLAUSE_END = /[,;:)\]\u2013\u2014](?=\s)/gu;

/** Cuts an overlong span at its last clause boundary, else its last space, inside each `MAX_SENTENCE_CHARS` window. */
function cutOverlong(text: string, span: Span): Span[] {
  const pieces: Span[] = [];
  let start = span.start;
  while (span.end - start > MAX_SENTENCE_CHARS) {
    const window = text.slice(start, start + MAX_SENTENCE_CHARS);
    const floor = MAX_SENTENCE_CHARS / 3;
    const clause = [...window.matchAll(CLAUSE_END)]
      .map((m) => m.index + 1)
      .filter((i) => i > floor)
      .at(-1);
    const space = window.lastIndexOf(' ');
    let cut = clause ?? (space > floor ? space : MAX_SENTENCE_CHARS);
    // Never between the two halves of a surrogate pair.
    if (/[\ud800-\udbff]/u.test(text[start + cut - 1] ?? '')) cut -= 1;
    pieces.push({ start, end: start + cut });
    start += cut;
  }
  pieces.push({ start, end: span.end });
  return pieces;
}

/** The sentences of `text.slice(span.start, span.end)`, as trimmed spans in `text` coordinates. */
export function splitSentences(text: string, span: Span): Span[] {
  const slice = text.slice(span.start, span.end);
  const pieces: Span[] = [];
  for (const { segment, index } of segmenter.segment(slice)) {
    const start = span.start + index;
    const previous = pieces.at(-1);
    const continues = /^[\s\u00a0]*\p{Ll}/u.test(segment); // '"Is it true?" she asked.': news sentences never start lower-case
    if (previous && (continues || ABBREVIATION_BEFORE_NAME.test(text.slice(previous.start, previous.end)))) {
      previous.end = start + segment.length;
    } else {
      pieces.push({ start, end: start + segment.length });
    }
  }
  return pieces
    .flatMap((p) => cutOverlong(text, p))
    .map((p) => trimmed(text, p.start, p.end))
    .filter((p) => p.end > p.start);
}
