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

/** Whitespace including no-break spaces, which scraped pages use as spacer lines. */
const SPACE = /[\s\u00a0\u2000-\u200b\u3000\ufeff]/u;

/** Web-interface furniture: whole lines made only of these words. */
const INTERFACE_LINE =
  /^(recommendations?|recommended( for you| reading| stories| articles)?|related( posts| articles| stories)?|leave a (reply|comment)|post a comment|comments?|\d+ comments?|close|next( post| article)?|previous( post| article)?|share( this( article| post)?)?|read more|advertisement|subscribe( now)?|sign up|log ?in|you may also like|more stories|print|email|tags?|skip to content|cancel reply|reply)[\s:.!*]*$/iu;

/** Comment-form boilerplate sentences. */
const COMMENT_FORM = /^(your email address will not be published|required fields are marked|save my name, email|notify me of (follow-up|new) (comments|posts))/iu;

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
  const before = line.slice(0, line.lastIndexOf('(')).split(/[\s-]+/u).filter(Boolean);
  const initials = before.slice(-letters.length).map((w) => w.charAt(0).toUpperCase()).join('');
  return initials === letters;
}

function isCredit(line: string, inside: string): boolean {
  return CREDIT_WORDS.test(inside) || (CAPITALS_CREDIT.test(inside) && !abbreviatesWordsBefore(line, inside));
}

/** A heading or credit line: short, and not ending like a sentence. */
const HEADING_MAX_WORDS = 14;

const wordCount = (text: string) => text.split(/\s+/u).filter(Boolean).length;

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
  if (wordCount(line) <= HEADING_MAX_WORDS && !/[.!?…:;"”’)]$/u.test(line)) return 'heading';
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
 * (a headline may ask: "Is light rail the answer?").
 */
export function isHeadline(line: string): boolean {
  const text = line.trim();
  const words = wordCount(text);
  return words >= 2 && words <= 20 && !/[.!…:;]$/u.test(text) && !text.includes('\n') && classifyParagraph(text) !== 'residue';
}

export interface ArticleBody {
  /** The headline span when the first block reads like one (it becomes the title, not a paragraph). */
  headline?: Span;
  paragraphs: Paragraph[];
}

/** A Markdown heading marker (`## `) is layout, not words: the heading starts after it. */
function withoutHeadingMarker(text: string, block: Span): { span: Span; marked: boolean } {
  const marker = /^#{1,6}[ \t]+/u.exec(text.slice(block.start, block.end));
  return marker ? { span: { start: block.start + marker[0].length, end: block.end }, marked: true } : { span: block, marked: false };
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
    const { span, marked } = withoutHeadingMarker(text, block);
    const kind = marked ? 'heading' : classifyParagraph(raw);
    if (kind === 'residue') continue;
    result.paragraphs.push({ ...span, number: result.paragraphs.length + 1, heading: kind === 'heading' });
  }
  return result;
}
