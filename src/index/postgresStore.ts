/**
 * A tenant's passages in PostgreSQL as a `PassageStore`. What the process holds is what the
 * query side reads synchronously: the articles (with their text, which quotes are sliced from),
 * the passage records, each passage's length, and each index term's document frequency with its
 * first few rows. The vectors (1.5 GB at a million 384-d passages) and the BM25 postings stay in
 * the database: the dense candidates come from the HNSW index, the lexical ones from one BM25
 * query over the posting table, the candidates' similarities from one batch read of their vectors.
 * Rows are numbered at open (articles by source, passages in reading order); the store reads
 * one generation, taken in one snapshot, and a reload opens the next.
 */
import type { Pool, PoolClient } from 'pg';
import type { Article, Passage } from '../types.js';
import { cosine, topRows } from '../vectors/denseScan.js';
import { BM25, bestLexicalHits, inverseFrequency } from './lexical.js';
import { MissingIndexError } from './loadIndex.js';
import type { IndexCalibration, ModelIdentity } from './manifest.js';
import { vectorTable } from './migratePostgres.js';
import { vectorLiteral } from './vectorLiteral.js';
import type { PassageStore, RowRange } from './passageStore.js';
import { inTransaction } from './inTransaction.js';
import type { PassageRecord } from './segment.js';

/**
 * Rows kept per index term for `rowsWithTerm`: what the name lexicon samples (12 passages) and no more,
 * so the process holds a bounded list per term instead of the postings.
 */
const TERM_SAMPLE_ROWS = 12;

interface Head {
  generation: string;
  model: ModelIdentity;
  calibration: IndexCalibration | null;
}

interface Loaded {
  head: Head;
  articles: Article[];
  passages: Array<{ id: string; source: string; record: PassageRecord; length: number }>;
  terms: Array<{ term: string; df: number; sample: string[] }>;
}

/** Reads a tenant's committed store in one consistent snapshot (or through `client`'s open transaction). */
async function readTenant(db: Pool | PoolClient, tenant: string): Promise<Loaded> {
  try {
    return await inTransaction(db, 'begin isolation level repeatable read read only', async (client) => {
      const head = await client.query<Head>('select generation, model, calibration from passage_stores where tenant = $1', [tenant]);
      const first = head.rows[0];
      if (!first) throw new MissingIndexError(`No passages for "${tenant}" in the database. Build them with: npm run ingest`);
      const articles = await client.query<{ article: Article }>(
        'select article from store_articles where tenant = $1 order by source collate "C"',
        [tenant],
      );
      const passages = await client.query<Loaded['passages'][number]>(
        'select id, source, record, length from store_passages where tenant = $1 order by source collate "C", seq',
        [tenant],
      );
      const terms = await client.query<Loaded['terms'][number]>(
        `select t.term, count(*)::int as df,
                (array_agg(t.passage order by p.source collate "C", p.seq))[1:${TERM_SAMPLE_ROWS}] as sample
           from store_postings t join store_passages p on p.id = t.passage
          where t.tenant = $1 group by t.term`,
        [tenant],
      );
      return { head: first, articles: articles.rows.map((r) => r.article), passages: passages.rows, terms: terms.rows };
    });
  } catch (error) {
    if ((error as { code?: string }).code === '42P01')
      throw new MissingIndexError('No passages in the database yet. Build them with: npm run ingest');
    throw error;
  }
}

/** Above the 40 dense candidates a question asks for, so the graph search is close to exact. */
const HNSW_EF_SEARCH = 100;
/** pgvector refuses a larger `hnsw.ef_search`; the iterative scan still returns the `k` asked for. */
const HNSW_EF_SEARCH_MAX = 1000;

/**
 * The `k` nearest passages of a tenant by the HNSW index. The graph search looks at more
 * neighbours than asked for, and keeps scanning when the tenant filter drops rows (pgvector
 * 0.8's iterative scan), so one server's corpus still gets its `k` when other tenants' rows
 * crowd the graph. Set for this search only (`set local`), so pooled sessions stay as they were.
 */
function searchGraph(db: Pool | PoolClient, table: string, tenant: string, query: string, k: number) {
  return inTransaction(db, 'begin read only', async (client) => {
    await client.query(`set local hnsw.ef_search = ${Math.min(HNSW_EF_SEARCH_MAX, Math.max(HNSW_EF_SEARCH, k))}`);
    await client.query('set local hnsw.iterative_scan = relaxed_order');
    const { rows } = await client.query<{ passage: string }>(
      `select passage from ${table} where tenant = $1 order by embedding <=> $2::vector limit $3`,
      [tenant, query, k],
    );
    return rows;
  });
}

/** pgvector's text form back into floats (it prints each float4 so that it reads back exactly). */
const parseVector = (text: string) => Float32Array.from(text.slice(1, -1).split(','), Number);

/**
 * Opens `tenant`'s store. `db` is a pool, or a client inside the transaction of an ingest that
 * measures the generation it is about to commit.
 */
