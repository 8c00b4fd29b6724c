/**
 * The text the index cites for an article, read from disk when one of its quotes is about to be
 * shown: the source file for text articles, the text snapshot in the index for converted ones
 * (HTML, PDF, Word). Its sha256 is compared with the one indexed, so an article changed on disk
 * is reported even where its quotes still read the same.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { contentHashOf } from '../corpus/loadCorpus.js';
import type { IndexSnapshot } from './loadIndex.js';
import type { StoredText } from './passageStore.js';
import { sha256 } from './segment.js';

// As ingest reads a text article: the byte order mark kept, so offsets count it too.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Reads stored texts for `snapshot`, whose text articles' source paths are relative to `sourceRoot`. */
export function storedTexts(snapshot: IndexSnapshot, sourceRoot: string): (source: string) => Promise<StoredText> {
  const checksumsBySegment = new Map(snapshot.manifest.segments.map((s) => [s.id, s.checksums]));
  return async (source) => {
    const entry = snapshot.manifest.articles[source];
    const file = entry?.textFile ? path.join(snapshot.indexDir, entry.textFile) : path.join(sourceRoot, source);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      return { text: null, problem: `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    // A snapshot's checksum is its segment's; a text file's is the content hash ingest read it with.
    const expected = entry?.textFile
      ? checksumsBySegment.get(entry.segment)?.[path.posix.relative(`segments/${entry.segment}`, entry.textFile)]
      : entry?.contentHash;
    const actual = entry?.textFile ? sha256(bytes) : contentHashOf('text', bytes);
    const problem = expected !== undefined && actual !== expected ? `${file} has changed since it was indexed` : null;
    return { text: utf8.decode(bytes), problem };
  };
}
