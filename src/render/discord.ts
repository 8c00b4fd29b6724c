/**
 * The Discord rendering of answers, paragraphs and the article list: plain embed and message
 * data (no client, no I/O), inside Discord's size limits. Every piece of corpus or user text
 * goes through `inert` (markdown places) or `inertPlain` (footers), so a passage cannot break
 * the layout, ping anyone or smuggle a link, and it is shortened only at sentence boundaries,
 * with a visible ellipsis where text was left out. A code block is quoted as code, in a fence
 * with its language (`inertCodeBlock`), cut only at line ends.
 */
import type { APIEmbed } from 'discord.js';
import { splitSentences } from '../chunking/sentences.js';
import type { Answer, ArticleSummary, ParagraphWindow, Quote, Span } from '../types.js';
import { inert, inertCode, inertCodeBlock, inertPlain, visibleText } from './inert.js';
import { confidenceLabel, formatCitation, LEVEL_HEADINGS, MAY_NOT_ANSWER, TRANSPARENCY_HEADING } from './terminal.js';

/** https://discord.com/developers/docs/resources/message#embed-object-embed-limits */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  fields: 25,
  embeds: 10,
  embedsTotal: 6000,
} as const;

export const ELLIPSIS = '…';
const QUOTE_COLOUR = 0x5865f2;
const CLOSEST_COLOUR = 0x99aab5;

