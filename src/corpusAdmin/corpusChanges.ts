/**
 * Changes to one server's own corpus from Discord (`/corpus add`, `/corpus remove`), one at a
 * time: each writes into that corpus folder, runs the same incremental ingest as `npm run ingest` (only
 * the changed article is embedded; the index in service keeps answering meanwhile, since an
 * ingest commits at once: the manifest replaced, or the database transaction committed), then waits until the bot's hot reload serves the
 * new generation. Concurrent requests queue behind each other. A page added by address is
 * fetched by the formats' own `fetchArticleToCorpus` (HTML or PDF, 5 MB, 15 s), from public
 * hosts only, every redirect and connection checked. A removed file is moved to the hidden `.removed/` folder of the corpus (ignored by
 * ingest), so it can be restored by hand. Each change is journalled (`changeJournal.ts`) before
 * it touches the folder; `recover`, run at bot start-up, finishes one a crash cut off: an added
 * file still there is ingested (or deleted again when the ingest skips it), a removal is
 * ingested. `remove` also finds a file in the corpus folder by its name when no indexed
 * article matches (one stranded there by hand or by an older crash).
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { articleFormat } from '../corpus/articleFormat.js';
import { leftOutBecause } from '../corpus/findArticleFiles.js';
import { corpusFileFor, fetchArticleToCorpus, validateArticleUrl, type FetchedArticle } from '../corpus/fetchArticleToCorpus.js';
import { FetchRefusedError } from '../corpus/fetchRefusedError.js';
import { isArticle, loadCorpus, parseArticle, parseConvertedArticle } from '../corpus/loadCorpus.js';
import { projectRootOf } from '../corpus/projectRootOf.js';
import { forgetSavedUrl } from '../corpus/savedUrls.js';
import type { Embedder } from '../embedding/embedder.js';
import { writeFileAtomic } from '../index/atomicFile.js';
import { probeIndex } from '../answer/probeIndex.js';
import type { IngestSummary } from '../index/ingest.js';
import { IndexError } from '../index/manifest.js';
import type { SkippedFile } from '../types.js';
import { changeJournal, JOURNAL_FILE, type JournalEntry } from './changeJournal.js';
import type { CorpusIndex } from './corpusIndex.js';

export const REMOVED_FOLDER = '.removed';
const RELOAD_TIMEOUT_MS = 60_000;

/** An article of this corpus, by its source as this corpus's index names it. */
export interface OwnArticle {
  source: string;
  title: string;
}

export interface CorpusChangeOptions {
  corpusDir: string;
  /** Where the corpus is ingested: its file index, or its tenant in the database. */
  index: CorpusIndex;
  /** The model of the corpus every server sees: a server's own index is built with it too. */
  model: () => string;
  /** The embedder for a model, loaded once for every server's changes. */
  embedder: (model: string) => Promise<Embedder>;
  /** The article of this corpus a moderator's reference names (as autocomplete offers it), or undefined. */
  findArticle: (reference: string) => Promise<OwnArticle | undefined>;
  /** The generation of this corpus's index that questions are answered from now. */
  servedGeneration: () => Promise<number>;
  log: (message: string) => void;
  /** Lets `addUrl` fetch from loopback and private networks (for a bot on an intranet, and tests). */
  allowPrivateUrls?: boolean;
  reloadTimeoutMs?: number;
}

export interface Refused {
  kind: 'refused';
  reason: string;
}

export type AddResult = { kind: 'added'; source: string; title: string; passages: number; live: boolean } | Refused;

/** `movedTo` is null when the file was already gone from the corpus folder (only the index still had it). */
export type RemoveResult = { kind: 'removed'; source: string; title: string; movedTo: string | null; live: boolean } | Refused;

/** The index's own error (another ingest holds its lock, say) names server paths: the moderator gets this instead. */
const INDEX_BUSY: Refused = {
  kind: 'refused',
  reason:
    "The index could not be updated just now (another ingest may be running on the bot's machine), so nothing was changed. Try again in a minute.",
};

