/**
 * Which article a reference names, for `ask --source` and the bot's `source` options alike: its
 * source path, its path inside the corpus folder ("tech/100.txt"), a path as typed from the
 * working directory (the terminal only), the end of its path (a file name), or its title. A
 * reference that fits several articles is ambiguous and says which, rather than quietly
 * picking one of five "100.txt" in different folders.
 */
import path from 'node:path';

export type ArticleMatch = { kind: 'match'; source: string } | { kind: 'ambiguous'; sources: string[] } | { kind: 'none' };

export interface ArticleReferenceContext {
  /** The corpus folder as a source-path prefix, e.g. `corpus` (sources are relative to the project root). */
  corpusPrefix: string;
  projectRoot: string;
  cwd: string;
}

const fold = (text: string) => text.trim().toLowerCase();

/** Where the reference was typed: the terminal adds the corpus folder and the working directory; the bot has neither. */
function exactForms(wanted: string, context: ArticleReferenceContext | undefined): Set<string> {
  if (!context) return new Set([fold(wanted)]);
  const asTyped = path.relative(context.projectRoot, path.resolve(context.cwd, wanted)).split(path.sep).join('/');
  return new Set([wanted, `${context.corpusPrefix}/${wanted.replace(/^\.\//u, '')}`, asTyped].map(fold));
}

export function matchArticle(
  articles: ReadonlyArray<{ source: string; title: string }>,
  reference: string,
  context?: ArticleReferenceContext,
): ArticleMatch {
  const wanted = reference.trim().replace(/\\/gu, '/');
  if (!wanted) return { kind: 'none' };
  const exact = exactForms(wanted, context);
  const steps: Array<(source: string, title: string) => boolean> = [
    // Sources that differ only in case are told apart by the exact spelling.
    (source) => source === wanted,
    (source) => exact.has(fold(source)),
    (source) => fold(source).endsWith(`/${fold(wanted)}`),
    (_source, title) => fold(title) === fold(wanted),
  ];
  for (const fits of steps) {
    const found = articles.filter((a) => fits(a.source, a.title)).map((a) => a.source);
    if (found.length === 1) return { kind: 'match', source: found[0] as string };
    if (found.length > 1) return { kind: 'ambiguous', sources: found.sort() };
  }
  return { kind: 'none' };
}
