/**
 * The composition root of the query side: loads the index snapshot and the embedding model
 * the manifest names (once), and answers through retrieval → answer assembly. Also provides
 * the hot-reloading holder the bot uses while the corpus is re-ingested.
 */
import { watchFile, unwatchFile } from 'node:fs';
import type { CoreConfig } from '../config.js';
import { createEmbedder, type Embedder } from '../embedding/embedder.js';
import { loadIndex, MissingIndexError, type IndexSnapshot } from '../index/loadIndex.js';
import { IndexError, manifestPath, readManifest, sameModel } from '../index/manifest.js';
import { indexWords, processTerm } from '../index/lexical.js';
import { candidatePassages, rankCandidates, wordSimilarity } from '../retrieval/searchPassages.js';
import { createWordVectorCache } from '../retrieval/wordVectors.js';
import type { Answer, Article, ArticleSummary, ParagraphWindow } from '../types.js';
import { draftQuotes, finishAnswer, sentencesToEmbed } from './buildAnswer.js';
import type { AskOptions, CorpusEngine } from './engine.js';
import { relevanceThresholdFor } from './threshold.js';

export { MissingIndexError };

export class UnknownSourceError extends Error {
  override name = 'UnknownSourceError';
}

export const MAX_QUOTES = 25;
/** Longer questions are cut for retrieval: no answer hinges on the 2,001st character, and it bounds the work. */
export const MAX_QUESTION_CHARS = 2000;

/** Control characters would only confuse tokenisers; they never carry meaning in a question. */
export function cleanQuestion(question: string): string {
  return question.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').replace(/\s+/gu, ' ').trim().slice(0, MAX_QUESTION_CHARS);
}

/** An article by source path, file name or title (case-insensitive), or undefined. */
export function resolveArticle(snapshot: IndexSnapshot, reference: string): Article | undefined {
  const wanted = reference.trim().toLowerCase();
  if (!wanted) return undefined;
  return (
    snapshot.articleBySource.get(reference.trim()) ??
    snapshot.articles.find((a) => a.source.toLowerCase() === wanted) ??
    snapshot.articles.find((a) => a.source.toLowerCase().split('/').at(-1) === wanted) ??
    snapshot.articles.find((a) => a.title.toLowerCase() === wanted)
  );
}

function summarise(snapshot: IndexSnapshot, article: Article): ArticleSummary {
  const rows = snapshot.rowsBySource.get(article.source);
  const summary: ArticleSummary = {
    source: article.source,
    title: article.title,
    paragraphs: article.paragraphs.length,
    passages: rows ? rows.end - rows.first : 0,
  };
  if (article.meta.url) summary.url = article.meta.url;
  return summary;
}

/** The stages of answering one question, timed separately by the benchmarks. */
export type QueryPhase = 'embedding' | 'retrieval' | 'assembly';

export interface EngineOptions {
  /** Called with each stage's duration, in milliseconds, for every question asked. */
  onPhase?: (phase: QueryPhase, ms: number) => void;
}

export function createCorpusEngine(
  snapshot: IndexSnapshot,
  embedder: Pick<Embedder, 'embedQuery' | 'embedPassages'>,
  threshold: number,
  engineOptions: EngineOptions = {},
): CorpusEngine {
  const wordVectors = createWordVectorCache(
    (words) => embedder.embedPassages(words),
    (word) => snapshot.documentFrequencies.has(processTerm(word) ?? ''),
  );
  const ask = async (rawQuestion: string, options: AskOptions = {}): Promise<Answer> => {
    const question = cleanQuestion(rawQuestion);
    if (!question) return { question: rawQuestion, answered: false, quotes: [] };
    let source: string | undefined;
    if (options.source !== undefined) {
      const article = resolveArticle(snapshot, options.source);
      if (!article) throw new UnknownSourceError(`No article matches "${options.source}".`);
      source = article.source;
    }
    // Per question, so that questions answered at the same time are timed apart.
    let phaseStarted = performance.now();
    const phaseDone = (phase: QueryPhase) => {
      const now = performance.now();
      engineOptions.onPhase?.(phase, now - phaseStarted);
      phaseStarted = now;
    };
    const queryVector = await embedder.embedQuery(question);
    phaseDone('embedding');
    const request = { question, queryVector, source };
    const passages = candidatePassages(snapshot, request);
    const words = [...indexWords(question), ...[...passages.values()].flat()].map((w) => w.word);
    const similarity = wordSimilarity(await wordVectors.vectorsFor(words));
    const candidates = rankCandidates(snapshot, request, passages, similarity);
    phaseDone('retrieval');
    const k = Math.min(Math.max(1, options.k ?? 5), MAX_QUOTES);
    const draft = draftQuotes(snapshot, question, candidates, { threshold, k, offset: Math.max(0, options.offset ?? 0) });
    const sentenceVectors = await embedder.embedPassages(sentencesToEmbed(snapshot, draft));
    const sentenceDense = sentenceVectors.map((v) => v.reduce((dot, x, i) => dot + x * (queryVector[i] as number), 0));
    const answer = { ...finishAnswer(snapshot, draft, sentenceDense, similarity), question: rawQuestion };
    phaseDone('assembly');
    return answer;
  };

  return {
    ask,
    listArticles: () => snapshot.articles.map((a) => summarise(snapshot, a)),
    findArticle(reference) {
      const article = resolveArticle(snapshot, reference);
      return article && summarise(snapshot, article);
    },
    findArticles(query, limit) {
      const wanted = query.trim().toLowerCase();
      const matches = snapshot.articles
        .map((article) => {
          const title = article.title.toLowerCase();
          const source = article.source.toLowerCase();
          const rank = !wanted ? 1 : title.startsWith(wanted) ? 0 : title.includes(wanted) || source.includes(wanted) ? 1 : -1;
          return { article, rank };
        })
        .filter((m) => m.rank >= 0)
        .sort((a, b) => a.rank - b.rank);
      return matches.slice(0, limit).map((m) => summarise(snapshot, m.article));
    },
    paragraphWindow(reference, paragraph, radius = 1): ParagraphWindow | null {
      const article = resolveArticle(snapshot, reference);
      const focus = article?.paragraphs.find((p) => p.number === paragraph);
      if (!article || !focus) return null;
      const window: ParagraphWindow = {
        source: article.source,
        title: article.title,
        focus: paragraph,
        paragraphs: article.paragraphs
          .filter((p) => Math.abs(p.number - paragraph) <= radius)
          .map((p) => ({ ...p, text: article.text.slice(p.start, p.end) })),
      };
      if (article.meta.url) window.url = article.meta.url;
      return window;
    },
    stats: {
      articles: snapshot.articles.length,
      passages: snapshot.passages.length,
      model: snapshot.manifest.model.id,
      generation: snapshot.manifest.generation,
    },
  };
}

