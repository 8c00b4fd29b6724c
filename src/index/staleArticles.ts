/**
 * Articles an answer found stale: the file the index cites for them (the source, or the text
 * snapshot of a converted format) no longer holds the text the index quotes. Kept in
 * `stale.json` beside the manifest, not in it, so the bot never writes the manifest an ingest
 * commits; the next ingest reads each of them again and forgets them.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomicFile.js';

const staleFile = (indexDir: string) => path.join(indexDir, 'stale.json');

/** The sources reported stale since the last ingest (none when the list is missing or unreadable: it is only advice). */
export async function staleArticles(indexDir: string): Promise<string[]> {
  try {
    const sources: unknown = JSON.parse(await readFile(staleFile(indexDir), 'utf8'));
    return Array.isArray(sources) ? sources.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

export async function markStale(indexDir: string, source: string): Promise<void> {
  const sources = await staleArticles(indexDir);
  if (!sources.includes(source)) await writeFileAtomic(staleFile(indexDir), JSON.stringify([...sources, source]));
}

/** After an ingest read `sources` again: those reported since stay for the next one. */
export async function forgetStale(indexDir: string, sources: string[]): Promise<void> {
  const remaining = (await staleArticles(indexDir)).filter((source) => !sources.includes(source));
  if (remaining.length === 0) await rm(staleFile(indexDir), { force: true });
  else await writeFileAtomic(staleFile(indexDir), JSON.stringify(remaining));
}
