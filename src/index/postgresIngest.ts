/**
 * Ingest into the PostgreSQL passage store: the corpus is read and its new or changed articles
 * embedded first, outside any transaction; then one transaction replaces those articles (and
 * removes deleted ones) with their passages, vectors and BM25 postings, measures the probes on
 * what it is about to commit (through the same transaction), and advances the tenant's
 * generation, announcing it (NOTIFY, heard on commit). The commit is the single commit point:
 * a killed ingest's transaction is rolled back by the server, and the previous generation keeps
 * serving. Unchanged articles are not
 * touched. Ingests of one tenant take turns (a transaction-scoped advisory lock); one that finds,
 * under the lock, that another committed since it planned, plans again.
 */
import type { Pool, PoolClient } from 'pg';
import { CHUNKER_VERSION, chunkArticle } from '../chunking/chunkArticle.js';
import { isArticle, loadCorpus } from '../corpus/loadCorpus.js';
import type { Article } from '../types.js';
import type { IngestProgress, IngestSummary, PassageEmbedder } from './ingest.js';
import { inTransaction } from './inTransaction.js';
import { buildLexicalIndex } from './lexical.js';
import { type IndexCalibration, type ModelIdentity, sameModel } from './manifest.js';
import { migratePostgres, vectorTable } from './migratePostgres.js';
import type { PassageStore } from './passageStore.js';
import { openPostgresStore } from './postgresStore.js';
import { vectorLiteral } from './vectorLiteral.js';
import { announceGeneration } from '../sync/watchGenerations.js';

const EMBED_BATCH = 32;
/** Passages written per statement. */
const WRITE_BATCH = 256;

/** The probe step (the engine's, passed in: the index does not know the engine). */
export interface StoreProbe {
  /** Whether the levels committed for this model still hold. */
  holds: (head: { model: ModelIdentity; calibration?: IndexCalibration }) => boolean;
  measureStore: (store: PassageStore) => Promise<IndexCalibration>;
}

export interface PostgresIngestOptions {
  pool: Pool;
  tenant: string;
  corpusDir: string;
  projectRoot: string;
  embedder: PassageEmbedder;
  rebuild?: boolean;
  probe?: StoreProbe;
  onProgress?: (progress: IngestProgress) => void;
  log?: (message: string) => void;
  allowEmpty?: boolean;
}

interface Previous {
  generation: number;
  model: ModelIdentity;
  chunkerVersion: string;
  calibration?: IndexCalibration;
  hashes: Map<string, string>;
}

async function readPrevious(client: PoolClient, tenant: string): Promise<Previous | null> {
  const head = await client.query<{
    generation: string;
    model: ModelIdentity;
    chunker_version: string;
    calibration: IndexCalibration | null;
  }>('select generation, model, chunker_version, calibration from passage_stores where tenant = $1', [tenant]);
  const row = head.rows[0];
  if (!row) return null;
  const articles = await client.query<{ source: string; content_hash: string }>(
    'select source, content_hash from store_articles where tenant = $1',
    [tenant],
  );
  return {
    generation: Number(row.generation),
    model: row.model,
    chunkerVersion: row.chunker_version,
    calibration: row.calibration ?? undefined,
    hashes: new Map(articles.rows.map((a) => [a.source, a.content_hash])),
  };
}

interface Embedded {
  article: Article;
  passages: ReturnType<typeof chunkArticle>;
  vectors: Float32Array[];
}

async function embedArticles(
  articles: Article[],
  embedder: PassageEmbedder,
  onProgress: (progress: IngestProgress) => void,
): Promise<Embedded[]> {
  const chunked = articles.map((article) => ({ article, passages: chunkArticle(article, { maxTokens: embedder.maxTokens }) }));
  const texts = chunked.flatMap((item) => item.passages.map((p) => p.text));
  const vectors: Float32Array[] = [];
  onProgress({ phase: 'embedding', done: 0, total: texts.length });
  for (let i = 0; i < texts.length; i += EMBED_BATCH) {
    vectors.push(...(await embedder.embedPassages(texts.slice(i, i + EMBED_BATCH))));
    onProgress({ phase: 'embedding', done: vectors.length, total: texts.length });
  }
  let next = 0;
  return chunked.map((item) => ({ ...item, vectors: item.passages.map(() => vectors[next++] as Float32Array) }));
}