export async function openPostgresStore(db: Pool | PoolClient, tenant: string): Promise<PassageStore> {
  const loaded = await readTenant(db, tenant);
  const { model } = loaded.head;
  const table = vectorTable(model.dimensions);
  const articleBySource = new Map(loaded.articles.map((a) => [a.source, a]));
  const passages: Passage[] = [];
  const ids: string[] = [];
  const rowOfId = new Map<string, number>();
  const lengths = new Uint32Array(loaded.passages.length);
  const rowsBySource = new Map<string, RowRange>();
  for (const { id, source, record, length } of loaded.passages) {
    const text = articleBySource.get(source)?.text;
    if (text === undefined) throw new Error(`Passage ${record.id} has no article in the database.`);
    const row = passages.length;
    const range = rowsBySource.get(source);
    if (range) range.end = row + 1;
    else rowsBySource.set(source, { first: row, end: row + 1 });
    passages.push({ ...record, text: text.slice(record.start, record.end) });
    ids.push(id);
    rowOfId.set(id, row);
    lengths[row] = length;
  }
  const averageLength = lengths.reduce((sum, n) => sum + n, 0) / Math.max(1, lengths.length);
  const terms = new Map(loaded.terms.map((t) => [t.term, { df: t.df, sample: t.sample.flatMap((id) => rowOfId.get(id) ?? []) }]));
  // Rows committed after this store was opened are not its rows: they are left out until the reload.
  const knownRows = (found: Array<{ passage: string }>) => found.flatMap((r) => rowOfId.get(r.passage) ?? []);

  const similarities = async (query: Float32Array, rows: readonly number[]): Promise<number[]> => {
    const wanted = rows.flatMap((row) => ids[row] ?? []);
    const { rows: found } = await inTransaction(db, 'begin read only', (client) =>
      client.query<{ passage: string; embedding: string }>(
        `select passage, embedding::text as embedding from ${table} where tenant = $1 and passage = any($2::bigint[])`,
        [tenant, wanted],
      ),
    );
    const byRow = new Map(found.map((r) => [rowOfId.get(r.passage), parseVector(r.embedding)]));
    // The file store's cosine over the same float32 values, so both stores score a candidate alike.
    return rows.map((row) => {
      const vector = byRow.get(row);
      return vector ? cosine(vector, 0, query) : 0;
    });
  };

  return {
    model,
    generation: Number(loaded.head.generation),
    calibration: loaded.head.calibration ?? undefined,
    articles: loaded.articles,
    passageCount: passages.length,
    article: (source) => articleBySource.get(source),
    rowsOf: (source) => rowsBySource.get(source),
    passage: (row) => passages[row],
    documentFrequency: (term) => terms.get(term)?.df ?? 0,
    rowsWithTerm: (term, limit) => (terms.get(term)?.sample ?? []).slice(0, limit),
    async nearest(query, k, source) {
      if (source !== undefined) {
        // One article's few passages: an exact scan of their vectors, not the graph.
        const range = rowsBySource.get(source);
        if (!range) return [];
        const rows = Array.from({ length: range.end - range.first }, (_, i) => range.first + i);
        return topRows(Float64Array.from(await similarities(query, rows)), range.first, k);
      }
      return knownRows(await searchGraph(db, table, tenant, vectorLiteral(query), k));
    },
    async lexical(query) {
      const scores = new Float64Array(passages.length);
      const asked = [...query].filter(([term]) => terms.has(term));
      if (asked.length > 0) {
        // BM25+ as lexical.ts scores it (the idf from the frequencies held here), summed in the database.
        const weights = asked.map(([term, times]) => times * inverseFrequency(passages.length, terms.get(term)?.df ?? 0));
        const { rows: found } = await inTransaction(db, 'begin read only', (client) =>
          client.query<{ passage: string; score: number }>(
            `with c(d, k, b, average) as (select $3::float8, $4::float8, $5::float8, $6::float8)
           select t.passage, sum(q.weight * (c.d + (t.tf * (c.k + 1)) / (t.tf + c.k * (1 - c.b + c.b * p.length / c.average)))) * count(*) as score
             from store_postings t
             join unnest($2::text[], $7::float8[]) as q(term, weight) on q.term = t.term
             join store_passages p on p.id = t.passage
             cross join c
            where t.tenant = $1
            group by t.passage`,
            [tenant, asked.map(([term]) => term), BM25.d, BM25.k, BM25.b, averageLength, weights],
          ),
        );
        for (const { passage, score } of found) {
          const row = rowOfId.get(passage);
          if (row !== undefined) scores[row] = Number(score);
        }
      }
      return {
        of: (row) => scores[row] ?? 0,
        best: (k, source) =>
          bestLexicalHits(
            scores,
            source === undefined ? { first: 0, end: passages.length } : (rowsBySource.get(source) ?? { first: 0, end: 0 }),
            k,
          ),
      };
    },
    similarities,
    // The database is the record of what was indexed: quotes are checked against the text stored with the article.
    storedText: async (source) => {
      const text = articleBySource.get(source)?.text;
      return text === undefined ? { text: null, problem: `${source} is not in the database` } : { text, problem: null };
    },
    async markStale(source) {
      await inTransaction(db, 'begin', (client) =>
        client.query(`update store_articles set content_hash = 'stale' where tenant = $1 and source = $2`, [tenant, source]),
      );
    },
  };
}
