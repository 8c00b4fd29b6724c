import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/corpus/loadCorpus.js';
import { classifyParagraph, isNumberedHeading } from '../../src/corpus/paragraphs.js';
import type { Article } from '../../src/types.js';

const CHAPTER = `CHAPTER I.

It was the best of times, it was the worst of times, and the village had never seen so many strangers at once.

The innkeeper counted eleven horses in the yard before breakfast, which had not happened since the fair.

CHAPTER II.

By evening the strangers had gone, and the village went back to arguing about the bridge.
`;

const textArticle = (source: string, text: string) => parseArticle(source, new TextEncoder().encode(text)) as Article;

describe('a chapter file', () => {
  it('takes its numbered first line as the title, as written, and numbers paragraphs from the first paragraph of prose', () => {
    const article = textArticle('book/chapter-01.txt', CHAPTER);
    expect(article.title).toBe('CHAPTER I.');
    const first = article.paragraphs[0]!;
    expect(first.number).toBe(1);
    expect(article.text.slice(first.start, first.end)).toMatch(/^It was the best of times/u);
  });

  it('reads a numbered heading inside it as a heading that opens a section', () => {
    const article = textArticle('book/chapter-01.txt', CHAPTER);
    const [best, innkeeper, second, evening] = article.paragraphs;
    expect(best?.section).toBeUndefined();
    expect(innkeeper?.section).toBeUndefined();
    expect(second).toMatchObject({ number: 3, heading: true, section: ['CHAPTER II.'] });
    expect(evening).toMatchObject({ number: 4, heading: false, section: ['CHAPTER II.'] });
  });

  it.each([
    ['CHAPTER I.', true],
    ['Part Two', true],
    ['3. Results', true],
    ['BOOK THE FIRST.', true],
    ['Chapter 12. In Which the Bridge Is Mended', true],
    // No number, or words a heading would capitalise in lower case: short sentences, names.
    ['The End.', false],
    ['Everton F.C.', false],
    ['He was 3 years old.', false],
    ['It rained on day two.', false],
    ['I.', false],
  ])('%j is a numbered heading: %s', (line, expected) => {
    expect(isNumberedHeading(line)).toBe(expected);
  });

  it('keeps short sentences with a full stop as prose', () => {
    expect(classifyParagraph('The End.')).toBe('prose');
    expect(classifyParagraph('CHAPTER XIV.')).toBe('heading');
  });
});