/** Writes articles with their passages, vectors and postings (inside the caller's transaction). */
async function writeArticles(client: PoolClient, tenant: string, items: Embedded[], log: (message: string) => void): Promise<void> {
  const dimensions = items.find((item) => item.vectors.length > 0)?.vectors[0]?.length;
  if (dimensions === undefined) return;
  const table = vectorTable(dimensions);
  const total = items.reduce((n, item) => n + item.passages.length, 0);
  let written = 0;
  let reported = 0;
  for (const { article, passages, vectors } of items) {
    await client.query('insert into store_articles (tenant, source, content_hash, article) values ($1, $2, $3, $4)', [
      tenant,
      article.source,
      article.contentHash,
      JSON.stringify(article),
    ]);
    const lexical = buildLexicalIndex(passages.map((p) => p.text));
    const ids: string[] = [];
    for (let from = 0; from < passages.length; from += WRITE_BATCH) {
      const seqs = passages.slice(from, from + WRITE_BATCH).map((_, i) => from + i);
      const inserted = await client.query<{ id: string; seq: number }>(
        `insert into store_passages (tenant, source, seq, record, length)
         select $1, $2, seq, record, length from unnest($3::int[], $4::jsonb[], $5::int[]) as t(seq, record, length)
         returning id, seq`,
        [
          tenant,
          article.source,
          seqs,
          seqs.map((seq) => {
            const { text: _text, ...record } = passages[seq] as (typeof passages)[number];
            return JSON.stringify(record);
          }),
          seqs.map((seq) => lexical.lengths[seq] as number),
        ],
      );
      for (const { id, seq } of inserted.rows) ids[seq] = id;
      await client.query(
        `insert into ${table} (passage, tenant, embedding)
         select passage, $1, embedding::vector from unnest($2::bigint[], $3::text[]) as t(passage, embedding)`,
        [tenant, seqs.map((seq) => ids[seq]), seqs.map((seq) => vectorLiteral(vectors[seq] as Float32Array))],
      );
      written += seqs.length;
      if (written - reported >= WRITE_BATCH || written === total) {
        log(`Written ${written}/${total} passages to PostgreSQL (not committed yet).`);
        reported = written;
      }
    }
    // The article's postings: each index term's passages with how often the term is in each.
    const postings = { terms: [] as string[], passages: [] as string[], counts: [] as number[] };
    lexical.terms.forEach((term, t) => {
      for (let p = lexical.postingStart[t] as number; p < (lexical.postingStart[t + 1] as number); p += 1) {
        postings.terms.push(term);
        postings.passages.push(ids[lexical.postingRows[p] as number] as string);
        postings.counts.push(lexical.postingCounts[p] as number);
      }
    });
    await client.query(
      `insert into store_postings (tenant, term, passage, tf) select $1, term, passage, tf
         from unnest($2::text[], $3::bigint[], $4::int[]) as t(term, passage, tf)`,
      [tenant, postings.terms, postings.passages, postings.counts],
    );
  }
}

/**
 * Commits the next generation: the tenant's head row, numbered from the committed one (read under
 * the ingest lock, so two ingests never commit the same number), with the levels measured on it
 * when there is a probe.
 */
async function commitGeneration(
  client: PoolClient,
  tenant: string,
  model: ModelIdentity,
  probe: StoreProbe | undefined,
): Promise<{ generation: number; calibration?: IndexCalibration }> {
  const { rows } = await client.query<{ generation: string }>(
    `insert into passage_stores (tenant, generation, model, chunker_version, calibration, committed_at)
     values ($1, 1, $2, $3, null, now())
     on conflict (tenant) do update
       set generation = passage_stores.generation + 1, model = $2, chunker_version = $3, calibration = null, committed_at = now()
     returning generation`,
    [tenant, JSON.stringify(model), CHUNKER_VERSION],
  );
  // The probes read the generation about to be committed, through this transaction.
  const calibration = probe && (await probe.measureStore(await openPostgresStore(client, tenant)));
  if (calibration)
    await client.query('update passage_stores set calibration = $2 where tenant = $1', [tenant, JSON.stringify(calibration)]);
  const generation = Number(rows[0]?.generation);
  // Delivered to every listening process when, and only if, this transaction commits.
  await announceGeneration(client, tenant, generation);
  await client.query('commit');
  return { generation, ...(calibration ? { calibration } : {}) };
}

/** The bytes of the tenant's rows (articles, passages, postings, vectors; not the shared indexes): what its corpus adds to the database. */
async function tenantBytes(client: PoolClient, tenant: string, dimensions: number): Promise<number> {
  const { rows } = await client.query<{ bytes: string }>(
    `select (select coalesce(sum(pg_column_size(r.*)), 0) from store_articles r where tenant = $1)
          + (select coalesce(sum(pg_column_size(r.*)), 0) from store_passages r where tenant = $1)
          + (select coalesce(sum(pg_column_size(r.*)), 0) from store_postings r where tenant = $1)
          + (select coalesce(sum(pg_column_size(r.*)), 0) from ${vectorTable(dimensions)} r where tenant = $1) as bytes`,
    [tenant],
  );
  return Number(rows[0]?.bytes ?? 0);
}

