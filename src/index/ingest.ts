/**
 * Ingest: corpus → passages → vectors → segments, committed by replacing the manifest.
 *
 * Incremental: articles whose content hash is unchanged keep their vectors; only segments
 * holding a changed or deleted article are rewritten (their unchanged articles are carried
 * over without re-embedding). With a probe step, the new generation's confidence levels are
 * measured before it is committed and committed with it, under the same lock. Crash-safe: new
 * segments are written aside under new names and the manifest rename is the single commit
 * point, so a killed ingest leaves the previous index fully usable; leftovers are swept by the
 * next ingest.
 */
import { mkdir, readdir, readFile, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CHUNKER_VERSION, chunkArticle } from '../chunking/chunkArticle.js';
import { isArticle, loadCorpus, type UnchangedFile } from '../corpus/loadCorpus.js';
import type { Article, SkippedFile } from '../types.js';
import { writeFileAtomic } from './atomicFile.js';
import { type MeasureLevels, recommitWithLevels } from './calibrateIndex.js';
import { acquireIngestLock } from './ingestLock.js';
import { loadIndex } from './loadIndex.js';
import {
  IndexDamagedError,
  IndexError,
  IndexFormatError,
  type IndexCalibration,
  type IndexManifest,
  manifestPath,
  type ManifestArticle,
  MANIFEST_FORMAT,
  type ModelIdentity,
  readManifest,
  sameModel,
  writeManifest,
} from './manifest.js';
import { type IndexedArticle, indexedArticlesOf, readSegment, segmentProblem, segmentsDir, writeSegment } from './segment.js';
import { forgetStale, staleArticles } from './staleArticles.js';

/** Keeps each segment's files small enough that a re-ingest rewrites little (about 6 MB of vectors at 384 dimensions). */
export const SEGMENT_MAX_PASSAGES = 4096;
const EMBED_BATCH = 32;

export interface PassageEmbedder {
  identity: ModelIdentity;
  maxTokens: number;
  embedPassages(texts: string[]): Promise<Float32Array[]>;
}

export interface IngestProgress {
  phase: 'embedding';
  done: number;
  total: number;
}

/**
 * The probe step of an ingest (the engine's probe questions, passed in by the caller: the index
 * does not know the engine). Measured again only when the index changed or its levels no longer hold.
 */
export interface IndexProbe {
  /** Whether the levels of an unchanged index still hold (they were measured with this scorer). */
  holds: (manifest: IndexManifest) => boolean;
  measure: MeasureLevels;
}

export interface IngestOptions {
  corpusDir: string;
  indexDir: string;
  projectRoot: string;
  embedder: PassageEmbedder;
  rebuild?: boolean;
  /** Without it the committed index has no levels of its own (the fitted ones apply). */
  probe?: IndexProbe;
  segmentMaxPassages?: number;
  onProgress?: (progress: IngestProgress) => void;
  log?: (message: string) => void;
  /** See `LoadOptions.allowEmpty`. */
  allowEmpty?: boolean;
}

export interface IngestSummary {
  articles: number;
  passages: number;
  /** Passages embedded by this run (new or changed articles). */
  embeddedPassages: number;
  addedOrChanged: number;
  unchanged: number;
  removed: number;
  skipped: SkippedFile[];
  /** The skipped files that were not skipped for the same reason by the previous ingest (each was logged as found). */
  newlySkipped: SkippedFile[];
  seconds: number;
  /** Embedded passages per second of the whole run. */
  passagesPerSecond: number;
  generation: number;
  /** The index folder's size; in the database, the size of this corpus's rows (not the shared indexes). */
  indexBytes: number;
  /** True when no article changed (the levels may still have been measured again). */
  upToDate: boolean;
  /** The levels the probe step measured, committed in `generation`; absent when those in force still hold or there was no probe. */
  calibration?: IndexCalibration;
}

