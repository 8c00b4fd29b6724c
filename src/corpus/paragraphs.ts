/**
 * From an article body to numbered paragraphs, with scraping residue removed.
 *
 * Scraped pages carry web-page furniture (comment forms, "Recommended" blocks, navigation,
 * hashtag lines, photo captions). The rules below recognise it by shape — short lines of
 * web-interface vocabulary, hashtag-only lines, short lines ending in a parenthesised photo
 * credit — never by naming particular files, and they only ever drop whole lines that cannot
 * be article prose, so real text is never lost.
 */
import type { Paragraph, Span } from '../types.js';

/** A paragraph as read, before sections are known: a heading that opens a section has its level (1 = top). */
export type BodyParagraph = Paragraph & { level?: number };

/** Whitespace including no-break spaces, which scraped pages use as spacer lines. */
const SPACE = /[\s\u00a0\u2000-\u200b\u3000\ufeff]/u;

/** Web-interface furniture: whole lines made only of these words. */
const INTERFACE_LINE =
  /^(recommendations?|recommended( for you| reading| stories| articles)?|related( posts| articles| stories)?|leave a (reply|comment)|post a comment|comments?|\d+ comments?|close|next( post| article)?|previous( post| article)?|share( this( article| post)?)?|read more|advertisement|subscribe( now)?|sign up|log ?in|you may also like|more stories|print|email|tags?|skip to content|cancel reply|reply)[\s:.!*]*$/iu;

/** Comment-form boilerplate sentences. */
const COMMENT_FORM =
  /^(your email address will not be published|required fields are marked|save my name, email|notify me of (follow-up|new) (comments|posts))/iu;

/** A Markdown image on a line of its own, `![Map of the region](map.png)`: a picture, not words to quote. */
const MARKDOWN_IMAGE = /^!\[[^\]]*\]\([^)]*\)$/u;

/** A line of hashtags only: `#secrecy #surrounding #North`. */
const HASHTAG_LINE = /^(#[\p{L}\p{N}_]+[\s,]*){2,}$/u;

/** A short line ending in a parenthesised credit, the shape of a photo caption: `Map of North Korea (ASIAPRESS)`. */
const CAPTION_CREDIT = /\((?:photo|image|picture|map|video|credit|source)?[^()]{0,40}\)\s*$/iu;
const CAPTION_MAX_WORDS = 30;
const CREDIT_WORDS = /\b(photo|image|picture|istock|getty|reuters|ap|afp|asiapress|yonhap|kcna|epa|shutterstock|courtesy|file)\b/iu;
/** An agency or photographer in capitals (`ASIAPRESS`, `KANG Ji-won`); case-sensitive, unlike the credit words. */
const CAPITALS_CREDIT = /^[\p{Lu}\s/|.&-]+$/u;

/** "light rail transit (LRT)": capitals that spell the initials of the words before them abbreviate them, they credit no one. */
function abbreviatesWordsBefore(line: string, inside: string): boolean {
  const letters = inside.replace(/[^\p{Lu}]/gu, '');
  if (letters.length < 2) return false;
  const before = line
    .slice(0, line.lastIndexOf('('))
    .split(/[\s-]+/u)
    .filter(Boolean);
  const initials = before
    .slice(-letters.length)
    .map((w) => w.charAt(0).toUpperCase())
    .join('');
  return initials === letters;
}

function isCredit(line: string, inside: string): boolean {
  return CREDIT_WORDS.test(inside) || (CAPITALS_CREDIT.test(inside) && !abbreviatesWordsBefore(line, inside));
}

/** A heading or credit line: short, and not ending like a sentence. */
const HEADING_MAX_WORDS = 14;

const wordCount = (text: string) => text.split(/\s+/u).filter(Boolean).length;

/** Longer than any "Chapter 3. In Which Pooh Goes Visiting": a longer capitalised line is a sentence or a list of names. */
const NUMBERED_HEADING_MAX_WORDS = 8;
/** A heading's number: digits ("3.", "2.1") or a Roman numeral in capitals ("I.", "XIV")… */
const HEADING_NUMERAL = /^(?:\d+(?:\.\d+)*|[IVXLCDM]+)[.:)]?$/u;
/** …or a number word, in any case ("Two", "FIRST"). */
const HEADING_NUMBER_WORD =
  /^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)[.:)]?$/iu;
