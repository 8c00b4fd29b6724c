import { describe, expect, test } from 'vitest';
import {
  DISCORD_LIMITS,
  embedLength,
  fitQuotedText,
  renderAnswerEmbeds,
  renderParagraphWindowEmbed,
  renderQuoteBlock,
  renderSourcesEmbed,
} from '../../src/render/discord.js';
import type { Answer, ArticleSummary, Quote } from '../../src/types.js';

const sentences = Array.from(
  { length: 30 },
  (_, i) => `Sentence number ${i + 1} says something *important* about [item ${i + 1}](https://x.example).`,
);
const passage = sentences.join(' ');

/** Markdown undone: the pieces of quoted text between ellipses. */
const pieces = (markdown: string) =>
  markdown
    .replace(/^> /gmu, '')
    .replaceAll('**', '')
    .replace(/\\(.)/gu, '$1')
    .split('…')
    .map((p) => p.trim())
    .filter(Boolean);

describe('fitQuotedText', () => {
  test.each([200, 600, 1500, 4096])('fits %i characters, keeps the highlight, and shows only verbatim pieces', (budget) => {
    const hStart = passage.indexOf('Sentence number 12 ');
    const highlight = { start: hStart, end: passage.indexOf('Sentence number 13 ') - 1 };
    const markdown = fitQuotedText(passage, highlight, budget);
    expect(markdown.length).toBeLessThanOrEqual(budget);
    expect(markdown).toContain('**Sentence number 12 says');
    expect(pieces(markdown).length).toBeGreaterThan(0);
    for (const piece of pieces(markdown)) expect(passage).toContain(piece);
    // Cut only at sentence boundaries: every piece starts a sentence and ends one.
    for (const piece of pieces(markdown)) expect(piece).toMatch(/^Sentence number \d+[\s\S]*\)\.$/u);
  });

  test('shows the whole passage, without ellipses, when it fits', () => {
    const markdown = fitQuotedText(passage, null, 4096);
    expect(markdown).not.toContain('…');
    expect(pieces(markdown).join(' ')).toBe(passage);
  });

  test('a single sentence longer than the room is cut between words, with an ellipsis', () => {
    const giant = `The ship carried ${Array.from({ length: 300 }, (_, i) => `crate ${i}`).join(', ')}.`;
    const markdown = fitQuotedText(giant, { start: 0, end: giant.length }, 500);
    expect(markdown.length).toBeLessThanOrEqual(500);
    expect(markdown.endsWith(' …**') || markdown.endsWith('** …')).toBe(true);
    const [piece] = pieces(markdown);
    expect(giant.startsWith(piece as string)).toBe(true);
    expect(giant[(piece as string).length]).toMatch(/[\s,]/u);
  });
});

function quote(overrides: Partial<Quote> = {}): Quote {
  return {
    source: 'corpus/a.txt',
    title: 'T'.repeat(300),
    paragraph: 3,
    start: 0,
    end: passage.length,
    text: passage,
    highlight: { start: 0, end: 60 },
    answerProbability: 0.5,
    answers: true,
    ...overrides,
  };
}

