/**
 * Where fetched pages came from: `ingest --url` saves a page's bytes unchanged (so its content
 * hash is the page's) and records its address here, in a dot-file of the corpus folder that is
 * never indexed itself. Citations use it when the page names no canonical URL of its own.
 */
import { readFile, rm } from 'node:fs/promises';
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

/** `change` returns false when it changed nothing: the file is then left as it is. */
function changeEntries(corpusDir: string, change: (entries: Record<string, SavedUrlEntry>) => boolean): Promise<void> {
  const record = async () => {
    const entries = await readEntries(corpusDir);
    if (!change(entries)) return;
    const target = path.join(corpusDir, SAVED_URLS_FILE);
    // A corpus with no fetched page keeps no sources file, as before its first fetch.
    if (Object.keys(entries).length === 0) return rm(target, { force: true });
    const sorted = Object.fromEntries(Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : 1)));
    await writeFileAtomic(target, `${JSON.stringify(sorted, null, 2)}\n`);
  };
  const done = recording.then(record);
  recording = done.catch(() => undefined);
  return done;
}

export function recordSavedUrl(corpusDir: string, file: string, url: string, fetchedAt: Date): Promise<void> {
  return changeEntries(corpusDir, (entries) => {
    entries[file] = { url, fetchedAt: fetchedAt.toISOString() };
    return true;
  });
}

/** Drops the record of a fetched file that did not stay in the corpus (its add was refused or undone). */
export function forgetSavedUrl(corpusDir: string, file: string): Promise<void> {
  return changeEntries(corpusDir, (entries) => file in entries && delete entries[file]);
}
