/**
 * The PostgreSQL passage store's schema, brought up to date by numbered migrations recorded in
 * `verbatim_migrations`, each in its own transaction. Vectors live in one table per dimension
 * (`passage_vectors_384`, …), created on first use: pgvector's HNSW index needs a column of
 * fixed dimension, and the offline model (100-d) and the hub model (384-d) must both fit.
 * Every row carries its tenant: `base` for the operator's corpus, a server id for a server's.
 */
import type { PoolClient } from 'pg';

const MIGRATIONS: readonly string[] = [
  `create extension if not exists vector;
   create table passage_stores (
     tenant text primary key,
     generation bigint not null,
     -- json, not jsonb: the model profile is compared as written (sameModel), and jsonb reorders keys.
     model json not null,
     chunker_version text not null,
     calibration jsonb,
     committed_at timestamptz not null default now()
   );
   create table store_articles (
     tenant text not null,
     source text not null,
     content_hash text not null,
     article jsonb not null,
     primary key (tenant, source)
   );
   create table store_passages (
     id bigint generated always as identity primary key,
     tenant text not null,
     source text not null,
     seq int not null,
     record jsonb not null,
     -- Distinct raw tokens: the passage length BM25 normalises by, as in lexical.ts.
     length int not null,
     unique (tenant, source, seq),
     foreign key (tenant, source) references store_articles on delete cascade
   );
   create table store_postings (
     tenant text not null,
     term text not null,
     passage bigint not null references store_passages on delete cascade,
     tf int not null,
     primary key (tenant, term, passage)
   );
   create index store_postings_passage on store_postings (passage);`,
];

/** Serialises migrations of concurrent processes (any fixed number both sides agree on). */
const MIGRATION_LOCK = 7_311_523;

/** The oldest pgvector with `hnsw.iterative_scan`, which keeps a small tenant's search from starving (postgresStore.ts). */
const PGVECTOR_NEEDED = [0, 8] as const;

/** Runs `statements` in a transaction of their own. */
async function inOwnTransaction(client: PoolClient, statements: () => Promise<unknown>): Promise<void> {
  await client.query('begin');
  try {
    await statements();
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

async function checkPgvector(client: PoolClient): Promise<void> {
  const { rows } = await client.query<{ version: string }>("select extversion as version from pg_extension where extname = 'vector'");
  const version = rows[0]?.version ?? '';
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [neededMajor, neededMinor] = PGVECTOR_NEEDED;
  if (major < neededMajor || (major === neededMajor && minor < neededMinor))
    throw new Error(
      `The database's pgvector is ${version || 'missing'}; Verbatim needs pgvector ${PGVECTOR_NEEDED.join('.')} or later ` +
        `(ALTER EXTENSION vector UPDATE, or a newer pgvector image).`,
    );
}

/**
 * Brings the schema up to date and creates the vector table of `dimensions` when missing, under
 * one advisory lock, each in a transaction of its own: never inside an ingest's transaction,
 * where `create index` would hold a table lock until commit and two tenants' ingests deadlock.
 */
export async function migratePostgres(client: PoolClient, dimensions: number): Promise<void> {
  await client.query(`select pg_advisory_lock(${MIGRATION_LOCK})`);
  try {
    await client.query(
      'create table if not exists verbatim_migrations (version int primary key, applied_at timestamptz not null default now())',
    );
    const { rows } = await client.query<{ version: number }>('select coalesce(max(version), 0) as version from verbatim_migrations');
    for (let version = (rows[0]?.version ?? 0) + 1; version <= MIGRATIONS.length; version += 1) {
      await inOwnTransaction(client, async () => {
        await client.query(MIGRATIONS[version - 1] as string);
        await client.query('insert into verbatim_migrations (version) values ($1)', [version]);
      });
    }
    await checkPgvector(client);
    await inOwnTransaction(client, () => createVectorTable(client, dimensions));
  } finally {
    await client.query(`select pg_advisory_unlock(${MIGRATION_LOCK})`);
  }
}

/** The table holding `dimensions`-d vectors. */
export const vectorTable = (dimensions: number) => `passage_vectors_${Math.trunc(dimensions)}`;

/** Creates the vector table of a dimension, with its HNSW index (cosine), when it is missing. */
function createVectorTable(client: PoolClient, dimensions: number) {
  const table = vectorTable(dimensions);
  return client.query(
    `create table if not exists ${table} (
       passage bigint primary key references store_passages on delete cascade,
       tenant text not null,
       embedding vector(${Math.trunc(dimensions)}) not null
     );
     create index if not exists ${table}_hnsw on ${table} using hnsw (embedding vector_cosine_ops);
     create index if not exists ${table}_tenant on ${table} (tenant);`,
  );
}