describe('renderAnswerEmbeds', () => {
  test('stays within every limit for many long quotes', () => {
    const answer: Answer = {
      question: 'q'.repeat(5000),
      answered: true,
      level: 'answer',
      confidence: 0.9,
      quotes: Array.from({ length: 25 }, () => quote()),
    };
    const embeds = renderAnswerEmbeds(answer);
    expect(embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
    expect(embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);
    for (const e of embeds) expect(e.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
  });

  test('not answered: the fixed heading and no quotes', () => {
    const embeds = renderAnswerEmbeds({
      question: 'kimchi?',
      answered: false,
      level: 'none',
      confidence: 0.01,
      quotes: [quote({ answers: false })],
    });
    expect(embeds).toHaveLength(1);
    expect(embeds[0]?.title).toBe('Nothing in the corpus answers that.');
  });

  test('closest passages: their own heading, and shown as passages, not as the answer', () => {
    const embeds = renderAnswerEmbeds({
      question: 'q',
      answered: false,
      level: 'closest',
      confidence: 0.2,
      quotes: [quote({ answers: false })],
    });
    expect(embeds[0]?.title).toBe('Closest passages — they may not answer exactly');
    expect(embeds[0]?.description).toContain('confidence 0.20');
    expect(embeds).toHaveLength(2);
    const answered = renderAnswerEmbeds({
      question: 'q',
      answered: true,
      level: 'answer',
      confidence: 0.9,
      quotes: [quote(), quote({ answers: false })],
    });
    expect(answered[1]?.footer?.text).not.toContain('may not answer');
    expect(answered[2]?.footer?.text).toContain('may not answer');
    expect(answered[2]?.color).not.toBe(answered[1]?.color);
  });

  test('the citation names the section, its headings shown as plain text, invisible characters dropped', () => {
    const [, embed] = renderAnswerEmbeds({
      question: 'q',
      answered: true,
      level: 'answer',
      confidence: 0.9,
      quotes: [quote({ title: 'Networking', source: 'docs/networking.md', section: ['Setup', 'Ports\u202e and\nfirewalls'] })],
    });
    expect(embed?.footer?.text).toMatch(/^— "Networking" › Setup › Ports and firewalls \(docs\/networking\.md, ¶3\) · score/u);
  });

  test('only http(s) article links become embed URLs', () => {
    const [, safe] = renderAnswerEmbeds({
      question: 'q',
      answered: true,
      level: 'answer',
      confidence: 0.9,
      quotes: [quote({ url: 'https://news.example/a' })],
    });
    const [, unsafe] = renderAnswerEmbeds({
      question: 'q',
      answered: true,
      level: 'answer',
      confidence: 0.9,
      quotes: [quote({ url: 'javascript:alert(1)' })],
    });
    expect(safe?.url).toBe('https://news.example/a');
    expect(unsafe?.url).toBeUndefined();
  });
});

describe('renderQuoteBlock', () => {
  test('a code block holding the highlighted sentence exactly, then the citation', () => {
    expect(renderQuoteBlock(quote({ title: 'Title' }))).toBe(`\`\`\`\n“${passage.slice(0, 60)}”\n— "Title" (corpus/a.txt, ¶3)\n\`\`\``);
  });

  test('falls back to an escaped blockquote when the text holds a code fence', () => {
    const text = 'He typed ```rm -rf``` into the console.';
    const block = renderQuoteBlock(quote({ title: 'Title', text, end: text.length, highlight: { start: 0, end: text.length } }));
    expect(block).not.toContain('```');
    expect(block).toContain('\\`\\`\\`');
  });
});

describe('renderSourcesEmbed', () => {
  const articles: ArticleSummary[] = Array.from({ length: 23 }, (_, i) => ({
    source: `corpus/${i}.txt`,
    title: `Article ${i}`,
    paragraphs: 3,
    passages: 2,
  }));
  test('pages of ten, clamped into range', () => {
    expect(renderSourcesEmbed(articles, 0).embed.fields).toHaveLength(10);
    const last = renderSourcesEmbed(articles, 99);
    expect(last.page).toBe(2);
    expect(last.pages).toBe(3);
    expect(last.embed.fields).toHaveLength(3);
  });
});

describe('code quotes', () => {
  const codeQuote = (text: string, language?: string): Quote => ({
    source: 'docs/install.md',
    title: 'Installing Harbor',
    section: ['Docker'],
    paragraph: 4,
    start: 0,
    end: text.length,
    text,
    highlight: { start: 0, end: text.length },
    answerProbability: 0.9,
    answers: true,
    kind: 'code',
    ...(language === undefined ? {} : { language }),
  });
  const answerOf = (quote: Quote): Answer => ({
    question: 'what do I put in docker-compose',
    answered: true,
    level: 'answer',
    confidence: 0.9,
    quotes: [quote],
  });

  test('are shown as a code block with their language, line for line, and cited with their section', () => {
    const code = 'services:\n  harbor:\n    image: harbor/server:latest';
    const [, embed] = renderAnswerEmbeds(answerOf(codeQuote(code, 'yaml')));
    expect(embed?.description).toBe('```yaml\nservices:\n  harbor:\n    image: harbor/server:latest\n```');
    expect(embed?.footer?.text).toContain('"Installing Harbor" › Docker (docs/install.md, ¶4)');
  });

  test('cannot close their fence, ping or link: backtick runs are broken, and the rest stays inside the one fence', () => {
    const hostile = '```\n@everyone <@123456789> [free nitro](https://evil.example) **bold**\n````js';
    const [, embed] = renderAnswerEmbeds(answerOf(codeQuote(hostile, 'text```')));
    const description = embed?.description ?? '';
    // Only the block's own two fences are runs of three backticks.
    expect(description.match(/```/gu)).toHaveLength(2);
    expect(description.startsWith('```\n')).toBe(true);
    expect(description.endsWith('\n```')).toBe(true);
    // With the zero-width spaces taken out, the reader sees the code as written.
    expect(description.slice(4, -4).replaceAll('\u200b', '')).toBe(hostile);
  });

  test('too long for the room, are cut at a line end with a visible ellipsis, inside the fence', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line_${i + 1}: value`);
    const [, embed] = renderAnswerEmbeds(answerOf(codeQuote(lines.join('\n'), 'yaml')));
    const description = embed?.description ?? '';
    expect(description.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    const shown = description
      .replace(/^```yaml\n/u, '')
      .replace(/\n```$/u, '')
      .split('\n');
    expect(shown.at(-1)).toBe('…');
    expect(shown.length).toBeGreaterThan(50);
    expect(shown.slice(0, -1)).toEqual(lines.slice(0, shown.length - 1));
  });

  test('in context (/passage, the Context button) keep their lines and indentation in a fence, beside prose in a blockquote', () => {
    const lead = 'Put this service in your compose file:';
    const code = 'services:\n  harbor:\n    image: harbor/server:latest';
    const embed = renderParagraphWindowEmbed({
      source: 'docs/install.md',
      title: 'Installing Harbor',
      focus: 4,
      paragraphs: [
        { number: 3, heading: false, start: 0, end: lead.length, text: lead, section: ['Docker'] },
        {
          number: 4,
          heading: false,
          start: lead.length + 2,
          end: lead.length + 2 + code.length,
          text: code,
          section: ['Docker'],
          code: { language: 'yaml' },
        },
      ],
    });
    expect(embed.description).toBe(`¶3\n> ${lead}\n\n**¶4**\n\`\`\`yaml\n${code}\n\`\`\``);
  });

  test('one line longer than the room (minified code) shows as much of it as fits, then an ellipsis, inside the fence', () => {
    const minified = Array.from({ length: 2000 }, (_, i) => `a${i}=${i};`).join('');
    const [, embed] = renderAnswerEmbeds(answerOf(codeQuote(minified, 'js')));
    const description = embed?.description ?? '';
    expect(description.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    const shown = description.replace(/^```js\n/u, '').replace(/\n```$/u, '');
    expect(shown.endsWith('…')).toBe(true);
    expect(shown.length).toBeGreaterThan(1000);
    expect(minified.startsWith(shown.slice(0, -1))).toBe(true);
  });
});
