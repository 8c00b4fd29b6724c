import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import { sourceRootOf } from './loadCorpus.js';

/**
 * The folder the index's source paths are relative to: the corpus folder's parent, as every
 * ingest writes them now, or the project root for an index written before.
 */
export function projectRootOf(indexed: { articles: Record<string, unknown> } | null, corpusDir: string): string {
  const source = Object.keys(indexed?.articles ?? {})[0];
  if (!source) return sourceRootOf(corpusDir);
  const inside = (root: string) => !path.relative(corpusDir, path.resolve(root, source)).startsWith('..');
  return [sourceRootOf(corpusDir), PROJECT_ROOT].find(inside) ?? sourceRootOf(corpusDir);
}