/** Metadata (titles, questions) may be cut anywhere: it is not a quote. */
function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}${ELLIPSIS}`;
}

const asBlockquote = (markdown: string) => `> ${markdown.replace(/\s*\n\s*/gu, '\n> ')}`;

/**
 * `text` shown as a blockquote from sentence `from` to sentence `to`, the highlight in bold,
 * with an ellipsis on each side where sentences were left out.
 */
function quoteSentences(text: string, sentences: Span[], from: number, to: number, highlight: Span | null): string {
  const start = (sentences[from] as Span).start;
  const end = (sentences[to] as Span).end;
  let body: string;
  if (highlight && highlight.start >= start && highlight.end <= end) {
    body =
      inert(text.slice(start, highlight.start)) +
      `**${inert(text.slice(highlight.start, highlight.end))}**` +
      inert(text.slice(highlight.end, end));
  } else {
    body = inert(text.slice(start, end));
  }
  const before = from > 0 ? `${ELLIPSIS} ` : '';
  const after = to < sentences.length - 1 ? ` ${ELLIPSIS}` : '';
  return asBlockquote(`${before}${body}${after}`);
}

/** One sentence too long for the budget on its own: its first words (as many as fit), then an ellipsis. */
function quoteSentenceStart(text: string, sentence: Span, bold: boolean, budget: number): string {
  const render = (end: number) => {
    const piece = inert(text.slice(sentence.start, end));
    return asBlockquote(`${bold ? `**${piece}**` : piece} ${ELLIPSIS}`);
  };
  const wordEnds: number[] = [];
  for (let i = sentence.start + 1; i < sentence.end; i += 1)
    if (/\s/u.test(text[i] as string) && !/\s/u.test(text[i - 1] as string)) wordEnds.push(i);
  // Binary search for the longest run of whole words that fits.
  let low = 0;
  let high = wordEnds.length - 1;
  let best = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (render(wordEnds[mid] as number).length <= budget) {
      best = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return render(best >= 0 ? (wordEnds[best] as number) : sentence.start);
}

/**
 * The passage as markdown of at most `budget` characters: the highlighted sentences first,
 * then neighbours after and before in turn while they fit.
 */
export function fitQuotedText(text: string, highlight: Span | null, budget: number): string {
  const sentences = splitSentences(text, { start: 0, end: text.length });
  if (sentences.length === 0) return '';
  const overlapsHighlight = (s: Span) => highlight !== null && s.end > highlight.start && s.start < highlight.end;
  let from = Math.max(0, sentences.findIndex(overlapsHighlight));
  let to = from;
  while (to + 1 < sentences.length && overlapsHighlight(sentences[to + 1] as Span)) to += 1;
  if (quoteSentences(text, sentences, from, to, highlight).length > budget) {
    return quoteSentenceStart(text, sentences[from] as Span, highlight !== null, budget);
  }
  for (let grew = true; grew;) {
    grew = false;
    if (to < sentences.length - 1 && quoteSentences(text, sentences, from, to + 1, highlight).length <= budget) {
      to += 1;
      grew = true;
    }
    if (from > 0 && quoteSentences(text, sentences, from - 1, to, highlight).length <= budget) {
      from -= 1;
      grew = true;
    }
  }
  return quoteSentences(text, sentences, from, to, highlight);
}

/**
 * A code quote as a fenced code block (with its language) of at most `budget` characters: whole
 * lines from the top while they fit, then a line with an ellipsis where the rest was left out;
 * when not even the first line fits, as many of its characters as fit, then the ellipsis.
 */
function fitCodeBlock(code: string, language: string | undefined, budget: number): string {
  const whole = inertCodeBlock(code, language);
  if (whole.length <= budget) return whole;
  const fits = (shown: string) => inertCodeBlock(shown, language).length <= budget;
  const lines = code.split('\n');
  let shown = 0;
  while (shown < lines.length && fits(`${lines.slice(0, shown + 1).join('\n')}\n${ELLIPSIS}`)) shown += 1;
  if (shown > 0) return inertCodeBlock(`${lines.slice(0, shown).join('\n')}\n${ELLIPSIS}`, language);
  // Not even the first line fits (minified code, a long one-liner): as much of it as fits, by characters.
  const first = Array.from(lines[0] ?? '');
  let [low, high] = [0, first.length];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(`${first.slice(0, mid).join('')}${ELLIPSIS}`)) low = mid;
    else high = mid - 1;
  }
  const cut = `${first.slice(0, low).join('')}${ELLIPSIS}`;
  return fits(cut) ? inertCodeBlock(cut, language) : ELLIPSIS;
}

/** The quote's highlight in the quote's own coordinates (the quote's offsets are the file's). */
function localHighlight(quote: Quote): Span | null {
  return quote.highlight ? { start: quote.highlight.start - quote.start, end: quote.highlight.end - quote.start } : null;
}

const isWebLink = (url: string | undefined): url is string => url !== undefined && /^https?:\/\/\S+$/iu.test(url);

/** Long enough to recognise an article by; the file name in the citation identifies it exactly. */
const FOOTER_TITLE_MAX = 150;

function citationFooter(quote: Quote): string {
  const citation = formatCitation({
    ...quote,
    title: truncate(inertPlain(quote.title), FOOTER_TITLE_MAX),
    section: quote.section?.map((heading) => truncate(inertPlain(heading), FOOTER_TITLE_MAX)),
    source: inertPlain(quote.source),
    url: undefined,
  });
  return truncate(
    `${citation} · score ${quote.answerProbability.toFixed(2)}${quote.answers ? '' : ` · ${MAY_NOT_ANSWER}`}`,
    DISCORD_LIMITS.footer,
  );
}

/** Characters Discord counts toward the 6,000 total of a message's embeds. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

export interface QuoteEmbedOptions {
  /** Number of the first quote (1-based), so "More" pages continue the count. */
  firstNumber: number;
  /** Characters left for all the quote embeds together. */
  budget: number;
  closest?: boolean;
}

/** Room a quote needs at the least to be worth showing: a sentence or two. */
const MIN_QUOTE_DESCRIPTION = 300;

export function renderQuoteEmbeds(quotes: Quote[], options: QuoteEmbedOptions): APIEmbed[] {
  const shells: APIEmbed[] = [];
  let fixed = 0;
  for (const [i, quote] of quotes.slice(0, DISCORD_LIMITS.embeds - 1).entries()) {
    const embed: APIEmbed = {
      title: truncate(`${options.firstNumber + i}. ${inert(quote.title)}`, DISCORD_LIMITS.embedTitle),
      color: options.closest || !quote.answers ? CLOSEST_COLOUR : QUOTE_COLOUR,
      footer: { text: citationFooter(quote) },
    };
    if (isWebLink(quote.url)) embed.url = quote.url;
    // Fewer quotes with readable text beat many that would not fit the 6,000-character total.
    if (fixed + embedLength(embed) + (shells.length + 1) * MIN_QUOTE_DESCRIPTION > options.budget) break;
    fixed += embedLength(embed);
    shells.push(embed);
  }
  const perQuote = Math.min(DISCORD_LIMITS.embedDescription, Math.floor((options.budget - fixed) / Math.max(1, shells.length)));
  return shells.map((embed, i) => {
    const quote = quotes[i] as Quote;
    const description =
      quote.kind === 'code'
        ? fitCodeBlock(quote.text, quote.language, perQuote)
        : fitQuotedText(quote.text, localHighlight(quote), perQuote);
    return { ...embed, description };
  });
}

/** The public answer to `/ask` (or an ephemeral one to "Find in corpus"). */
export function renderAnswerEmbeds(answer: Answer, options: { label: string; firstNumber?: number } = { label: 'Question' }): APIEmbed[] {
  const header: APIEmbed = {
    title: LEVEL_HEADINGS[answer.level],
    description: truncate(
      `**${options.label}:** ${inert(answer.question.replace(/\s+/gu, ' ').trim())}\n${confidenceLabel(answer.confidence)}`,
      600,
    ),
    color: answer.answered ? QUOTE_COLOUR : CLOSEST_COLOUR,
  };
  if (answer.level === 'none') return [header];
  // Quotes that may not answer are told apart by colour and by their footer, never shown as the answer.
  const quotes = renderQuoteEmbeds(answer.quotes, {
    firstNumber: options.firstNumber ?? 1,
    budget: DISCORD_LIMITS.embedsTotal - embedLength(header),
    closest: !answer.answered,
  });
  return [header, ...quotes];
}

/** The closest passages when nothing answered: shown only to the asker, labelled as not answers. */
export function renderClosestEmbeds(answer: Answer): APIEmbed[] {
  const header: APIEmbed = { description: TRANSPARENCY_HEADING, color: CLOSEST_COLOUR };
  const quotes = renderQuoteEmbeds(answer.quotes, {
    firstNumber: 1,
    budget: DISCORD_LIMITS.embedsTotal - embedLength(header),
    closest: true,
  });
  return [header, ...quotes];
}

/**
 * `/quote`: the best sentence(s) and the citation as one message that pastes cleanly
 * elsewhere. A code block keeps the text exactly as written (no markdown, no escapes); text
 * that itself contains a code fence (or does not fit) falls back to an escaped blockquote.
 */
export function renderQuoteBlock(quote: Quote): string {
  const span = quote.highlight ?? quote;
  const local = { start: span.start - quote.start, end: span.end - quote.start };
  // Inside a code block nothing is markup, but invisible characters would still be pasted along.
  const citation = visibleText(formatCitation(quote));
  const sentence = visibleText(quote.text.slice(local.start, local.end));
  const fenced = `\`\`\`\n“${sentence}”\n${citation}\n\`\`\``;
  if (!`${sentence}\n${citation}`.includes('```') && fenced.length <= DISCORD_LIMITS.content) return fenced;
  const escapedCitation = inert(citation);
  return `${fitQuotedText(quote.text, local, DISCORD_LIMITS.content - escapedCitation.length - 1)}\n${escapedCitation}`;
}

