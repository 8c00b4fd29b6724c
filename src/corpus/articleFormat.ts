/**
 * The formats an article file can have. Plain text is quoted from the file itself; the others
 * are converted to text first, and quotes come from that text (the snapshot the index keeps).
 */
export type ArticleFormat = 'text' | 'markdown' | 'html' | 'pdf' | 'docx';

const FORMAT_BY_EXTENSION: Record<string, ArticleFormat> = {
  '.txt': 'text',
  '.md': 'markdown',
  // MDX is Markdown with JSX and imports, which the Markdown reader already leaves out.
  '.mdx': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
};

export const ARTICLE_EXTENSIONS = new Set(Object.keys(FORMAT_BY_EXTENSION));

/** The format of a file by its extension (any case), or undefined when it is not an article format. */
export function articleFormat(file: string): ArticleFormat | undefined {
  const dot = file.lastIndexOf('.');
  return dot < 0 ? undefined : FORMAT_BY_EXTENSION[file.slice(dot).toLowerCase()];
}

/**
 * Bumped when a converter would produce different text from the same file: it is part of a
 * converted article's content hash, so a new converter re-converts (and re-embeds) those files.
 */
export const CONVERTER_VERSIONS: Record<Exclude<ArticleFormat, 'text'>, string> = { markdown: '2', html: '1', pdf: '1', docx: '1' };
