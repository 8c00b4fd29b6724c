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
  return pieces.map((p) => trimmed(text, p.start, p.end)).filter((p) => p.end > p.start);
}
