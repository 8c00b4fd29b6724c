/**
 * The question store in PostgreSQL, for shards (and machines) that share one database: the same
 * tables, migrations and retention as the SQLite store. Every recorded question is one
 * transaction, and every other statement runs in one too (see `inTransaction`: PGlite's socket
 * server keeps a connection's statements together only inside a transaction). The schema is versioned in `question_schema` and migrated forward on open, under
 * an advisory lock so shards starting together migrate once. Times are ms since the epoch
 * (BIGINT), read back as numbers.
 */
import pg from 'pg';
import { inTransaction } from '../index/inTransaction.js';
import { labelFromVotes, type VoteTally } from './labelFromVotes.js';
import {
  DAY_MS,
  type CitedQuote,
  type QuestionStore,
  type ServerLevels,
  type StoredQuestion,
  type VoteOutcome,
  type VotedLabel,
} from './questionStore.js';

/** Each entry moves the schema from version i to i + 1; never edit one that has shipped. */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  // The SQLite store's three migrations as one: a PostgreSQL database starts at their end.
  `CREATE TABLE questions (
     id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     guild_id TEXT,
     channel_id TEXT,
     asked_at BIGINT NOT NULL,
     asker_hash TEXT NOT NULL,
     question TEXT NOT NULL,
     question_key TEXT NOT NULL,
     answered BOOLEAN NOT NULL,
     confidence DOUBLE PRECISION,
     top_score DOUBLE PRECISION
   );
   CREATE INDEX questions_by_guild_time_answered ON questions (guild_id, asked_at, answered);
   CREATE INDEX questions_by_time ON questions (asked_at);
   CREATE TABLE citations (
     question_id BIGINT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
     rank INTEGER NOT NULL,
     source TEXT NOT NULL,
     title TEXT NOT NULL,
     paragraph INTEGER NOT NULL,
     start INTEGER NOT NULL,
     "end" INTEGER NOT NULL,
     text TEXT NOT NULL,
     highlight_start INTEGER,
     highlight_end INTEGER,
     score DOUBLE PRECISION NOT NULL,
     answers BOOLEAN NOT NULL DEFAULT TRUE,
     PRIMARY KEY (question_id, rank)
   );
   CREATE TABLE votes (
     question_id BIGINT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
     voter_hash TEXT NOT NULL,
     vote SMALLINT NOT NULL CHECK (vote IN (-1, 1)),
     voted_at BIGINT NOT NULL,
     sent_to_moderators_at BIGINT,
     quote_rank INTEGER,
     PRIMARY KEY (question_id, voter_hash)
   );
   CREATE TABLE cited_daily (
     guild_id TEXT NOT NULL,
     day INTEGER NOT NULL,
     source TEXT NOT NULL,
     title TEXT NOT NULL,
     answers INTEGER NOT NULL,
     PRIMARY KEY (guild_id, day, source)
   );
   CREATE TABLE moderator_marks (
     question_id BIGINT PRIMARY KEY REFERENCES questions (id) ON DELETE CASCADE,
     moderator_hash TEXT NOT NULL,
     quote_rank INTEGER,
     marked_at BIGINT NOT NULL
   );
   CREATE TABLE server_levels (
     guild_id TEXT PRIMARY KEY,
     current JSONB,
     previous JSONB,
     changed_at BIGINT NOT NULL
   );`,
];

/** Serialises migrations across processes (any constant; this one spells "vq" for Verbatim questions). */
const MIGRATION_LOCK = 0x7671;

export class PostgresStoreError extends Error {
  override name = 'PostgresStoreError';
}

// BIGINT (ids, times, counts) arrives as a string by default; these all fit in a double.
const BIGINT_OID = 20;
const bigintAsNumber = {
  getTypeParser: (oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) =>
    oid === BIGINT_OID ? Number : (pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown),
};

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

const rows = async <T extends pg.QueryResultRow>(db: Queryable, text: string, values: unknown[] = []): Promise<T[]> =>
  (await db.query<T>({ text, values, types: bigintAsNumber })).rows;

async function migrate(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, 'BEGIN', async (db) => {
    await db.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await db.query('CREATE TABLE IF NOT EXISTS question_schema (version INTEGER NOT NULL)');
    const [row] = await rows<{ version: number }>(db, 'SELECT version FROM question_schema');
    const version = row?.version ?? 0;
    if (version > POSTGRES_MIGRATIONS.length) {
      throw new PostgresStoreError(
        `The database was written by a newer Verbatim (question schema ${version}; this one ` +
          `knows ${POSTGRES_MIGRATIONS.length}). Upgrade Verbatim or point DATABASE_URL elsewhere.`,
      );
    }
    for (let v = version; v < POSTGRES_MIGRATIONS.length; v += 1) await db.query(POSTGRES_MIGRATIONS[v] as string);
    if (row === undefined) await db.query('INSERT INTO question_schema (version) VALUES ($1)', [POSTGRES_MIGRATIONS.length]);
    else await db.query('UPDATE question_schema SET version = $1', [POSTGRES_MIGRATIONS.length]);
  });
}

