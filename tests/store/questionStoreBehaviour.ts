/**
 * What every question store must do, run against each (sqliteQuestionStore.test.ts,
 * postgresQuestionStore.test.ts): one test body, parameterised by how a fresh store is opened.
 */
import { describe, expect, test } from 'vitest';
import { scheduleRetention } from '../../src/store/retention.js';
import type { CitedQuote, QuestionRecord, QuestionStore } from '../../src/store/questionStore.js';
import { syntheticQuestion } from '../support/questionHistory.js';

const DAY = 86_400_000;
const GUILD_A = '300000000000000003';
const GUILD_B = '300000000000000004';

export interface OpenedStore {
  store: QuestionStore;
  /** Closes the store and removes what it wrote. */
  remove(): Promise<void>;
}

/** Opens a store on fresh, empty storage; the opener is skipped (null) where the store is not available. */
export function describeQuestionStore(name: string, open: (() => Promise<OpenedStore>) | null): void {
  describe.skipIf(open === null)(`the ${name} question store`, () => {
    const withStore = async (work: (store: QuestionStore) => Promise<void>) => {
      const opened = await (open as () => Promise<OpenedStore>)();
      try {
        await work(opened.store);
      } finally {
        await opened.remove();
      }
    };

    test('a recorded question reads back with its citations, in rank order', () =>
      withStore(async (store) => {
        const record = syntheticQuestion(1, 1_700_000_000_000);
        const id = await store.recordQuestion(record);
        expect(await store.question(id)).toEqual({ ...record, id });
        expect(await store.question(id + 1)).toBeUndefined();
      }));

    test('one vote per member per answer, changeable; only a down-voter can send to the moderators, once', () =>
      withStore(async (store) => {
        const id = await store.recordQuestion(syntheticQuestion(1, Date.now()));
        expect(await store.recordVote(id, 'a', 'up', 1)).toBe('recorded');
        expect(await store.recordVote(id, 'a', 'up', 2)).toBe('unchanged');
        expect(await store.markSentToModerators(id, 'a', 3)).toBe(false);
        expect(await store.recordVote(id, 'a', 'down', 4)).toBe('changed');
        expect(await store.recordVote(id, 'b', 'down', 5)).toBe('recorded');
        expect(await store.recordVote(id + 99, 'b', 'down', 5)).toBe('unknown question');
        expect(await store.markSentToModerators(id, 'a', 6)).toBe(true);
        expect(await store.markSentToModerators(id, 'a', 7)).toBe(false);
        await store.clearSentToModerators(id, 'a');
        expect(await store.markSentToModerators(id, 'a', 8)).toBe(true);
        const report = await store.report({ guildId: GUILD_A, since: 0, until: Date.now() + 1, limit: 10 });
        expect(report.downvoted).toMatchObject([{ questionId: id, down: 2, up: 0 }]);
      }));

    test('labels: members split evenly label nothing; a mark outranks them; purged with the question, while applied levels stay and restore swaps back', () =>
      withStore(async (store) => {
        const id = await store.recordQuestion({ ...syntheticQuestion(1, 1_000 * DAY), guildId: GUILD_A });
        const cited = (await store.question(id))?.cited[0];
        await store.recordVote(id, 'a', 'up', 1, 0);
        await store.recordVote(id, 'b', 'down', 2);
        expect(await store.labelledQuestions(GUILD_A)).toEqual([]);
        await store.recordVote(id, 'c', 'up', 3, 0);
        expect(await store.labelledQuestions(GUILD_A)).toMatchObject([
          { questionId: id, answer: { source: cited?.source, start: cited?.start, end: cited?.end }, by: 'members' },
        ]);
        expect(await store.markByModerator(id, 'm', null, 4)).toBe('recorded');
        expect(await store.markByModerator(id + 99, 'm', null, 4)).toBe('unknown question');
        expect(await store.labelledQuestions(GUILD_A)).toMatchObject([{ questionId: id, answer: null, by: 'moderator' }]);

        expect(await store.restoreServerLevels(GUILD_A, 5)).toBe(false);
        const fitted = { answerLevel: 0.7, closestLevel: 0.2, scorer: 'scorer', labelled: 30 };
        await store.applyServerLevels(GUILD_A, fitted, 6);
        await store.applyServerLevels(GUILD_A, { ...fitted, answerLevel: 0.8 }, 7);
        expect((await store.serverLevels(GUILD_A))?.answerLevel).toBe(0.8);

        await store.purgeBefore(1_001 * DAY);
        expect(await store.labelledQuestions(GUILD_A)).toEqual([]);
        expect(await store.restoreServerLevels(GUILD_A, 8)).toBe(true);
        expect(await store.serverLevels(GUILD_A)).toEqual(fitted);
        // Restoring again swaps back to the later levels; a first apply's "previous" is the index's.
        expect(await store.restoreServerLevels(GUILD_A, 9)).toBe(true);
        expect((await store.serverLevels(GUILD_A))?.answerLevel).toBe(0.8);
      }));

    test("one server's questions, votes, labels, levels and report are never another's", () =>
      withStore(async (store) => {
        const now = Date.now();
        const ofA = await store.recordQuestion({ ...syntheticQuestion(1, now), guildId: GUILD_A });
        await store.recordQuestion({ ...syntheticQuestion(3, now), guildId: GUILD_A });
        await store.recordVote(ofA, 'a', 'down', now);
        await store.markByModerator(ofA, 'm', 0, now);
        await store.applyServerLevels(GUILD_A, { answerLevel: 0.6, closestLevel: 0.1, scorer: 'scorer', labelled: 30 }, now);

        expect(await store.labelledQuestions(GUILD_B)).toEqual([]);
        expect(await store.serverLevels(GUILD_B)).toBeNull();
        expect(await store.restoreServerLevels(GUILD_B, now)).toBe(false);
        expect(await store.report({ guildId: GUILD_B, since: 0, until: now + 1, limit: 10 })).toEqual({
          unanswered: [],
          downvoted: [],
          cited: [],
          days: [],
        });
        // And the other way round: B's question leaves A's report as it was.
        const before = await store.report({ guildId: GUILD_A, since: 0, until: now + 1, limit: 10 });
        expect(before.days).toHaveLength(1);
        await store.recordQuestion({ ...syntheticQuestion(3, now), guildId: GUILD_B });
        expect(await store.report({ guildId: GUILD_A, since: 0, until: now + 1, limit: 10 })).toEqual(before);
        expect(await store.labelledQuestions(GUILD_A)).toHaveLength(1);
      }));

    test('the report: unanswered wordings grouped under the latest, voted-down answers, articles cited per answer, counts per UTC day', () =>
      withStore(async (store) => {
        const day = Date.UTC(2026, 10, 2);
        const cite = (source: string, paragraph: number): CitedQuote => ({
          source,
          title: `Title of ${source}`,
          paragraph,
          start: 0,
          end: 11,
          text: 'Quoted text',
          highlight: null,
          answerProbability: 0.9,
          answers: true,
        });
        const ask = (question: string, key: string, at: number, asker: string, cited: CitedQuote[]): Promise<number> => {
          const record: QuestionRecord = {
            guildId: GUILD_A,
            channelId: null,
            askedAt: at,
            askerHash: asker,
            question,
            questionKey: key,
            answered: cited.length > 0,
            confidence: null,
            topScore: 0.5,
            cited,
          };
          return store.recordQuestion(record);
        };
        await ask('Recipe for kimchi?', 'kimchi recipe', day + 1_000, 'x', []);
        await ask('What is the kimchi recipe?', 'kimchi recipe', day + DAY + 1_000, 'y', []);
        await ask('kimchi recipe, please', 'kimchi recipe', day + 2_000, 'x', []);
        await ask('Who won?', 'who won', day + DAY + 2_000, 'z', []);
        const voted = await ask('How many were sent?', 'how many sent', day + 3_000, 'x', [cite('corpus/a.md', 1), cite('corpus/b.md', 2)]);
        await ask('Where did they go?', 'where go', day + DAY + 3_000, 'y', [cite('corpus/a.md', 4)]);
        await store.recordVote(voted, 'v1', 'down', day);
        await store.recordVote(voted, 'v2', 'down', day);
        await store.recordVote(voted, 'v3', 'up', day, 0);

        expect(await store.report({ guildId: GUILD_A, since: day, until: day + 2 * DAY, limit: 10 })).toEqual({
          unanswered: [
            { wording: 'What is the kimchi recipe?', asked: 3, askers: 2, lastAskedAt: day + DAY + 1_000 },
            { wording: 'Who won?', asked: 1, askers: 1, lastAskedAt: day + DAY + 2_000 },
          ],
          downvoted: [
            {
              questionId: voted,
              question: 'How many were sent?',
              askedAt: day + 3_000,
              down: 2,
              up: 1,
              sources: [
                { source: 'corpus/a.md', title: 'Title of corpus/a.md', paragraph: 1 },
                { source: 'corpus/b.md', title: 'Title of corpus/b.md', paragraph: 2 },
              ],
            },
          ],
          cited: [
            { source: 'corpus/a.md', title: 'Title of corpus/a.md', answers: 2 },
            { source: 'corpus/b.md', title: 'Title of corpus/b.md', answers: 1 },
          ],
          days: [
            { day: '2026-11-02', answered: 1, unanswered: 2 },
            { day: '2026-11-03', answered: 1, unanswered: 2 },
          ],
        });
        // The window's second day alone; one row per list.
        const second = await store.report({ guildId: GUILD_A, since: day + DAY, until: day + 2 * DAY, limit: 1 });
        // Asked as often by as many: the later first.
        expect(second.unanswered).toEqual([{ wording: 'Who won?', asked: 1, askers: 1, lastAskedAt: day + DAY + 2_000 }]);
        expect(second.cited).toEqual([{ source: 'corpus/a.md', title: 'Title of corpus/a.md', answers: 1 }]);
        expect(second.downvoted).toEqual([]);
      }));

    test('purging deletes old questions with their votes and per-day counts, and nothing newer', () =>
      withStore(async (store) => {
        const now = Date.now();
        const old = await store.recordQuestion(syntheticQuestion(1, now - 91 * DAY));
        await store.recordVote(old, 'a', 'down', now);
        const recent = await store.recordQuestion(syntheticQuestion(2, now - 89 * DAY));
        expect(await store.purgeBefore(Math.floor((now - 90 * DAY) / DAY) * DAY)).toBe(1);
        expect(await store.question(old)).toBeUndefined();
        expect(await store.recordVote(old, 'a', 'up', now)).toBe('unknown question');
        expect((await store.question(recent))?.cited).toHaveLength(3);
        const report = await store.report({ guildId: GUILD_A, since: 0, until: now + 1, limit: 10 });
        expect(report.downvoted).toEqual([]);
        // Question 2's three articles, counted once each; question 1's went with its day.
        expect(report.cited.map((c) => c.source).sort()).toEqual(['corpus/article-15.md', 'corpus/article-2.md', 'corpus/article-28.md']);
      }));

    test('retention keeps whole days: at start-up, what was asked before the oldest kept day is deleted and logged', () =>
      withStore(async (store) => {
        const now = Date.UTC(2026, 11, 1, 15, 0);
        await store.recordQuestion(syntheticQuestion(1, Date.UTC(2026, 8, 1, 23, 59)));
        const kept = await store.recordQuestion(syntheticQuestion(2, Date.UTC(2026, 8, 2, 0, 0)));
        const logged: string[] = [];
        const log = { info: (message: string) => logged.push(message), warn: (message: string) => logged.push(message) };
        const stop = await scheduleRetention(store, 90, log, () => now);
        stop();
        expect(logged).toEqual(['Retention: deleted 1 question(s) older than 90 days.']);
        expect(await store.question(kept)).toBeDefined();
      }));

    test('questions and votes recorded at once each get their own row', () =>
      withStore(async (store) => {
        const now = Date.now();
        const ids = await Promise.all(Array.from({ length: 24 }, (_, i) => store.recordQuestion(syntheticQuestion(i + 1, now))));
        expect(new Set(ids).size).toBe(24);
        const [first] = ids as [number];
        const outcomes = await Promise.all(Array.from({ length: 24 }, (_, i) => store.recordVote(first, `voter-${i}`, 'down', now)));
        expect(outcomes.filter((o) => o === 'recorded')).toHaveLength(24);
        const report = await store.report({ guildId: GUILD_A, since: 0, until: now + 1, limit: 10 });
        expect(report.downvoted).toMatchObject([{ questionId: first, down: 24, up: 0 }]);
        expect(report.days.map((d) => d.answered + d.unanswered)).toEqual([24]);
      }));

    test('answers citing the same articles in different orders, recorded at once, all count (no deadlock between writers)', () =>
      withStore(async (store) => {
        const now = Date.now();
        const answered = (i: number): QuestionRecord => {
          const base = syntheticQuestion(1, now, GUILD_A);
          const cited = (['corpus/north.md', 'corpus/south.md', 'corpus/east.md'] as const).map((source, rank) => ({
            ...(base.cited[0] as CitedQuote),
            source,
            title: source,
            paragraph: rank + 1,
          }));
          return { ...base, answered: true, cited: i % 2 === 0 ? cited : cited.reverse() };
        };
        const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => store.recordQuestion(answered(i))));
        expect(new Set(ids).size).toBe(12);
        const report = await store.report({ guildId: GUILD_A, since: 0, until: now + 1, limit: 10 });
        expect(report.cited.map((c) => [c.source, c.answers]).sort()).toEqual([
          ['corpus/east.md', 12],
          ['corpus/north.md', 12],
          ['corpus/south.md', 12],
        ]);
      }));
  });
}