export interface IngestPlan<T> {
  /** Articles to chunk and embed. */
  toEmbed: T[];
  /** Old segments that stay in service untouched. */
  keptSegments: string[];
  /** Old segments to rewrite, with the unchanged articles to carry from each. */
  carried: Map<string, Set<string>>;
  unchanged: number;
  removed: string[];
}

/** Decides what an ingest must do, from the previous manifest and the articles now on disk. */
export function planIngest<T extends { source: string; contentHash: string }>(
  previous: IndexManifest | null,
  articles: T[],
): IngestPlan<T> {
  const now = new Map(articles.map((a) => [a.source, a]));
  const old = previous?.articles ?? {};
  const toEmbed = articles.filter((a) => old[a.source]?.contentHash !== a.contentHash);
  const removed = Object.keys(old).filter((source) => !now.has(source));
  const dirty = new Set([...toEmbed.map((a) => old[a.source]?.segment), ...removed.map((s) => old[s]?.segment)]);
  const carried = new Map<string, Set<string>>();
  let unchanged = 0;
  for (const [source, entry] of Object.entries(old)) {
    if (now.get(source)?.contentHash !== entry.contentHash) continue;
    unchanged += 1;
    if (!dirty.has(entry.segment)) continue;
    const set = carried.get(entry.segment) ?? new Set<string>();
    set.add(source);
    carried.set(entry.segment, set);
  }
  const keptSegments = (previous?.segments ?? []).map((s) => s.id).filter((id) => !dirty.has(id));
  return { toEmbed, keptSegments, carried, unchanged, removed };
}

/** Groups whole articles into segments of at most `maxPassages` passages (an oversized article gets its own). */
export function packSegments(items: IndexedArticle[], maxPassages: number): IndexedArticle[][] {
  const groups: IndexedArticle[][] = [];
  let current: IndexedArticle[] = [];
  let size = 0;
  for (const item of items) {
    if (current.length > 0 && size + item.passages.length > maxPassages) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += item.passages.length;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/** Removes segment folders the manifest does not name: leftovers of a killed ingest or of a replaced generation. */
async function sweepSegments(indexDir: string, inService: Set<string>): Promise<void> {
  const dir = segmentsDir(indexDir);
  const entries = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    entries.filter((name) => !inService.has(name)).map((name) => rm(path.join(dir, name), { recursive: true, force: true })),
  );
}

/** New or changed articles as passages still waiting for their vectors. */
function chunkArticles(articles: Article[], maxTokens: number): IndexedArticle[] {
  return articles.map((article) => ({
    article,
    passages: chunkArticle(article, { maxTokens }).map(({ text: _text, ...record }) => record),
    vectors: [],
  }));
}

const needsVectors = (item: IndexedArticle) => item.vectors.length !== item.passages.length;

/**
 * Embeds the passages of one segment's articles that have no vectors yet. Ingest embeds
 * segment by segment, just before writing each, so it holds one segment's vectors at a time
 * instead of the whole corpus's.
 */
async function embedGroup(
  group: IndexedArticle[],
  embedder: PassageEmbedder,
  onEmbedded: (count: number) => void,
): Promise<IndexedArticle[]> {
  const texts = group.filter(needsVectors).flatMap((item) => item.passages.map((p) => item.article.text.slice(p.start, p.end)));
  const vectors: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += EMBED_BATCH) {
    const batch = await embedder.embedPassages(texts.slice(i, i + EMBED_BATCH));
    vectors.push(...batch);
    onEmbedded(batch.length);
  }
  let next = 0;
  return group.map((item) => (needsVectors(item) ? { ...item, vectors: item.passages.map(() => vectors[next++] as Float32Array) } : item));
}

/**
 * Writes `fresh` articles as new segments of `generation`, beside the previous manifest's
 * `keptSegments`, and returns the manifest that will commit them. `generation` follows the manifest
 * on disk even when `previous` is null (a rebuild carries nothing over), so new segment names
 * never collide with the live index's and a watching bot sees a new generation.
 */
