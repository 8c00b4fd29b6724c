/**
 * A tenant's committed articles as the corpus changes from Discord need them: by source, with
 * title, content hash and passage count, and when and with which model they were committed.
 * What the file index's manifest tells of a server's corpus, read from the database instead.
 */
import type { Pool } from 'pg';
import { inTransaction } from './inTransaction.js';
import type { ModelIdentity } from './manifest.js';

export interface PostgresArticles {
  generation: number;
  model: ModelIdentity;
  committedAt: string;
  articles: Record<string, { title: string; contentHash: string; passages: number }>;
}

/** Null when the tenant has nothing committed (or nothing was ever ingested into the database). */
export async function readPostgresArticles(pool: Pool, tenant: string): Promise<PostgresArticles | null> {
  try {
    return await inTransaction(pool, 'begin isolation level repeatable read read only', async (client) => {
      const head = await client.query<{ generation: string; model: ModelIdentity; committed_at: Date }>(
        'select generation, model, committed_at from passage_stores where tenant = $1',
        [tenant],
      );
      const row = head.rows[0];
      if (!row) return null;
      const articles = await client.query<{ source: string; title: string; content_hash: string; passages: number }>(
        `select a.source, a.article->>'title' as title, a.content_hash,
                (select count(*)::int from store_passages p where p.tenant = a.tenant and p.source = a.source) as passages
           from store_articles a where a.tenant = $1`,
        [tenant],
      );
      return {
        generation: Number(row.generation),
        model: row.model,
        committedAt: row.committed_at.toISOString(),
        articles: Object.fromEntries(
          articles.rows.map((a) => [a.source, { title: a.title, contentHash: a.content_hash, passages: a.passages }]),
        ),
      };
    });
  } catch (error) {
    // 42P01: the tables do not exist yet.
    if ((error as { code?: string }).code === '42P01') return null;
    throw error;
  }
}
