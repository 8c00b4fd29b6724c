/**
 * Where fetched pages came from: `ingest --url` saves a page's bytes unchanged (so its content
 * hash is the page's) and records its address here, in a dot-file of the corpus folder that is
 * never indexed itself. Citations use it when the page names no canonical URL of its own.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../index/atomicFile.js';

export const SAVED_URLS_FILE = '.verbatim-sources.json';

interface SavedUrlEntry {
  url: string;
  fetchedAt: string;
}

async function readEntries(corpusDir: string): Promise<Record<string, SavedUrlEntry>> {
  try {
    const data: unknown = JSON.parse(await readFile(path.join(corpusDir, SAVED_URLS_FILE), 'utf8'));
    return data && typeof data === 'object' ? (data as Record<string, SavedUrlEntry>) : {};
  } catch {
    // Missing or damaged: the pages are still articles, they only lose the address they came from.
    return {};
  }
}

/** Corpus-relative path (forward slashes) → the URL it was fetched from. */
export async function readSavedUrls(corpusDir: string): Promise<Map<string, string>> {
  const entries = await readEntries(corpusDir);
  return new Map(Object.entries(entries).flatMap(([file, entry]) => (typeof entry?.url === 'string' ? [[file, entry.url] as const] : [])));
}

/** Records are read, changed and written one at a time, so fetches running together lose none. */
let recording: Promise<void> = Promise.resolve();

export function recordSavedUrl(corpusDir: string, file: string, url: string, fetchedAt: Date): Promise<void> {
  const record = async () => {
    const entries = await readEntries(corpusDir);
    entries[file] = { url, fetchedAt: fetchedAt.toISOString() };
    const sorted = Object.fromEntries(Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : 1)));
    await writeFileAtomic(path.join(corpusDir, SAVED_URLS_FILE), `${JSON.stringify(sorted, null, 2)}\n`);
  };
  const done = recording.then(record);
  recording = done.catch(() => undefined);
  return done;
}