async function writeGeneration(
  indexDir: string,
  generation: number,
  previous: IndexManifest | null,
  keptSegments: string[],
  fresh: IndexedArticle[],
  options: {
    model: ModelIdentity;
    chunkerVersion: string;
    maxPassages: number;
    /** Gives every article of a segment its vectors, just before the segment is written. */
    complete: (group: IndexedArticle[]) => Promise<IndexedArticle[]>;
  },
): Promise<IndexManifest> {
  const manifest: IndexManifest = {
    format: MANIFEST_FORMAT,
    generation,
    createdAt: new Date().toISOString(),
    model: options.model,
    chunkerVersion: options.chunkerVersion,
    segments: (previous?.segments ?? []).filter((s) => keptSegments.includes(s.id)),
    articles: Object.fromEntries(Object.entries(previous?.articles ?? {}).filter(([, entry]) => keptSegments.includes(entry.segment))),
  };
  for (const [n, group] of packSegments(fresh, options.maxPassages).entries()) {
    const id = `g${String(generation).padStart(6, '0')}-${String(n).padStart(4, '0')}`;
    const { snapshots, checksums } = await writeSegment(indexDir, id, await options.complete(group), options.model.dimensions);
    const passages = group.reduce((total, item) => total + item.passages.length, 0);
    manifest.segments.push({ id, articles: group.length, passages, checksums });
    for (const { article, passages: ps } of group) {
      const entry: ManifestArticle = { contentHash: article.contentHash, segment: id, title: article.title, passages: ps.length };
      const textFile = snapshots.get(article.source);
      if (textFile) entry.textFile = textFile;
      manifest.articles[article.source] = entry;
    }
  }
  return manifest;
}

/** The commit point: replaces the manifest, then removes the segments it no longer names. */
async function commitManifest(indexDir: string, manifest: IndexManifest): Promise<void> {
  await writeManifest(indexDir, manifest);
  await sweepSegments(indexDir, new Set(manifest.segments.map((s) => s.id)));
}

/**
 * Rewrites the segments holding `sources`, with `edit` applied to each of those articles, as
 * one committed generation: how the file store's upsert and delete change stored vectors.
 * The corpus stays the source of truth — the next ingest re-embeds an article that changed.
 */
export async function editIndexedArticles(
  indexDir: string,
  sources: Set<string>,
  edit: (item: IndexedArticle) => IndexedArticle,
): Promise<void> {
  const releaseLock = await acquireIngestLock(indexDir);
  try {
    const previous = await readManifest(indexDir);
    if (!previous) throw new IndexError(`No index in ${indexDir}. Build it with: npm run ingest`);
    const dirty = new Set([...sources].flatMap((source) => previous.articles[source]?.segment ?? []));
    const dimensions = previous.model.dimensions;
    const fresh: IndexedArticle[] = [];
    for (const info of previous.segments.filter((s) => dirty.has(s.id))) {
      const segment = await readSegment(indexDir, info, dimensions);
      const items = indexedArticlesOf(segment, dimensions, new Set(segment.articles.map((a) => a.source)));
      fresh.push(...items.map((item) => (sources.has(item.article.source) ? edit(item) : item)));
    }
    const manifest = await writeGeneration(
      indexDir,
      previous.generation + 1,
      previous,
      previous.segments.map((s) => s.id).filter((id) => !dirty.has(id)),
      fresh.filter((item) => item.passages.length > 0),
      {
        model: previous.model,
        chunkerVersion: previous.chunkerVersion,
        maxPassages: SEGMENT_MAX_PASSAGES,
        complete: async (group) => group,
      },
    );
    await commitManifest(indexDir, manifest);
  } finally {
    await releaseLock();
  }
}

/** The last ingest's skipped files: reporting memory only, not part of the committed index. */
const skippedFile = (indexDir: string) => path.join(indexDir, 'skipped.json');

/**
 * Remembers which files this ingest skipped and returns those the previous one did not skip
 * for the same reason, so that a re-ingest does not list every unchanged skipped file again.
 */
