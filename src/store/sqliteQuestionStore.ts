/**
 * The question store in one SQLite file (better-sqlite3), in WAL mode: readers never block
 * the writer, and every recorded question is one transaction, so a process killed mid-write
 * loses at most the question in flight. `synchronous = NORMAL` skips the fsync per commit
 * (recording stays well under a millisecond); a committed question then survives a crash
 * of the process, though not necessarily a power cut of the machine in the same instant.
 * The schema is versioned (`PRAGMA user_version`) and migrated forward on open.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { labelFromVotes, type LabelChoice, type VoteTally } from './labelFromVotes.js';
import {
  DAY_MS,
  type CitedSource,
  type QuestionRecord,
  type QuestionStore,
  type ReportData,
  type ServerLevels,
  type StoredQuestion,
  type Vote,
  type VoteOutcome,
  type VotedLabel,
} from './questionStore.js';

export const DATABASE_FILE = 'verbatim.sqlite';

/** Each entry moves the schema from version i to i + 1; never edit one that has shipped. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE questions (
     id INTEGER PRIMARY KEY,
     guild_id TEXT,
     channel_id TEXT,
     asked_at INTEGER NOT NULL,
     asker_hash TEXT NOT NULL,
     question TEXT NOT NULL,
     question_key TEXT NOT NULL,
     answered INTEGER NOT NULL,
     confidence REAL,
     top_score REAL
   );
   CREATE INDEX questions_by_guild_time ON questions (guild_id, asked_at);
   CREATE INDEX questions_by_time ON questions (asked_at);
   CREATE TABLE citations (
     question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
     rank INTEGER NOT NULL,
     source TEXT NOT NULL,
     title TEXT NOT NULL,
     paragraph INTEGER NOT NULL,
     start INTEGER NOT NULL,
     "end" INTEGER NOT NULL,
     text TEXT NOT NULL,
     highlight_start INTEGER,
     highlight_end INTEGER,
     score REAL NOT NULL,
     PRIMARY KEY (question_id, rank)
   ) WITHOUT ROWID;
   CREATE TABLE votes (
     question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
     voter_hash TEXT NOT NULL,
     vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
     voted_at INTEGER NOT NULL,
     sent_to_moderators_at INTEGER,
     PRIMARY KEY (question_id, voter_hash)
   ) WITHOUT ROWID;`,
  // Whether each quote was shown as an answer or as one of the closest passages. And for
  // /report over 100,000 questions: the answers citing each article counted per server and UTC
  // day as questions are recorded, instead of grouping 200,000 citations per report (most
  // cited, 90 days: 304 -> under 20 ms); the window's rows read from a covering index, not
  // from rows that carry the question text (per day: 73 -> 27 ms).
  `ALTER TABLE citations ADD COLUMN answers INTEGER NOT NULL DEFAULT 1;
   CREATE INDEX questions_by_guild_time_answered ON questions (guild_id, asked_at, answered);
   DROP INDEX questions_by_guild_time;
   CREATE TABLE cited_daily (
     guild_id TEXT NOT NULL,
     day INTEGER NOT NULL,
     source TEXT NOT NULL,
     title TEXT NOT NULL,
     answers INTEGER NOT NULL,
     PRIMARY KEY (guild_id, day, source)
   ) WITHOUT ROWID;
   INSERT INTO cited_daily (guild_id, day, source, title, answers)
     SELECT q.guild_id, q.asked_at / 86400000, c.source, MAX(c.title), COUNT(DISTINCT q.id)
     FROM questions q JOIN citations c ON c.question_id = q.id
     WHERE q.answered = 1 AND q.guild_id IS NOT NULL GROUP BY q.guild_id, q.asked_at / 86400000, c.source;`,
  // Votes per quote: a 👍 names the quote that answers (its citation rank); a 👎 says none does.
  // Moderators' marks on the review queue, one per question (they outrank votes). Both go with
  // their question at retention. The levels each server applied from them, with the previous
  // ones (NULL: the index's) kept for /calibrate restore; these are settings, kept until changed.
  `ALTER TABLE votes ADD COLUMN quote_rank INTEGER;
   CREATE TABLE moderator_marks (
     question_id INTEGER PRIMARY KEY REFERENCES questions (id) ON DELETE CASCADE,
     moderator_hash TEXT NOT NULL,
     quote_rank INTEGER,
     marked_at INTEGER NOT NULL
   );
   CREATE TABLE server_levels (
     guild_id TEXT PRIMARY KEY,
     current TEXT,
     previous TEXT,
     changed_at INTEGER NOT NULL
   ) WITHOUT ROWID;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export class StoreError extends Error {
  override name = 'StoreError';
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new StoreError(
      `The database was written by a newer Verbatim (schema ${version}; this one ` +
        `knows ${MIGRATIONS.length}). Upgrade Verbatim or point DATA_DIR elsewhere.`,
    );
  }
  for (let v = version; v < MIGRATIONS.length; v += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

interface QuestionRow {
  id: number;
  guild_id: string | null;
  channel_id: string | null;
  asked_at: number;
  asker_hash: string;
  question: string;
  question_key: string;
  answered: number;
  confidence: number | null;
  top_score: number | null;
}

interface CitationRow {
  question_id: number;
  rank: number;
  source: string;
  title: string;
  paragraph: number;
  start: number;
  end: number;
  text: string;
  highlight_start: number | null;
  highlight_end: number | null;
  score: number;
  answers: number;
}

const VOTE_VALUE: Record<Vote, number> = { up: 1, down: -1 };

export function openSqliteQuestionStore(dataDir: string): QuestionStore {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, DATABASE_FILE);
  // Readable by the bot's user only, like the hash key: the file holds every question asked.
  // SQLite gives its -wal and -shm files the mode of the database file.
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Another process (a second bot on the same file, a backup) may hold the lock briefly.
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const insertQuestion = db.prepare(
    `INSERT INTO questions (guild_id, channel_id, asked_at, asker_hash, question, question_key, answered, confidence, top_score)
     VALUES (@guildId, @channelId, @askedAt, @askerHash, @question, @questionKey, @answered, @confidence, @topScore)`,
  );
  const insertCitation = db.prepare(
    `INSERT INTO citations (question_id, rank, source, title, paragraph, start, "end", text, highlight_start, highlight_end, score, answers)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const countCitedArticle = db.prepare(
    `INSERT INTO cited_daily (guild_id, day, source, title, answers) VALUES (?, ?, ?, ?, 1)
     ON CONFLICT (guild_id, day, source) DO UPDATE SET answers = answers + 1, title = excluded.title`,
  );
  const record = db.transaction((q: QuestionRecord): number => {
    const id = Number(
      insertQuestion.run({
        guildId: q.guildId,
        channelId: q.channelId,
        askedAt: q.askedAt,
        askerHash: q.askerHash,
        question: q.question,
        questionKey: q.questionKey,
        answered: q.answered ? 1 : 0,
        confidence: q.confidence,
        topScore: q.topScore,
      }).lastInsertRowid,
    );
    q.cited.forEach((c, rank) =>
      insertCitation.run(
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
        c.answers ? 1 : 0,
      ),
    );
    if (q.answered && q.guildId !== null) {
      const titles = new Map(q.cited.map((c) => [c.source, c.title]));
      for (const [source, title] of titles) countCitedArticle.run(q.guildId, Math.floor(q.askedAt / DAY_MS), source, title);
    }
    return id;
  });

  const selectQuestion = db.prepare<[number], QuestionRow>('SELECT * FROM questions WHERE id = ?');
  const selectCitations = db.prepare<[number], CitationRow>('SELECT * FROM citations WHERE question_id = ? ORDER BY rank');
  const selectVote = db.prepare<[number, string], { vote: number; quote_rank: number | null }>(
    'SELECT vote, quote_rank FROM votes WHERE question_id = ? AND voter_hash = ?',
  );
  const upsertVote = db.prepare(
    `INSERT INTO votes (question_id, voter_hash, vote, voted_at, quote_rank) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (question_id, voter_hash) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at, quote_rank = excluded.quote_rank`,
  );
  const vote = db.transaction((questionId: number, voterHash: string, value: number, at: number, quoteRank: number | null): VoteOutcome => {
    if (!selectQuestion.get(questionId)) return 'unknown question';
    const previous = selectVote.get(questionId, voterHash);
    if (previous?.vote === value && previous.quote_rank === quoteRank) return 'unchanged';
    upsertVote.run(questionId, voterHash, value, at, quoteRank);
    return previous ? 'changed' : 'recorded';
  });
  const upsertMark = db.prepare(
    `INSERT INTO moderator_marks (question_id, moderator_hash, quote_rank, marked_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (question_id) DO UPDATE SET moderator_hash = excluded.moderator_hash, quote_rank = excluded.quote_rank, marked_at = excluded.marked_at`,
  );
  const mark = db.transaction((questionId: number, moderatorHash: string, quoteRank: number | null, at: number) => {
    if (!selectQuestion.get(questionId)) return 'unknown question' as const;
    upsertMark.run(questionId, moderatorHash, quoteRank, at);
    return 'recorded' as const;
  });

  // A labelled set is what a server's members and moderators said: the questions with a mark or
  // a vote that names a choice (a 👍 from before votes were per quote names none).
  const guildMarks = db.prepare<[string], { question_id: number; quote_rank: number | null }>(
    `SELECT m.question_id, m.quote_rank FROM moderator_marks m JOIN questions q ON q.id = m.question_id WHERE q.guild_id = ?`,
  );
  const guildTallies = db.prepare<[string], { question_id: number; quote_rank: number | null; voters: number }>(
    `SELECT v.question_id, v.quote_rank, COUNT(*) AS voters FROM votes v JOIN questions q ON q.id = v.question_id
     WHERE q.guild_id = ? AND (v.vote = -1 OR v.quote_rank IS NOT NULL) GROUP BY v.question_id, v.quote_rank`,
  );
  const citationAt = db.prepare<[number, number], { source: string; start: number; end: number }>(
    'SELECT source, start, "end" FROM citations WHERE question_id = ? AND rank = ?',
  );
  const questionText = db.prepare<[number], { question: string }>('SELECT question FROM questions WHERE id = ?');
  const labelled = db.transaction((guildId: string): VotedLabel[] => {
    const marks = new Map(guildMarks.all(guildId).map((m) => [m.question_id, { choice: m.quote_rank }]));
    const tallies = new Map<number, VoteTally[]>();
    for (const t of guildTallies.all(guildId))
      tallies.set(t.question_id, [...(tallies.get(t.question_id) ?? []), { choice: t.quote_rank, voters: t.voters }]);
    const ids = [...new Set([...marks.keys(), ...tallies.keys()])].sort((a, b) => a - b);
    return ids.flatMap((id): VotedLabel[] => {
      const label = labelFromVotes(marks.get(id), tallies.get(id) ?? []);
      if (!label) return [];
      const answer = label.choice === null ? null : (citationAt.get(id, label.choice) ?? undefined);
      // A rank with no citation (never offered) labels nothing.
      if (answer === undefined) return [];
      return [{ questionId: id, question: (questionText.get(id) as { question: string }).question, answer, by: label.by }];
    });
  });

  const selectLevels = db.prepare<[string], { current: string | null; previous: string | null }>(
    'SELECT current, previous FROM server_levels WHERE guild_id = ?',
  );
  const upsertLevels = db.prepare(
    `INSERT INTO server_levels (guild_id, current, previous, changed_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (guild_id) DO UPDATE SET current = excluded.current, previous = excluded.previous, changed_at = excluded.changed_at`,
  );
  const parseLevels = (json: string | null): ServerLevels | null => (json === null ? null : (JSON.parse(json) as ServerLevels));
  const applyLevels = db.transaction((guildId: string, levels: ServerLevels, at: number) => {
    upsertLevels.run(guildId, JSON.stringify(levels), selectLevels.get(guildId)?.current ?? null, at);
  });
  const restoreLevels = db.transaction((guildId: string, at: number): boolean => {
    const row = selectLevels.get(guildId);
    if (!row) return false;
    upsertLevels.run(guildId, row.previous, row.current, at);
    return true;
  });
  const clearSent = db.prepare('UPDATE votes SET sent_to_moderators_at = NULL WHERE question_id = ? AND voter_hash = ?');
  const markSent = db.prepare(
    'UPDATE votes SET sent_to_moderators_at = ? WHERE question_id = ? AND voter_hash = ? AND vote = -1 AND sent_to_moderators_at IS NULL',
  );

  // The report's lists, each one indexed scan of the guild's window.
  const unansweredGroups = db.prepare<[string, number, number, number], { wording: string; asked: number; askers: number; last: number }>(
    `SELECT question AS wording, COUNT(*) AS asked, COUNT(DISTINCT asker_hash) AS askers, MAX(asked_at) AS last
     FROM questions WHERE guild_id = ? AND asked_at >= ? AND asked_at < ? AND answered = 0
     GROUP BY question_key ORDER BY asked DESC, askers DESC, last DESC LIMIT ?`,
  );
  const downvotedAnswers = db.prepare<
    [string, number, number, number],
    { id: number; question: string; asked_at: number; down: number; up: number }
  >(
    `SELECT q.id, q.question, q.asked_at, SUM(v.vote = -1) AS down, SUM(v.vote = 1) AS up
     FROM questions q JOIN votes v ON v.question_id = q.id
     WHERE q.guild_id = ? AND q.asked_at >= ? AND q.asked_at < ?
     GROUP BY q.id HAVING down > 0 ORDER BY down DESC, q.asked_at DESC LIMIT ?`,
  );
  // Whole days: the report's window starts at a day's beginning, and purging goes by whole days.
  const citedArticles = db.prepare<[string, number, number, number], { source: string; title: string; answers: number }>(
    `SELECT source, MAX(title) AS title, SUM(answers) AS answers FROM cited_daily
     WHERE guild_id = ? AND day >= ? / ${DAY_MS} AND day <= (? - 1) / ${DAY_MS}
     GROUP BY source ORDER BY answers DESC, source LIMIT ?`,
  );
  // Days as whole numbers since the epoch (UTC): cheaper to group than formatted dates.
  const perDay = db.prepare<[string, number, number], { day: number; answered: number; unanswered: number }>(
    `SELECT asked_at / ${DAY_MS} AS day, SUM(answered) AS answered, COUNT(*) - SUM(answered) AS unanswered
     FROM questions WHERE guild_id = ? AND asked_at >= ? AND asked_at < ? GROUP BY day ORDER BY day`,
  );
  const purgeQuestions = db.prepare('DELETE FROM questions WHERE asked_at < ?');
  const purgeCounts = db.prepare(`DELETE FROM cited_daily WHERE day < ? / ${DAY_MS}`);
  const purge = db.transaction((time: number): number => {
    purgeCounts.run(time);
    return purgeQuestions.run(time).changes;
  });

  const citedSources = (questionId: number): CitedSource[] =>
    selectCitations.all(questionId).map((c) => ({ source: c.source, title: c.title, paragraph: c.paragraph }));

  // better-sqlite3 is synchronous; the interface is asynchronous for the PostgreSQL store.
  return {
    recordQuestion: async (q) => record(q),
    async question(id) {
      const row = selectQuestion.get(id);
      if (!row) return undefined;
      const stored: StoredQuestion = {
        id: row.id,
        guildId: row.guild_id,
        channelId: row.channel_id,
        askedAt: row.asked_at,
        askerHash: row.asker_hash,
        question: row.question,
        questionKey: row.question_key,
        answered: row.answered === 1,
        confidence: row.confidence,
        topScore: row.top_score,
        cited: selectCitations.all(id).map((c) => ({
          source: c.source,
          title: c.title,
          paragraph: c.paragraph,
          start: c.start,
          end: c.end,
          text: c.text,
          highlight: c.highlight_start === null || c.highlight_end === null ? null : { start: c.highlight_start, end: c.highlight_end },
          answerProbability: c.score,
          answers: c.answers === 1,
        })),
      };
      return stored;
    },
    recordVote: async (questionId, voterHash, value, at, quoteRank) =>
      vote(questionId, voterHash, VOTE_VALUE[value], at, value === 'up' ? (quoteRank ?? null) : null),
    markByModerator: async (questionId, moderatorHash, quoteRank: LabelChoice, at) => mark(questionId, moderatorHash, quoteRank, at),
    labelledQuestions: async (guildId) => labelled(guildId),
    serverLevels: async (guildId) => parseLevels(selectLevels.get(guildId)?.current ?? null),
    applyServerLevels: async (guildId, levels, at) => applyLevels(guildId, levels, at),
    restoreServerLevels: async (guildId, at) => restoreLevels(guildId, at),
    markSentToModerators: async (questionId, voterHash, at) => markSent.run(at, questionId, voterHash).changes === 1,
    clearSentToModerators: async (questionId, voterHash) => void clearSent.run(questionId, voterHash),
    async report({ guildId, since, until, limit }): Promise<ReportData> {
      return db.transaction(() => ({
        unanswered: unansweredGroups
          .all(guildId, since, until, limit)
          .map((g) => ({ wording: g.wording, asked: g.asked, askers: g.askers, lastAskedAt: g.last })),
        downvoted: downvotedAnswers.all(guildId, since, until, limit).map((a) => ({
          questionId: a.id,
          question: a.question,
          askedAt: a.asked_at,
          down: a.down,
          up: a.up,
          sources: citedSources(a.id),
        })),
        cited: citedArticles.all(guildId, since, until, limit),
        days: perDay.all(guildId, since, until).map((d) => ({ ...d, day: new Date(d.day * DAY_MS).toISOString().slice(0, 10) })),
      }))();
    },
    purgeBefore: async (time) => purge(time),
    close: async () => void db.close(),
  };
}