export interface CorpusStatus {
  articles: number;
  passages: number;
  model: string;
  /** When the index in service was committed (ISO 8601), or null when unknown. */
  lastIngestAt: string | null;
  skipped: SkippedFile[];
}

/** Called when a change has to wait for others; the change starts once what it returns has settled. */
export type OnQueued = () => Promise<void> | void;

export interface CorpusChanges {
  add(fileName: string, bytes: Buffer, onQueued?: OnQueued): Promise<AddResult>;
  addUrl(url: string, onQueued?: OnQueued): Promise<AddResult>;
  remove(reference: string, onQueued?: OnQueued): Promise<RemoveResult>;
  status(): Promise<CorpusStatus>;
  /** Finishes the change a crash cut off, if the journal holds one (queued like any change); resolves with it. */
  recover(): Promise<JournalEntry | null>;
}

/** `/`-separated, as sources and the journal write paths. */
const slashed = (from: string, to: string) => path.relative(from, to).split(path.sep).join('/');

/** `file` when it lies inside the corpus folder (not in `.removed/`), or null. */
function insideCorpus(corpusDir: string, file: string): string | null {
  const relative = path.relative(corpusDir, file);
  const inside =
    relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) && relative.split(path.sep)[0] !== REMOVED_FOLDER;
  return inside ? file : null;
}

/** A file in the corpus folder named by `reference` (a source path or a corpus-relative one), when it exists. */
function fileNamed(corpusDir: string, projectRoot: string, reference: string): string | null {
  const candidates = [path.resolve(projectRoot, reference), path.resolve(corpusDir, reference)];
  return candidates.find((file) => insideCorpus(corpusDir, file) && existsSync(file) && statSync(file).isFile()) ?? null;
}