async function rememberSkipped(indexDir: string, skipped: SkippedFile[]): Promise<SkippedFile[]> {
  const key = (file: SkippedFile) => `${file.source}\0${file.reason}`;
  let before = new Set<string>();
  try {
    before = new Set((JSON.parse(await readFile(skippedFile(indexDir), 'utf8')) as SkippedFile[]).map(key));
  } catch {
    // None yet, or unreadable: every skipped file is news.
  }
  await writeFileAtomic(skippedFile(indexDir), JSON.stringify(skipped));
  return skipped.filter((file) => !before.has(key(file)));
}

/** The manifest in service, or null when there is none or it cannot be used (then the index is rebuilt, said in `log`). */
async function readLiveManifest(indexDir: string, log: (message: string) => void): Promise<IndexManifest | null> {
  try {
    return await readManifest(indexDir);
  } catch (error) {
    if (error instanceof IndexFormatError) log('The index on disk was written in an older format; rebuilding it.');
    else if (error instanceof IndexDamagedError) log(`${error.message.split('. Repair')[0]}; rebuilding the index.`);
    else throw error;
    return null;
  }
}

/** Never a file's sha256: an article an answer found stale counts as changed, so it is read and embedded again. */
const STALE = 'stale';

/**
 * What of the live index this ingest may carry over: nothing when the model or the passage
 * splitter changed; otherwise every segment whose files match their checksums (the articles of
 * a damaged segment, or of one written before checksums were kept, are embedded again, so
 * damage is repaired, not reported up to date), with the articles answers found stale
 * marked changed.
 */
async function reusableIndex(
  indexDir: string,
  live: IndexManifest,
  identity: ModelIdentity,
  stale: string[],
  log: (message: string) => void,
): Promise<IndexManifest | null> {
  if (!sameModel(live.model, identity)) {
    log(`The index was built with ${live.model.id}; rebuilding it with ${identity.id}.`);
    return null;
  }
  if (live.chunkerVersion !== CHUNKER_VERSION) {
    log('The passage splitter has changed since the index was built; rebuilding it.');
    return null;
  }
  const damaged = new Set<string>();
  for (const segment of live.segments) {
    if (!segment.checksums) {
      damaged.add(segment.id);
      log(`Segment ${segment.id} was written before checksums were kept; its ${segment.articles} article(s) are indexed again.`);
      continue;
    }
    const problem = await segmentProblem(indexDir, segment);
    if (!problem) continue;
    damaged.add(segment.id);
    log(`The index is damaged: ${problem}. Its ${segment.articles} article(s) are indexed again.`);
  }
  const reread = stale.filter((source) => live.articles[source] !== undefined);
  if (reread.length > 0) log(`Read again, as answers found them changed on disk: ${reread.join(', ')}.`);
  return {
    ...live,
    segments: live.segments.filter((s) => !damaged.has(s.id)),
    articles: Object.fromEntries(
      Object.entries(live.articles)
        .filter(([, entry]) => !damaged.has(entry.segment))
        .map(([source, entry]) => [source, reread.includes(source) ? { ...entry, contentHash: STALE } : entry]),
    ),
  };
}

