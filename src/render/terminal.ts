/**
 * The terminal rendering of an answer: fixed UI text, each quote with its highlighted
 * sentence standing out inside the surrounding passage, and a citation a reader can follow.
 * Colour only when writing to a TTY and NO_COLOR is unset (https://no-color.org).
 */
import type { Answer, AnswerLevel, Quote } from '../types.js';
import { visibleText } from './inert.js';

export const FOUND_HEADING = 'Here is what the corpus says';
export const CLOSEST_HEADING = 'Closest passages — they may not answer exactly';
export const NOT_FOUND_HEADING = 'Nothing in the corpus answers that.';
/** Beside a quote that may not answer (any quote not part of the answer). */
export const MAY_NOT_ANSWER = 'may not answer';
/** Above the closest passages shown when nothing answers. */
export const TRANSPARENCY_HEADING = 'Closest passages, shown for transparency (not answers):';

/** The fixed heading of each level (see `AnswerLevel`). */
export const LEVEL_HEADINGS: Record<AnswerLevel, string> = { answer: FOUND_HEADING, closest: CLOSEST_HEADING, none: NOT_FOUND_HEADING };

/** "confidence 0.63", the same words on every renderer. */
export const confidenceLabel = (confidence: number) => `confidence ${confidence.toFixed(2)}`;

export interface TerminalStyle {
  color: boolean;
  /** Wrap width for the passage text. */
  width: number;
}

export function terminalStyleFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): TerminalStyle {
  const color = Boolean(stream.isTTY) && env.NO_COLOR === undefined;
  return { color, width: Math.max(40, Math.min(stream.columns ?? 100, 100)) };
}

const ansi = (code: string) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;
const STYLES = { bold: ansi('1'), dim: ansi('2'), yellow: ansi('33;1'), cyan: ansi('36') };

/** Greedy word wrap that keeps every character (only the breaks between words change). */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  for (const paragraph of text.split(/\n+/u)) {
    let line = '';
    for (const word of paragraph.split(/\s+/u).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width - indent.length) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    if (line) lines.push(line);
  }
  return lines.map((l) => indent + l).join('\n');
}

/** "Networking › Ports": a section's headings, outermost first, as every renderer shows them. */
export const formatSection = (section: string[]) => section.join(' › ');

/**
 * `— "Title" › Section › Subsection (corpus/file.pdf, p. 12, ¶3) https://…`: the section only
 * for a paragraph under headings, the page only for paged formats.
 */
export function formatCitation(quote: Pick<Quote, 'title' | 'source' | 'paragraph' | 'url' | 'page' | 'section'>): string {
  const url = quote.url ? ` ${quote.url}` : '';
  const page = quote.page === undefined ? '' : `p. ${quote.page}, `;
  const section = quote.section?.length ? ` › ${formatSection(quote.section)}` : '';
  return `— "${quote.title}"${section} (${quote.source}, ${page}¶${quote.paragraph})${url}`;
}

/**
 * What a terminal acts on (`ESC[2J` would clear the screen: ANSI escapes, control characters) is
 * dropped from corpus text as it is printed; the offsets still index the unchanged source.
 */
function renderQuote(quote: Quote, index: number, style: TerminalStyle): string {
  const paint = (fn: (t: string) => string, text: string) => (style.color ? fn(text) : text);
  const lines: string[] = [];
  const h = quote.highlight;
  if (quote.kind === 'code') {
    // Code keeps its lines and indentation: a reader copies it.
    const language = quote.language ? ` (${visibleText(quote.language)})` : '';
    lines.push(`${index + 1}. ${paint(STYLES.yellow, `code${language}`)}`);
    lines.push(visibleText(quote.text).replace(/^/gmu, '   ┃ '));
  } else if (h) {
    const highlighted = quote.text.slice(h.start - quote.start, h.end - quote.start);
    lines.push(`${index + 1}. ${paint(STYLES.yellow, `» ${visibleText(highlighted).replace(/\s+/gu, ' ')}`)}`);
  } else {
    lines.push(`${index + 1}.`);
  }
  if (quote.kind !== 'code') lines.push(paint(STYLES.dim, wrap(visibleText(quote.text), style.width, '   │ ')));
  lines.push(
    `   ${paint(STYLES.cyan, visibleText(formatCitation(quote)))}  ${paint(STYLES.dim, `score ${quote.answerProbability.toFixed(2)}`)}`,
  );
  return lines.join('\n');
}

export function renderAnswerText(answer: Answer, style: TerminalStyle): string {
  const paint = (fn: (t: string) => string, text: string) => (style.color ? fn(text) : text);
  const list = (quotes: Quote[], first: number) => quotes.map((q, i) => renderQuote(q, first + i, style)).join('\n\n');
  const heading = `${paint(STYLES.bold, LEVEL_HEADINGS[answer.level])}  ${paint(STYLES.dim, `(${confidenceLabel(answer.confidence)})`)}`;
  if (answer.level === 'none') {
    const closest = answer.quotes.length ? `\n\n${paint(STYLES.dim, TRANSPARENCY_HEADING)}\n\n${list(answer.quotes, 0)}` : '';
    return `${heading}${closest}\n`;
  }
  const answering = answer.quotes.filter((q) => q.answers);
  const others = answer.quotes.filter((q) => !q.answers);
  const rest =
    answering.length && others.length ? `\n\n${paint(STYLES.bold, `${CLOSEST_HEADING}:`)}\n\n${list(others, answering.length)}` : '';
  return `${heading}\n\n${answering.length ? list(answering, 0) : list(others, 0)}${rest}\n`;
}
