/**
 * Each paragraph's section: the path of headings above it ("Networking › Ports" is
 * `['Networking', 'Ports']`), from the headings that open a section and their levels. A heading
 * closes every open section of its level or deeper, as in an outline.
 */
import type { Paragraph } from '../types.js';
import type { BodyParagraph } from './paragraphs.js';

export function withSections(text: string, paragraphs: BodyParagraph[]): Paragraph[] {
  const open: Array<{ level: number; title: string }> = [];
  return paragraphs.map(({ level, ...paragraph }) => {
    if (level !== undefined) {
      while (open.length > 0 && (open.at(-1) as { level: number }).level >= level) open.pop();
      open.push({ level, title: text.slice(paragraph.start, paragraph.end).replace(/\s+/gu, ' ') });
    }
    return open.length > 0 ? { ...paragraph, section: open.map((s) => s.title) } : paragraph;
  });
}
