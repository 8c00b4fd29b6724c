/**
 * A Markdown page → the words a reader sees, as a text snapshot: link text without its address,
 * emphasis and inline code without their marks, one paragraph per list item (each knowing its
 * list, so a list of steps can be quoted whole) and per table row (cells joined by " · "),
 * headings on their own lines with their level. Code blocks (fenced or indented) are kept as
 * written, each a paragraph of its own marked as code with its fence's language: they are
 * quoted as code when a question asks for a command or a configuration. Left out, as no reader
 * sees them as prose: front matter (it gives the title), MDX `import`/`export` blocks, HTML
 * comments and JSX tags (the text inside an HTML block is kept), images, and `:::note`
 * admonition fences (their content is kept). Parsed with markdown-it (CommonMark with GFM
 * tables), about 40 times faster than remark on a docs page.
 * Title: front matter's, else the first heading, else a first line that reads as a headline
 * (as in a text file), else none (the file name, later).
 */
import MarkdownIt, { type Token } from 'markdown-it';
import type { Paragraph } from '../types.js';
import { htmlFragmentText, type ConvertedText } from './convertHtml.js';
import { parseFrontMatter } from './frontMatter.js';
import { isHeadline } from './paragraphs.js';

const parser = new MarkdownIt('commonmark').enable(['table', 'strikethrough']);

/** `:::note`, `:::tip Title`, `:::`: a Docusaurus-style admonition's fences, not its content. */
const ADMONITION_FENCE = /^[ \t]{0,3}:{3,}[^\n]*$/gmu;
/** An MDX ESM block: `import X from '…'`, `import '…'`, `export const …`, `export default …`. */
const MDX_ESM = /^(?:import\s+(?:[\w*{][^\n]*\sfrom\s+)?['"]|export\s+(?:default|const|let|var|function|class|async|\{|\*))/u;
const CELL_SEPARATOR = ' · ';

const oneLine = (text: string) => text.replace(/\s+/gu, ' ').trim();

/** The words of an inline run: text and code as written; link, emphasis and HTML tags left out. */
function inlineText(token: Token): string {
  let text = '';
  for (const child of token.children ?? []) {
    if (child.type === 'text' || child.type === 'text_special' || child.type === 'code_inline') text += child.content;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') text += ' ';
  }
  return oneLine(text);
}

type Block = { text: string; level?: number } & Pick<Paragraph, 'code' | 'list'>;

/** A fence's language: the first word of its info string, when it reads as a language name (`yaml`, `c++`, `objective-c`). */
function fenceLanguage(info: string): string | undefined {
  const word = info.trim().split(/\s+/u)[0] ?? '';
  return /^[\w+#.-]{1,32}$/u.test(word) ? word.toLowerCase() : undefined;
}

/** The page's blocks of text in reading order. */
function readBlocks(tokens: Token[]): Block[] {
  const blocks: Block[] = [];
  // The lists open around the current token, outermost first; items of nested lists belong to the outermost.
  const lists: Array<{ list: number; ordered: boolean }> = [];
  let listsSeen = 0;
  const add = (text: string, extra: Omit<Block, 'text'> = {}) => {
    if (!text) return;
    const list = lists[0];
    blocks.push({ text, ...extra, ...(list ? { list } : {}) });
  };
  let cells: string[] | undefined;
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    if (token.type === 'bullet_list_open' || token.type === 'ordered_list_open') {
      if (lists.length === 0) listsSeen += 1;
      lists.push({ list: listsSeen, ordered: token.type === 'ordered_list_open' });
    } else if (token.type === 'bullet_list_close' || token.type === 'ordered_list_close') lists.pop();
    else if (token.type === 'fence' || token.type === 'code_block') {
      // Code is what a reader copies: kept as written, only the newline that ends the block left out.
      const language = token.type === 'fence' ? fenceLanguage(token.info) : undefined;
      add(token.content.replace(/\s+$/u, ''), { code: language ? { language } : {} });
    } else if (token.type === 'heading_open' && next) add(inlineText(next), { level: Number(token.tag.slice(1)) });
    else if (token.type === 'paragraph_open' && next && !(token.level === 0 && MDX_ESM.test(next.content))) add(inlineText(next));
    else if (token.type === 'tr_open') cells = [];
    else if (token.type === 'inline' && cells) cells.push(inlineText(token));
    else if (token.type === 'tr_close' && cells) {
      add(cells.filter(Boolean).join(CELL_SEPARATOR));
      cells = undefined;
    } else if (token.type === 'html_block') for (const text of htmlFragmentText(token.content).split('\n\n')) add(oneLine(text));
  });
  return blocks;
}

export function convertMarkdown(markdown: string): ConvertedText {
  const front = parseFrontMatter(markdown);
  const blocks = readBlocks(parser.parse(markdown.slice(front.bodyStart).replace(ADMONITION_FENCE, ''), {}));
  // The page's own headline as its first block is its title, not a paragraph: a heading, or a
  // line that reads as a headline in a page written as plain text.
  const first = blocks[0];
  const named =
    first !== undefined &&
    first.code === undefined &&
    (first.level !== undefined
      ? front.title === undefined || front.title.includes(first.text)
      : front.title === undefined && isHeadline(first.text));
  if (named) blocks.shift();
  const title = front.title ?? (named ? first.text : blocks.find((b) => b.level !== undefined)?.text);

  const spans: NonNullable<ConvertedText['blocks']> = [];
  let text = '';
  for (const { text: blockText, ...kind } of blocks) {
    if (text) text += '\n\n';
    spans.push({ start: text.length, end: text.length + blockText.length, ...kind });
    text += blockText;
  }
  const result: ConvertedText = { text, meta: front.meta, blocks: spans };
  if (title !== undefined) result.title = title;
  if (front.warning) result.warning = front.warning;
  return result;
}
