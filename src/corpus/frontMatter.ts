/**
 * Optional YAML front matter at the top of an article (`---` … `---`). Only the citation fields
 * Verbatim knows are taken; the body keeps its original file offsets.
 */
import { parse } from 'yaml';
import type { ArticleMeta } from '../types.js';

export interface FrontMatter {
  title?: string;
  meta: ArticleMeta;
  /** Offset in the file text where the body (after the closing `---` line) starts. */
  bodyStart: number;
  /** Set when the block exists but is not valid YAML; the file is still indexed without it. */
  warning?: string;
}

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/u;

const textField = (value: unknown): string | undefined => {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value).trim();
    return text || undefined;
  }
  return undefined;
};

export function parseFrontMatter(text: string): FrontMatter {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { meta: {}, bodyStart: 0 };
  let data: unknown;
  try {
    data = parse(match[1] ?? '');
  } catch (error) {
    return { meta: {}, bodyStart: match[0].length, warning: `front matter is not valid YAML (${(error as Error).message.split('\n')[0]})` };
  }
  const fields = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const meta: ArticleMeta = {};
  const url = textField(fields.url);
  const author = textField(fields.author);
  const published = textField(fields.published);
  const publisher = textField(fields.source);
  if (url) meta.url = url;
  if (author) meta.author = author;
  if (published) meta.published = published;
  if (publisher) meta.publisher = publisher;
  const result: FrontMatter = { meta, bodyStart: match[0].length };
  const title = textField(fields.title);
  if (title) result.title = title;
  return result;
}