export async function ingestIntoPostgres(options: PostgresIngestOptions): Promise<IngestSummary> {
  const client = await options.pool.connect();
  try {
    await migratePostgres(client, options.embedder.identity.dimensions);
    // Planned outside the lock (the embedding takes long); planned again when another ingest of the tenant committed meanwhile.
    for (;;) {
      const summary = await planAndCommit(client, options);
      if (summary) return summary;
      options.log?.('Another ingest of these passages committed meanwhile; planning again from what it committed.');
    }
  } finally {
    client.release();
  }
}

/** One ingest on `client`: null, with nothing written, when the generation planned from is no longer the committed one. */
async function planAndCommit(client: PoolClient, options: PostgresIngestOptions): Promise<IngestSummary | null> {
  const started = performance.now();
  const { tenant, embedder } = options;
  const log = options.log ?? (() => undefined);
  // In a transaction of its own, as every parameterised statement (inTransaction.ts).
  await client.query('begin read only');
  const live = await readPrevious(client, tenant).finally(() => client.query('commit'));
  const reusable =
    live && !options.rebuild && sameModel(live.model, embedder.identity) && live.chunkerVersion === CHUNKER_VERSION ? live : null;
  if (live && !reusable && !options.rebuild) log(`The passages in the database were built otherwise (${live.model.id}); rebuilding them.`);
  const previous = reusable?.hashes ?? new Map<string, string>();
  const { articles, unchanged, skipped } = await loadCorpus(options.corpusDir, options.projectRoot, {
    log,
    allowEmpty: options.allowEmpty,
    isIndexed: (source, contentHash) => previous.get(source) === contentHash,
  });
  for (const file of skipped) log(`Skipped ${file.source}: ${file.reason}`);
  const now = new Set([...articles, ...unchanged].map((a) => a.source));
  const toEmbed = articles.filter(isArticle).filter((a) => previous.get(a.source) !== a.contentHash);
  const removed = [...previous.keys()].filter((source) => !now.has(source));
  const upToDate = toEmbed.length === 0 && removed.length === 0;
  const summarize = async (embeddedPassages: number, generation: number, calibration?: IndexCalibration): Promise<IngestSummary> => {
    const counts = await inTransaction(options.pool, 'begin read only', async (reader) => ({
      ...(
        await reader.query<{ articles: number; passages: number }>(
          `select (select count(*)::int from store_articles where tenant = $1) as articles,
                  (select count(*)::int from store_passages where tenant = $1) as passages`,
          [tenant],
        )
      ).rows[0],
      bytes: await tenantBytes(reader, tenant, embedder.identity.dimensions),
    }));
    const seconds = (performance.now() - started) / 1000;
    return {
      articles: counts.articles ?? 0,
      passages: counts.passages ?? 0,
      embeddedPassages,
      addedOrChanged: toEmbed.length,
      unchanged: unchanged.length + articles.length - toEmbed.length,
      removed: removed.length,
      skipped,
      newlySkipped: skipped,
      seconds,
      passagesPerSecond: embeddedPassages / seconds,
      generation,
      indexBytes: counts.bytes,
      upToDate,
      ...(calibration ? { calibration } : {}),
    };
  };
  if (reusable && upToDate && (!options.probe || options.probe.holds(reusable))) return await summarize(0, reusable.generation);

  const embedded = await embedArticles(toEmbed, embedder, options.onProgress ?? (() => undefined));
  await client.query('begin');
  try {
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [`verbatim-ingest:${tenant}`]);
    const committedNow = await client.query<{ generation: string }>('select generation from passage_stores where tenant = $1', [tenant]);
    if (Number(committedNow.rows[0]?.generation ?? 0) !== (live?.generation ?? 0)) {
      await client.query('rollback');
      return null;
    }
    const replaced = reusable ? [...removed, ...toEmbed.map((a) => a.source)] : null;
    if (replaced) await client.query('delete from store_articles where tenant = $1 and source = any($2::text[])', [tenant, replaced]);
    else await client.query('delete from store_articles where tenant = $1', [tenant]);
    await writeArticles(client, tenant, embedded, log);
    const committed = await commitGeneration(client, tenant, embedder.identity, options.probe);
    return await summarize(
      embedded.reduce((n, item) => n + item.passages.length, 0),
      committed.generation,
      committed.calibration,
    );
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}
