/**
 * How a process learns that another one committed a new generation of a tenant's passages (an
 * ingest, a server's `/corpus add`), so it reloads without a restart. Two paths, both on the
 * shared PostgreSQL:
 * - `LISTEN verbatim_generation`: the ingest sends `NOTIFY verbatim_generation, '<tenant>:<generation>'`
 *   in its committing transaction (`announceGeneration`), and PostgreSQL delivers it to every
 *   listening connection once the transaction commits (never for one rolled back). Immediate.
 * - Polling the generation row every `pollMs`: where notifications do not cross connections
 *   (pglite-socket delivers a NOTIFY only to the connection that sent it) and for any notification
 *   missed while the listening connection was down. One one-row SELECT per tenant served.
 * A generation is reported when it differs from the one the process serves, so both paths
 * seeing the same commit reload once, provided the callback updates what `served` returns.
 */
import type pg from 'pg';

const GENERATION_CHANNEL = 'verbatim_generation';

/** Reads a tenant's committed generation (null: nothing committed); the passage store provides it. */
export type ReadGeneration = (db: pg.Pool, tenant: string) => Promise<number | null>;

export interface GenerationWatch {
  /** The tenants this process serves, with the generation each is served at. */
  served(): ReadonlyMap<string, number | null>;
  /** A tenant served here has a committed generation other than the one served. */
  onNewGeneration(tenant: string, generation: number): void;
  /** A failed poll or a lost listening connection; the watch carries on. */
  onError(error: unknown): void;
}

export interface GenerationSignal {
  close(): Promise<void>;
}

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** Tells every listening process that `tenant`'s `generation` is committed: call it inside the committing transaction. */
export async function announceGeneration(db: Queryable, tenant: string, generation: number): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [GENERATION_CHANNEL, `${tenant}:${generation}`]);
}

/** `<tenant>:<generation>`, or null for anything else on the channel. */
export function parseGenerationNotice(payload: string | undefined): { tenant: string; generation: number } | null {
  const match = /^(.+):(\d+)$/u.exec(payload ?? '');
  return match ? { tenant: match[1] as string, generation: Number(match[2]) } : null;
}

export async function watchGenerations(
  pool: pg.Pool,
  options: { pollMs: number; readGeneration: ReadGeneration },
  watch: GenerationWatch,
): Promise<GenerationSignal> {
  const report = (tenant: string, generation: number | null) => {
    const served = watch.served();
    if (generation !== null && served.has(tenant) && served.get(tenant) !== generation) watch.onNewGeneration(tenant, generation);
  };

  let listener: pg.PoolClient | undefined;
  let closed = false;
  const listen = async () => {
    const client = await pool.connect();
    client.on('notification', (message) => {
      const notice = message.channel === GENERATION_CHANNEL ? parseGenerationNotice(message.payload) : null;
      if (notice) report(notice.tenant, notice.generation);
    });
    // A dropped connection loses notifications until the next poll, which also listens again.
    client.on('error', (error) => {
      watch.onError(error);
      if (listener === client) listener = undefined;
      client.release(error);
    });
    try {
      await client.query(`LISTEN ${GENERATION_CHANNEL}`);
    } catch (error) {
      // Not listening (a pooler in transaction mode refuses LISTEN): the connection goes back, the polls carry on.
      client.release(error as Error);
      throw error;
    }
    listener = client;
  };

  let polling: Promise<void> | undefined;
  const poll = async () => {
    if (!listener && !closed) await listen().catch((error: unknown) => watch.onError(error));
    for (const tenant of watch.served().keys()) {
      if (closed) return;
      report(tenant, await options.readGeneration(pool, tenant));
    }
  };
  // Listening first, so no commit falls between the first poll and the LISTEN; a failure is reported and polling still runs.
  await listen().catch((error: unknown) => watch.onError(error));
  const timer = setInterval(() => {
    // One poll at a time: a slow database is not queried again before it answered.
    polling ??= poll()
      .catch((error: unknown) => watch.onError(error))
      .finally(() => (polling = undefined));
  }, options.pollMs);
  timer.unref();

  return {
    async close() {
      closed = true;
      clearInterval(timer);
      await polling;
      const client = listener;
      listener = undefined;
      if (!client) return;
      await client.query(`UNLISTEN ${GENERATION_CHANNEL}`).catch(() => undefined);
      client.release();
    },
  };
}