export async function ingestCorpus(options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const { indexDir, embedder } = options;
  const log = options.log ?? (() => undefined);
  await mkdir(segmentsDir(indexDir), { recursive: true });
  const releaseLock = await acquireIngestLock(indexDir);
  try {
    // The index in service: its generation numbers the next one, and its segments stay until the
    // new manifest is committed. `previous` is what this ingest may carry over from it.
    const live = await readLiveManifest(indexDir, log);
    const stale = await staleArticles(indexDir);
    const previous = live && !options.rebuild ? await reusableIndex(indexDir, live, embedder.identity, stale, log) : null;
    await sweepSegments(indexDir, new Set(live?.segments.map((s) => s.id) ?? []));
    // Files the index holds as they are need not be read into articles (or converted) again.
    const { articles, unchanged, skipped } = await loadCorpus(options.corpusDir, options.projectRoot, {
      log,
      allowEmpty: options.allowEmpty,
      isIndexed: previous ? (source, contentHash) => previous.articles[source]?.contentHash === contentHash : undefined,
    });

    const newlySkipped = await rememberSkipped(indexDir, skipped);
    for (const file of newlySkipped) log(`Skipped ${file.source}: ${file.reason}`);
    const plan = planIngest<Article | UnchangedFile>(previous, [...articles, ...unchanged]);
    // An unchanged file has the hash the index holds, so it is never among the files to embed.
    const toEmbed = plan.toEmbed.filter(isArticle);
    const summarize = async (
      manifest: IndexManifest,
      embeddedPassages: number,
      upToDate: boolean,
      calibration?: IndexCalibration,
    ): Promise<IngestSummary> => {
      const seconds = (performance.now() - started) / 1000;
      return {
        articles: Object.keys(manifest.articles).length,
        passages: manifest.segments.reduce((n, s) => n + s.passages, 0),
        embeddedPassages,
        addedOrChanged: plan.toEmbed.length,
        unchanged: plan.unchanged,
        removed: plan.removed.length,
        skipped,
        newlySkipped,
        seconds,
        passagesPerSecond: embeddedPassages / seconds,
        generation: manifest.generation,
        indexBytes: await directoryBytes(indexDir),
        upToDate,
        ...(calibration ? { calibration } : {}),
      };
    };
    if (live && previous && plan.toEmbed.length === 0 && plan.removed.length === 0) {
      await forgetStale(indexDir, stale);
      if (!options.probe || options.probe.holds(live)) return await summarize(live, 0, true);
      const recalibrated = await recommitWithLevels(indexDir, live, options.probe.measure);
      return await summarize(recalibrated, 0, true, recalibrated.calibration);
    }

    const dimensions = embedder.identity.dimensions;
    const carried: IndexedArticle[] = [];
    const segmentInfo = new Map(previous?.segments.map((s) => [s.id, s]) ?? []);
    for (const [segmentId, sources] of plan.carried) {
      const info = segmentInfo.get(segmentId);
      if (!info) throw new IndexError(`The manifest names segment ${segmentId} for an article but does not list it.`);
      carried.push(...indexedArticlesOf(await readSegment(indexDir, info, dimensions), dimensions, sources));
    }
    const chunked = chunkArticles(toEmbed, embedder.maxTokens);
    const fresh = [...carried, ...chunked].filter((item) => item.passages.length > 0);
    const total = chunked.reduce((n, item) => n + item.passages.length, 0);
    let done = 0;
    options.onProgress?.({ phase: 'embedding', done, total });
    const written = await writeGeneration(indexDir, (live?.generation ?? 0) + 1, previous, plan.keptSegments, fresh, {
      model: embedder.identity,
      chunkerVersion: CHUNKER_VERSION,
      maxPassages: options.segmentMaxPassages ?? SEGMENT_MAX_PASSAGES,
      complete: (group) =>
        embedGroup(group, embedder, (count) => {
          done += count;
          options.onProgress?.({ phase: 'embedding', done, total });
        }),
    });
    const calibration = options.probe ? await options.probe.measure(await loadIndex(indexDir, written)) : undefined;
    await commitManifest(indexDir, calibration ? { ...written, calibration } : written);
    await forgetStale(indexDir, stale);
    return await summarize(written, total, false, calibration);
  } catch (error) {
    await removeIfNeverCommitted(indexDir);
    throw error;
  } finally {
    await releaseLock();
  }
}

/** After a failed first ingest, leaves no empty index folder behind that looks like an index. */
async function removeIfNeverCommitted(indexDir: string): Promise<void> {
  if (await stat(manifestPath(indexDir)).catch(() => null)) return;
  await rm(skippedFile(indexDir), { force: true });
  // rmdir removes only empty folders: anything else in them stays.
  await rmdir(segmentsDir(indexDir)).catch(() => undefined);
}
