/**
 * A connection pool to the PostgreSQL passage store, each session set up for its searches:
 * HNSW looks at more neighbours than the candidates asked for (`ef_search`), and keeps
 * scanning when the tenant filter drops rows (pgvector 0.8's iterative scan), so one server's
 * corpus still gets its `k` nearest when other tenants' rows crowd the graph.
 */
import pg from 'pg';

/** Above the 40 dense candidates a question asks for, so the graph search is close to exact. */
export const HNSW_EF_SEARCH = 100;

export function postgresPool(url: string, max = 8): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('connect', (client) => {
    client
      .query(`set hnsw.ef_search = ${HNSW_EF_SEARCH}; set hnsw.iterative_scan = relaxed_order`)
      // Before the extension exists (a fresh database) these settings are unknown: searches come after the first ingest.
      .catch(() => undefined);
  });
  // An idle client's connection error (the server restarting) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}
