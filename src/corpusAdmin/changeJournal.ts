/**
 * A corpus change from Discord, written down (atomically) before it touches the corpus folder
 * and removed once it is done, so that one cut off by a crash is not left half made: a file
 * written but never ingested would be refused on a second add ("already has a file named…")
 * and unknown to `/corpus remove`. Bot start-up reads it back and finishes or undoes the
 * change (see `corpusChanges.ts`). It lives in the corpus folder, as a dot-file the ingest
 * leaves out; paths in it are relative to the corpus folder, `/`-separated.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../index/atomicFile.js';

export const JOURNAL_FILE = '.verbatim-change.json';

const corpusPath = z.string().min(1);
const entrySchema = z.discriminatedUnion('kind', [
  /** The files the add may have written (an address may become a page or a PDF). */
  z.object({ kind: z.literal('add'), files: z.array(corpusPath) }),
  z.object({ kind: z.literal('remove'), file: corpusPath, movedTo: corpusPath }),
]);

export type JournalEntry = z.infer<typeof entrySchema>;

export interface ChangeJournal {
  write(entry: JournalEntry): Promise<void>;
  /** The change left unfinished, or null; a journal that does not parse is reported as `damaged`. */
  read(): Promise<JournalEntry | 'damaged' | null>;
  clear(): Promise<void>;
}

export function changeJournal(corpusDir: string): ChangeJournal {
  const file = path.join(corpusDir, JOURNAL_FILE);
  return {
    write: (entry) => writeFileAtomic(file, `${JSON.stringify(entry)}\n`),
    async read() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      try {
        const parsed = entrySchema.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : 'damaged';
      } catch {
        return 'damaged';
      }
    },
    clear: () => rm(file, { force: true }),
  };
}