async function embedderForIndex(config: CoreConfig, indexDir: string, log: (message: string) => void): Promise<Embedder> {
  const manifest = await readManifest(indexDir);
  if (!manifest) throw new MissingIndexError(`No index in ${indexDir}. Build it with: npm run ingest`);
  const wanted = config.embeddingModel === 'auto' ? manifest.model.id : config.embeddingModel;
  const mismatch = () =>
    new IndexError(
      `The index was built with the model ${manifest.model.id}, but EMBEDDING_MODEL is ${config.embeddingModel}. ` +
        `Re-ingest with the model you want: npm run ingest -- --rebuild --model ${config.embeddingModel}`,
    );
  if (wanted !== manifest.model.id) throw mismatch();
  const embedder = await createEmbedder({ model: wanted, cacheDir: config.modelCacheDir, hubTimeoutMs: config.hubTimeoutMs, log });
  if (!sameModel(embedder.identity, manifest.model)) throw mismatch();
  return embedder;
}

export interface OpenOptions {
  log?: (message: string) => void;
}

export async function openCorpusEngine(config: CoreConfig, options: OpenOptions = {}): Promise<CorpusEngine> {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const [embedder, snapshot] = await Promise.all([embedderForIndex(config, config.indexDir, log), loadIndex(config.indexDir)]);
  return createCorpusEngine(snapshot, embedder, relevanceThresholdFor(embedder.identity.id, config.relevanceThreshold));
}

export interface EngineSource {
  current(): CorpusEngine;
  close(): void;
}

export interface WatchOptions {
  log: { info(message: string): void; error(message: string): void };
  pollMs?: number;
}

/**
 * Keeps an engine in service and replaces it when an ingest commits a new manifest. The new
 * index is loaded completely in the background before the swap; if it fails to load, the
 * error is logged and the old engine stays in service.
 */
export async function watchEngine(config: CoreConfig, options: WatchOptions): Promise<EngineSource> {
  let engine = await openCorpusEngine(config, { log: options.log.info });
  let reloading = false;
  // A change seen while a reload runs is not dropped: one more reload follows it.
  let changedDuringReload = false;
  const file = manifestPath(config.indexDir);
  const reload = async (): Promise<void> => {
    if (reloading) {
      changedDuringReload = true;
      return;
    }
    reloading = true;
    try {
      const manifest = await readManifest(config.indexDir);
      if (!manifest || manifest.generation === engine.stats.generation) return;
      engine = await openCorpusEngine(config, { log: options.log.info });
      options.log.info(`Index reloaded: generation ${engine.stats.generation}, ${engine.stats.articles} articles, ${engine.stats.passages} passages.`);
    } catch (error) {
      options.log.error(`The new index could not be loaded; the previous one stays in service: ${(error as Error).message}`);
    } finally {
      reloading = false;
      if (changedDuringReload) {
        changedDuringReload = false;
        void reload();
      }
    }
  };
  watchFile(file, { interval: options.pollMs ?? 1000 }, () => void reload());
  return {
    current: () => engine,
    close: () => unwatchFile(file),
  };
}