export function createCorpusChanges(options: CorpusChangeOptions): CorpusChanges {
  const { corpusDir, index } = options;
  let queue: Promise<unknown> = Promise.resolve();
  let pending = 0;
  let lastSkipped: SkippedFile[] | undefined;
  const journal = changeJournal(corpusDir);

  /** Runs `change` with `entry` written down first: only a crash (no `finally`) leaves the journal for `recover`. */
  const journalled = async <T>(entry: JournalEntry, change: () => Promise<T>): Promise<T> => {
    await journal.write(entry);
    try {
      return await change();
    } finally {
      await journal.clear();
    }
  };

  /** Runs `job` after every change queued before it. */
  const enqueue = <T>(job: () => Promise<T>, onQueued: OnQueued | undefined): Promise<T> => {
    // A notice that cannot be shown must not stop the change.
    const notice = pending > 0 ? Promise.resolve(onQueued?.()).catch(() => undefined) : undefined;
    pending += 1;
    const result = queue
      .then(async () => {
        await notice;
        return job();
      })
      .finally(() => {
        pending -= 1;
      });
    queue = result.catch(() => undefined);
    return result;
  };

  const waitUntilServed = async (generation: number): Promise<boolean> => {
    const deadline = Date.now() + (options.reloadTimeoutMs ?? RELOAD_TIMEOUT_MS);
    while ((await options.servedGeneration()) < generation) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return true;
  };

  /** Runs the ingest; when it fails, `undo` puts the corpus folder back as it was. */
  const ingest = async (projectRoot: string, undo: () => Promise<unknown>): Promise<IngestSummary | Refused> => {
    try {
      const loaded = await options.embedder(options.model());
      // The changed index measures its probes again, so its levels follow what it now holds.
      const summary = await index.ingest({ projectRoot, embedder: loaded, probe: probeIndex(loaded), log: options.log });
      lastSkipped = summary.skipped;
      return summary;
    } catch (error) {
      await undo();
      if (!(error instanceof IndexError)) throw error;
      options.log(`A corpus change from Discord was undone: ${error.message}`);
      return INDEX_BUSY;
    }
  };

  /**
   * Ingests a file just written into the corpus; one the ingest skips (a duplicate, say) is
   * taken out again by `discard`, with the reason.
   */
  const ingestAdded = async (projectRoot: string, source: string, discard: () => Promise<unknown>): Promise<AddResult> => {
    const summary = await ingest(projectRoot, discard);
    if ('kind' in summary) return summary;
    const indexed = (await index.read())?.articles[source];
    if (!indexed) {
      const inCorpus = slashed(corpusDir, path.join(projectRoot, ...source.split('/')));
      const reason = summary.skipped.find((s) => s.source === source)?.reason ?? (await leftOutBecause(corpusDir, inCorpus));
      await discard();
      return { kind: 'refused', reason: `That could not be added${reason ? `: ${reason}` : ''}.` };
    }
    return { kind: 'added', source, title: indexed.title, passages: indexed.passages, live: await waitUntilServed(summary.generation) };
  };

  return {
    add: (fileName, bytes, onQueued) =>
      enqueue(async (): Promise<AddResult> => {
        const indexed = await index.read();
        const projectRoot = projectRootOf(indexed, corpusDir);
        const file = path.join(corpusDir, fileName);
        const source = path.relative(projectRoot, file).split(path.sep).join('/');
        if (existsSync(file)) {
          return {
            kind: 'refused',
            reason: `The corpus already has a file named ${fileName}: remove that article first with /corpus remove, or rename your file.`,
          };
        }
        const format = articleFormat(fileName) ?? 'text';
        const parsed = format === 'text' ? parseArticle(source, bytes) : await parseConvertedArticle(source, format, bytes);
        if (!isArticle(parsed)) return { kind: 'refused', reason: `That file cannot be added: ${parsed.reason}.` };
        const twin = Object.entries(indexed?.articles ?? {}).find(([, article]) => article.contentHash === parsed.contentHash);
        if (twin) return { kind: 'refused', reason: `That text is already in the corpus, as “${twin[1].title}” (${twin[0]}).` };

        return journalled({ kind: 'add', files: [slashed(corpusDir, file)] }, async () => {
          await writeFileAtomic(file, bytes);
          return ingestAdded(projectRoot, source, () => rm(file, { force: true }));
        });
      }, onQueued),

    addUrl: (urlText, onQueued) =>
      enqueue(async (): Promise<AddResult> => {
        let url: URL;
        try {
          url = validateArticleUrl(urlText);
        } catch (error) {
          if (error instanceof FetchRefusedError) return { kind: 'refused', reason: error.message };
          throw error;
        }
        // Fetching again would overwrite the article in service, and a failure then could not put it back.
        const candidates = (['html', 'pdf'] as const).map((type) => corpusFileFor(url, type));
        const existing = candidates.find((file) => existsSync(path.join(corpusDir, ...file.split('/'))));
        if (existing)
          return {
            kind: 'refused',
            reason: `That address is already in the corpus, as ${existing}: remove it first with /corpus remove to fetch it again.`,
          };
        return journalled({ kind: 'add', files: candidates }, async (): Promise<AddResult> => {
          let fetched: FetchedArticle;
          try {
            fetched = await fetchArticleToCorpus(url.href, corpusDir, { network: { allowPrivate: options.allowPrivateUrls } });
          } catch (error) {
            if (error instanceof FetchRefusedError) return { kind: 'refused', reason: `That page cannot be added: ${error.message}` };
            throw error;
          }
          const projectRoot = projectRootOf(await index.read(), corpusDir);
          const file = path.join(corpusDir, ...fetched.file.split('/'));
          // The page's address goes with it: the sources file keeps no entry for a page not in the corpus.
          const discard = () => Promise.all([rm(file, { force: true }), forgetSavedUrl(corpusDir, fetched.file)]);
          return ingestAdded(projectRoot, slashed(projectRoot, file), discard);
        });
      }, onQueued),

    remove: (reference, onQueued) =>
      enqueue(async (): Promise<RemoveResult> => {
        const projectRoot = projectRootOf(await index.read(), corpusDir);
        const article = await options.findArticle(reference);
        const file = article ? path.resolve(projectRoot, article.source) : fileNamed(corpusDir, projectRoot, reference);
        if (!file) return { kind: 'refused', reason: 'No article matches that name; pick one from the list or see /sources.' };
        if (!insideCorpus(corpusDir, file)) {
          return { kind: 'refused', reason: 'That article is not in the corpus folder, so it cannot be removed from Discord.' };
        }
        const removedDir = path.join(corpusDir, REMOVED_FOLDER);
        await mkdir(removedDir, { recursive: true });
        const target = path.join(removedDir, `${new Date().toISOString().replace(/[:.]/gu, '-')}-${path.basename(file)}`);
        return journalled(
          { kind: 'remove', file: slashed(corpusDir, file), movedTo: slashed(corpusDir, target) },
          async (): Promise<RemoveResult> => {
            const moved = await rename(file, target).then(
              () => true,
              (error: NodeJS.ErrnoException) => {
                if (error.code !== 'ENOENT') throw error;
                return false;
              },
            );
            const summary = await ingest(projectRoot, () => (moved ? rename(target, file) : Promise.resolve()));
            if ('kind' in summary) return summary;
            return {
              kind: 'removed',
              source: article?.source ?? slashed(projectRoot, file),
              title: article?.title ?? path.basename(file),
              movedTo: moved ? slashed(projectRoot, target) : null,
              live: await waitUntilServed(summary.generation),
            };
          },
        );
      }, onQueued),

    recover: () =>
      enqueue(async (): Promise<JournalEntry | null> => {
        const entry = await journal.read();
        if (entry === 'damaged') {
          options.log(`The corpus change journal (${JOURNAL_FILE}) could not be read; it was set aside unread.`);
          await journal.clear();
          return null;
        }
        if (!entry) return null;
        const projectRoot = projectRootOf(await index.read(), corpusDir);
        if (entry.kind === 'add') {
          const written = entry.files
            .map((file) => insideCorpus(corpusDir, path.resolve(corpusDir, file)))
            .filter((file): file is string => file !== null && existsSync(file));
          for (const file of written) {
            // A fetched page's address goes with it, as when its add is refused (a no-op for an upload).
            const discard = () => Promise.all([rm(file, { force: true }), forgetSavedUrl(corpusDir, slashed(corpusDir, file))]);
            const result = await ingestAdded(projectRoot, slashed(projectRoot, file), discard);
            options.log(
              `A corpus change cut off by a restart: ${slashed(corpusDir, file)} was ${result.kind === 'added' ? 'added' : `deleted again (${result.reason})`}.`,
            );
          }
        } else {
          // Moved aside or not, the index now follows the folder; served, as after any removal.
          const summary = await ingest(projectRoot, () => Promise.resolve());
          if (!('kind' in summary)) await waitUntilServed(summary.generation);
          options.log(`A corpus change cut off by a restart: the removal of ${entry.file} was finished.`);
        }
        await journal.clear();
        return entry;
      }, undefined),

    async status() {
      const indexed = await index.read();
      const articles = Object.values(indexed?.articles ?? {});
      // Until the bot has run an ingest itself, the skipped files are read off the corpus folder.
      const isIndexed = (source: string, contentHash: string) => indexed?.articles[source]?.contentHash === contentHash;
      lastSkipped ??= (await loadCorpus(corpusDir, projectRootOf(indexed, corpusDir), { isIndexed }).catch(() => ({ skipped: [] })))
        .skipped;
      return {
        articles: articles.length,
        passages: articles.reduce((sum, a) => sum + a.passages, 0),
        model: indexed?.model ?? options.model(),
        lastIngestAt: indexed?.committedAt ?? null,
        skipped: lastSkipped,
      };
    },
  };
}