/** A paragraph and its neighbours (`/passage`, the "Context" button); the paragraph asked for stands out. */
export function renderParagraphWindowEmbed(window: ParagraphWindow): APIEmbed {
  const focus = window.paragraphs.find((p) => p.number === window.focus);
  const footer = truncate(
    formatCitation({
      title: inertPlain(window.title),
      section: focus?.section?.map(inertPlain),
      source: inertPlain(window.source),
      paragraph: window.focus,
      page: focus?.page,
    }),
    DISCORD_LIMITS.footer,
  );
  // The paragraph asked for gets up to half the room; neighbours share the rest. Each block
  // also carries its "¶N" label and the blank line between blocks.
  const blockOverhead = 16;
  const focusBudget = Math.min((focus?.text.length ?? 0) + 64, DISCORD_LIMITS.embedDescription / 2);
  const neighbourBudget =
    Math.floor((DISCORD_LIMITS.embedDescription - focusBudget - blockOverhead) / Math.max(1, window.paragraphs.length - 1)) - blockOverhead;
  const blocks = window.paragraphs.map((p) => {
    const isFocus = p.number === window.focus;
    const budget = isFocus ? focusBudget : neighbourBudget;
    // A code paragraph keeps its lines and indentation, as in an answer.
    const text = p.code ? fitCodeBlock(p.text, p.code.language, budget) : fitQuotedText(p.text, null, budget);
    return `${isFocus ? `**¶${p.number}**` : `¶${p.number}`}\n${text}`;
  });
  const embed: APIEmbed = {
    title: truncate(inert(window.title), DISCORD_LIMITS.embedTitle),
    description: blocks.join('\n\n'),
    color: QUOTE_COLOUR,
    footer: { text: footer },
  };
  if (isWebLink(window.url)) embed.url = window.url;
  return embed;
}

export const SOURCES_PER_PAGE = 10;

/** One page of `/sources`. `page` is 0-based and clamped into range. */
export function renderSourcesEmbed(articles: ArticleSummary[], page: number): { embed: APIEmbed; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(articles.length / SOURCES_PER_PAGE));
  const current = Math.min(Math.max(0, page), pages - 1);
  const shown = articles.slice(current * SOURCES_PER_PAGE, (current + 1) * SOURCES_PER_PAGE);
  const embed: APIEmbed = {
    title: `Articles in the corpus (${articles.length})`,
    color: QUOTE_COLOUR,
    fields: shown.map((a) => ({
      name: truncate(inert(a.title), DISCORD_LIMITS.fieldName),
      value: truncate(
        `${inertCode(a.source)} · ${a.paragraphs} paragraphs · ${a.passages} passages${isWebLink(a.url) ? `\n${inert(a.url)}` : ''}`,
        DISCORD_LIMITS.fieldValue,
      ),
    })),
    footer: { text: `Page ${current + 1} of ${pages}` },
  };
  if (articles.length === 0) embed.description = 'The index holds no articles yet.';
  return { embed, page: current, pages };
}