/** Small words a capitalised heading leaves in lower case. */
const JOINING_WORDS = new Set(['a', 'an', 'and', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with', 'which']);

/**
 * "CHAPTER I.", "Part Two", "3. Results", "BOOK THE FIRST.": a short line with a number in it
 * whose words are all capitalised. The number is what sets it apart from a short sentence, so
 * it may end with a full stop; unnumbered short lines in prose are as often bylines and captions.
 */
export function isNumberedHeading(line: string): boolean {
  const words = line.trim().split(/\s+/u).filter(Boolean);
  if (words.length < 2 || words.length > NUMBERED_HEADING_MAX_WORDS || line.includes('\n')) return false;
  const numbered = words.some((w) => HEADING_NUMERAL.test(w) || HEADING_NUMBER_WORD.test(w));
  return numbered && words.every((w) => /^[\p{Lu}\p{N}]/u.test(w) || JOINING_WORDS.has(w) || !/[\p{L}\p{N}]/u.test(w));
}

export type ParagraphKind = 'prose' | 'heading' | 'residue';

export function classifyParagraph(text: string): ParagraphKind {
  const line = text.trim();
  if (!line || !/[\p{L}\p{N}]/u.test(line)) return 'residue';
  if (INTERFACE_LINE.test(line) || COMMENT_FORM.test(line) || HASHTAG_LINE.test(line) || MARKDOWN_IMAGE.test(line)) return 'residue';
  const credit = CAPTION_CREDIT.exec(line);
  if (credit && wordCount(line) <= CAPTION_MAX_WORDS) {
    const inside = credit[0].trim().slice(1, -1);
    if (isCredit(line, inside)) return 'residue';
  }
  if (wordCount(line) <= HEADING_MAX_WORDS && (!/[.!?…:;"”’)]$/u.test(line) || isNumberedHeading(line))) return 'heading';
  return 'prose';
}

/** Trims whitespace (no-break spaces too) off both ends of a span of `text`. */
export function trimSpan(text: string, start: number, end: number): Span {
  let s = start;
  let e = end;
  while (s < e && SPACE.test(text[s] as string)) s += 1;
  while (e > s && SPACE.test(text[e - 1] as string)) e -= 1;
  return { start: s, end: e };
}

/**
 * Candidate paragraphs of the body: blocks separated by blank lines; in a file that never
 * leaves a blank line between lines (one paragraph per line), each line.
 */
export function splitBlocks(text: string, bodyStart: number): Span[] {
  const body = text.slice(bodyStart);
  const blankLine = /\r?\n[ \t\u00a0]*\r?\n/u;
  const separator = blankLine.test(body) ? /(?:\r?\n[ \t\u00a0]*){2,}/gu : /\r?\n/gu;
  const spans: Span[] = [];
  let cursor = 0;
  for (const match of body.matchAll(separator)) {
    spans.push({ start: bodyStart + cursor, end: bodyStart + (match.index ?? 0) });
    cursor = (match.index ?? 0) + match[0].length;
  }
  spans.push({ start: bodyStart + cursor, end: text.length });
  return spans.map((s) => trimSpan(text, s.start, s.end)).filter((s) => s.end > s.start);
}

/**
 * Reads like a headline: short, one line, not a caption, and not ending like a statement
 * (a headline may ask: "Is light rail the answer?") unless it is numbered ("CHAPTER I.").
 */
export function isHeadline(line: string): boolean {
  const text = line.trim();
  const words = wordCount(text);
  const statement = /[.!…:;]$/u.test(text) && !isNumberedHeading(text);
  return words >= 2 && words <= 20 && !statement && !text.includes('\n') && classifyParagraph(text) !== 'residue';
}

export interface ArticleBody {
  /** The headline span when the first block reads like one (it becomes the title, not a paragraph). */
  headline?: Span;
  paragraphs: BodyParagraph[];
}

/** A Markdown heading marker (`## `) is layout, not words: the heading starts after it; its length is the heading's level. */
function withoutHeadingMarker(text: string, block: Span): { span: Span; level?: number } {
  const marker = /^(#{1,6})[ \t]+/u.exec(text.slice(block.start, block.end));
  return marker
    ? { span: { start: block.start + marker[0].length, end: block.end }, level: (marker[1] as string).length }
    : { span: block };
}

export function readArticleBody(text: string, bodyStart: number, hasTitle: boolean): ArticleBody {
  const blocks = splitBlocks(text, bodyStart);
  const result: ArticleBody = { paragraphs: [] };
  const first = blocks[0] && withoutHeadingMarker(text, blocks[0]).span;
  if (!hasTitle && first && isHeadline(text.slice(first.start, first.end))) {
    result.headline = first;
    blocks.shift();
  }
  for (const block of blocks) {
    const raw = text.slice(block.start, block.end);
    const { span, level } = withoutHeadingMarker(text, block);
    const kind = level ? 'heading' : classifyParagraph(raw);
    if (kind === 'residue') continue;
    const paragraph: BodyParagraph = { ...span, number: result.paragraphs.length + 1, heading: kind === 'heading' };
    // Marked and numbered headings open sections; other short lines stay headings of no section.
    const sectionLevel = level ?? (kind === 'heading' && isNumberedHeading(raw) ? 1 : undefined);
    if (sectionLevel !== undefined) paragraph.level = sectionLevel;
    result.paragraphs.push(paragraph);
  }
  return result;
}