interface CitationRow {
  source: string;
  title: string;
  paragraph: number;
  start: number;
  end: number;
  text: string;
  highlight_start: number | null;
  highlight_end: number | null;
  score: number;
  answers: boolean;
}

const toCited = (c: CitationRow): CitedQuote => ({
  source: c.source,
  title: c.title,
  paragraph: c.paragraph,
  start: c.start,
  end: c.end,
  text: c.text,
  highlight: c.highlight_start === null || c.highlight_end === null ? null : { start: c.highlight_start, end: c.highlight_end },
  answerProbability: c.score,
  answers: c.answers,
});

/** Migrates the database `pool` reaches and returns the store on it; `close()` ends the pool. */
export async function openPostgresQuestionStore(pool: pg.Pool): Promise<QuestionStore> {
  await migrate(pool);

  const selectLevels = (db: Queryable, guildId: string) =>
    rows<{ current: ServerLevels | null; previous: ServerLevels | null }>(
      db,
      'SELECT current, previous FROM server_levels WHERE guild_id = $1 FOR UPDATE',
      [guildId],
    );
  const upsertLevels = (db: Queryable, guildId: string, current: ServerLevels | null, previous: ServerLevels | null, at: number) =>
    db.query(
      `INSERT INTO server_levels (guild_id, current, previous, changed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (guild_id) DO UPDATE SET current = excluded.current, previous = excluded.previous, changed_at = excluded.changed_at`,
      [guildId, current && JSON.stringify(current), previous && JSON.stringify(previous), at],
    );
  const questionExists = async (db: Queryable, id: number) =>
    (await rows(db, 'SELECT 1 FROM questions WHERE id = $1 FOR UPDATE', [id])).length === 1;
  const citedSources = async (db: Queryable, questionId: number) =>
    rows<{ source: string; title: string; paragraph: number }>(
      db,
      'SELECT source, title, paragraph FROM citations WHERE question_id = $1 ORDER BY rank',
      [questionId],
    );

  return {
    recordQuestion: (q) =>
      inTransaction(pool, 'BEGIN', async (db) => {
        const [{ id }] = (await rows<{ id: number }>(
          db,
          `INSERT INTO questions (guild_id, channel_id, asked_at, asker_hash, question, question_key, answered, confidence, top_score)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
          [q.guildId, q.channelId, q.askedAt, q.askerHash, q.question, q.questionKey, q.answered, q.confidence, q.topScore],
        )) as [{ id: number }];
        for (const [rank, c] of q.cited.entries()) {
          await db.query(
            `INSERT INTO citations (question_id, rank, source, title, paragraph, start, "end", text, highlight_start, highlight_end, score, answers)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
            [
              id,
              rank,
              c.source,
              c.title,
              c.paragraph,
              c.start,
              c.end,
              c.text,
              c.highlight?.start ?? null,
              c.highlight?.end ?? null,
              c.answerProbability,
              c.answers,
            ],
          );
        }
        if (q.answered && q.guildId !== null) {
          // In one order for every writer: two questions citing the same articles in different orders
          // would otherwise lock the same day rows crosswise and deadlock (SQLite writes one at a time).
          const titles = [...new Map(q.cited.map((c) => [c.source, c.title]))].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
          for (const [source, title] of titles) {
            await db.query(
              `INSERT INTO cited_daily (guild_id, day, source, title, answers) VALUES ($1, $2, $3, $4, 1)
               ON CONFLICT (guild_id, day, source) DO UPDATE SET answers = cited_daily.answers + 1, title = excluded.title`,
              [q.guildId, Math.floor(q.askedAt / DAY_MS), source, title],
            );
          }
        }
        return id;
      }),

    // The question and its citations from one snapshot.
    question: (id) =>
      inTransaction(pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (db) => {
        const [row] = await rows<{
          id: number;
          guild_id: string | null;
          channel_id: string | null;
          asked_at: number;
          asker_hash: string;
          question: string;
          question_key: string;
          answered: boolean;
          confidence: number | null;
          top_score: number | null;
        }>(db, 'SELECT * FROM questions WHERE id = $1', [id]);
        if (!row) return undefined;
        const cited = await rows<CitationRow>(db, 'SELECT * FROM citations WHERE question_id = $1 ORDER BY rank', [id]);
        const stored: StoredQuestion = {
          id: row.id,
          guildId: row.guild_id,
          channelId: row.channel_id,
          askedAt: row.asked_at,
          askerHash: row.asker_hash,
          question: row.question,
          questionKey: row.question_key,
          answered: row.answered,
          confidence: row.confidence,
          topScore: row.top_score,
          cited: cited.map(toCited),
        };
        return stored;
      }),

    recordVote: (questionId, voterHash, vote, at, quoteRank) =>
      inTransaction(pool, 'BEGIN', async (db): Promise<VoteOutcome> => {
        if (!(await questionExists(db, questionId))) return 'unknown question';
        const value = vote === 'up' ? 1 : -1;
        const rank = vote === 'up' ? (quoteRank ?? null) : null;
        const [previous] = await rows<{ vote: number; quote_rank: number | null }>(
          db,
          'SELECT vote, quote_rank FROM votes WHERE question_id = $1 AND voter_hash = $2',
          [questionId, voterHash],
        );
        if (previous?.vote === value && previous.quote_rank === rank) return 'unchanged';
        await db.query(
          `INSERT INTO votes (question_id, voter_hash, vote, voted_at, quote_rank) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (question_id, voter_hash) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at, quote_rank = excluded.quote_rank`,
          [questionId, voterHash, value, at, rank],
        );
        return previous ? 'changed' : 'recorded';
      }),

    markByModerator: (questionId, moderatorHash, quoteRank, at) =>
      inTransaction(pool, 'BEGIN', async (db) => {
        if (!(await questionExists(db, questionId))) return 'unknown question' as const;
        await db.query(
          `INSERT INTO moderator_marks (question_id, moderator_hash, quote_rank, marked_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (question_id) DO UPDATE SET moderator_hash = excluded.moderator_hash, quote_rank = excluded.quote_rank, marked_at = excluded.marked_at`,
          [questionId, moderatorHash, quoteRank, at],
        );
        return 'recorded' as const;
      }),

    // One snapshot (REPEATABLE READ), so marks, tallies and citations agree with each other.
    labelledQuestions: (guildId) =>
      inTransaction(pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (db): Promise<VotedLabel[]> => {
        const marks = await rows<{ question_id: number; quote_rank: number | null }>(
          db,
          'SELECT m.question_id, m.quote_rank FROM moderator_marks m JOIN questions q ON q.id = m.question_id WHERE q.guild_id = $1',
          [guildId],
        );
        const tallyRows = await rows<{ question_id: number; quote_rank: number | null; voters: number }>(
          db,
          `SELECT v.question_id, v.quote_rank, COUNT(*) AS voters FROM votes v JOIN questions q ON q.id = v.question_id
           WHERE q.guild_id = $1 AND (v.vote = -1 OR v.quote_rank IS NOT NULL) GROUP BY v.question_id, v.quote_rank`,
          [guildId],
        );
        const markOf = new Map(marks.map((m) => [m.question_id, { choice: m.quote_rank }]));
        const tallies = new Map<number, VoteTally[]>();
        for (const t of tallyRows)
          tallies.set(t.question_id, [...(tallies.get(t.question_id) ?? []), { choice: t.quote_rank, voters: t.voters }]);
        const ids = [...new Set([...markOf.keys(), ...tallies.keys()])].sort((a, b) => a - b);
        const labels: VotedLabel[] = [];
        for (const id of ids) {
          const label = labelFromVotes(markOf.get(id), tallies.get(id) ?? []);
          if (!label) continue;
          const [{ question }] = (await rows<{ question: string }>(db, 'SELECT question FROM questions WHERE id = $1', [id])) as [
            { question: string },
          ];
          if (label.choice === null) {
            labels.push({ questionId: id, question, answer: null, by: label.by });
            continue;
          }
          const [answer] = await rows<{ source: string; start: number; end: number }>(
            db,
            'SELECT source, start, "end" FROM citations WHERE question_id = $1 AND rank = $2',
            [id, label.choice],
          );
          // A rank with no citation (never offered) labels nothing.
          if (answer) labels.push({ questionId: id, question, answer, by: label.by });
        }
        return labels;
      }),

    serverLevels: (guildId) =>
      inTransaction(
        pool,
        'BEGIN READ ONLY',
        async (db) =>
          (await rows<{ current: ServerLevels | null }>(db, 'SELECT current FROM server_levels WHERE guild_id = $1', [guildId]))[0]
            ?.current ?? null,
      ),

    applyServerLevels: (guildId, levels, at) =>
      inTransaction(pool, 'BEGIN', async (db) => {
        const [row] = await selectLevels(db, guildId);
        await upsertLevels(db, guildId, levels, row?.current ?? null, at);
      }),

    restoreServerLevels: (guildId, at) =>
      inTransaction(pool, 'BEGIN', async (db) => {
        const [row] = await selectLevels(db, guildId);
        if (!row) return false;
        await upsertLevels(db, guildId, row.previous, row.current, at);
        return true;
      }),

    markSentToModerators: (questionId, voterHash, at) =>
      inTransaction(
        pool,
        'BEGIN',
        async (db) =>
          (
            await db.query(
              `UPDATE votes SET sent_to_moderators_at = $1
               WHERE question_id = $2 AND voter_hash = $3 AND vote = -1 AND sent_to_moderators_at IS NULL`,
              [at, questionId, voterHash],
            )
          ).rowCount === 1,
      ),

    clearSentToModerators: (questionId, voterHash) =>
      inTransaction(pool, 'BEGIN', async (db) => {
        await db.query('UPDATE votes SET sent_to_moderators_at = NULL WHERE question_id = $1 AND voter_hash = $2', [questionId, voterHash]);
      }),

    // One read-only snapshot, as SQLite's one transaction: the lists and counts agree.
    report: ({ guildId, since, until, limit }) =>
      inTransaction(pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (db) => {
        const window = [guildId, since, until];
        const unanswered = await rows<{ wording: string; asked: number; askers: number; last: number }>(
          db,
          // The most recent wording of each group, as SQLite's bare column beside MAX() gives it.
          `SELECT (ARRAY_AGG(question ORDER BY asked_at DESC))[1] AS wording, COUNT(*) AS asked,
                COUNT(DISTINCT asker_hash) AS askers, MAX(asked_at) AS last
         FROM questions WHERE guild_id = $1 AND asked_at >= $2 AND asked_at < $3 AND NOT answered
         GROUP BY question_key ORDER BY asked DESC, askers DESC, last DESC LIMIT $4`,
          [...window, limit],
        );
        const downvoted = await rows<{ id: number; question: string; asked_at: number; down: number; up: number }>(
          db,
          `SELECT q.id, q.question, q.asked_at, COUNT(*) FILTER (WHERE v.vote = -1) AS down, COUNT(*) FILTER (WHERE v.vote = 1) AS up
         FROM questions q JOIN votes v ON v.question_id = q.id
         WHERE q.guild_id = $1 AND q.asked_at >= $2 AND q.asked_at < $3
         GROUP BY q.id HAVING COUNT(*) FILTER (WHERE v.vote = -1) > 0 ORDER BY down DESC, q.asked_at DESC LIMIT $4`,
          [...window, limit],
        );
        // Whole days: the report's window starts at a day's beginning, and purging goes by whole days.
        const cited = await rows<{ source: string; title: string; answers: number }>(
          db,
          `SELECT source, MAX(title) AS title, SUM(answers) AS answers FROM cited_daily
         WHERE guild_id = $1 AND day >= $2::BIGINT / ${DAY_MS} AND day <= ($3::BIGINT - 1) / ${DAY_MS}
         GROUP BY source ORDER BY answers DESC, source LIMIT $4`,
          [...window, limit],
        );
        const days = await rows<{ day: number; answered: number; unanswered: number }>(
          db,
          `SELECT asked_at / ${DAY_MS} AS day, COUNT(*) FILTER (WHERE answered) AS answered, COUNT(*) FILTER (WHERE NOT answered) AS unanswered
         FROM questions WHERE guild_id = $1 AND asked_at >= $2 AND asked_at < $3 GROUP BY day ORDER BY day`,
          window,
        );
        return {
          unanswered: unanswered.map((g) => ({ wording: g.wording, asked: g.asked, askers: g.askers, lastAskedAt: g.last })),
          downvoted: await Promise.all(
            downvoted.map(async (a) => ({
              questionId: a.id,
              question: a.question,
              askedAt: a.asked_at,
              down: a.down,
              up: a.up,
              sources: await citedSources(db, a.id),
            })),
          ),
          cited,
          days: days.map((d) => ({ ...d, day: new Date(d.day * DAY_MS).toISOString().slice(0, 10) })),
        };
      }),

    purgeBefore: (time) =>
      inTransaction(pool, 'BEGIN', async (db) => {
        await db.query(`DELETE FROM cited_daily WHERE day < $1::BIGINT / ${DAY_MS}`, [time]);
        return (await db.query('DELETE FROM questions WHERE asked_at < $1', [time])).rowCount ?? 0;
      }),

    close: () => pool.end(),
  };
}
