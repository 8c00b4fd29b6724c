import pg from 'pg';
import { expect, test } from 'vitest';
import { openQuestionStore } from '../../src/store/openQuestionStore.js';
import { openPostgresQuestionStore, POSTGRES_MIGRATIONS } from '../../src/store/postgresQuestionStore.js';
import { freshDatabase } from '../support/postgresServer.js';
import { testPostgresUrl } from '../support/testPostgres.js';
import { syntheticQuestion } from '../support/questionHistory.js';
import { describeQuestionStore } from './questionStoreBehaviour.js';

// Debian's PostgreSQL (a real server: concurrent connections), started once per run.
const serverUrl = testPostgresUrl();

describeQuestionStore(
  'PostgreSQL',
  serverUrl === null
    ? null
    : async () => {
        const database = await freshDatabase(serverUrl);
        const store = await openQuestionStore({ dataDir: '/nonexistent', databaseUrl: database.url });
        return {
          store,
          async remove() {
            await store.close();
            await database.drop();
          },
        };
      },
);

test.skipIf(serverUrl === null)(
  'shards starting together migrate once; a question recorded by one is read by another; a newer schema is refused',
  async () => {
    const database = await freshDatabase(serverUrl as string);
    const pools = [1, 2, 3].map(() => new pg.Pool({ connectionString: database.url }));
    try {
      const [first, second, third] = await Promise.all(pools.map((pool) => openPostgresQuestionStore(pool)));
      const id = await first!.recordQuestion(syntheticQuestion(1, Date.now()));
      expect((await second!.question(id))?.question).toBe(syntheticQuestion(1, 0).question);
      expect(await third!.recordVote(id, 'voter', 'down', Date.now())).toBe('recorded');
      const { rows } = await pools[0]!.query('SELECT version FROM question_schema');
      expect(rows).toEqual([{ version: POSTGRES_MIGRATIONS.length }]);
      await pools[0]!.query('UPDATE question_schema SET version = version + 1');
      const later = new pg.Pool({ connectionString: database.url });
      await expect(openPostgresQuestionStore(later)).rejects.toThrow(/newer Verbatim.*DATABASE_URL elsewhere/u);
      await later.end();
      await Promise.all([first, second, third].map((store) => store!.close()));
    } finally {
      await database.drop();
    }
  },
);

test('an unreachable database is named by its variable and host, never with its password', async () => {
  const refused = openQuestionStore({ dataDir: '/nonexistent', databaseUrl: 'postgres://verbatim:s3cret-password@127.0.0.1:9/verbatim' });
  await expect(refused).rejects.toThrow(
    /^The question store could not use the database at DATABASE_URL \(127\.0\.0\.1:9\): .*ECONNREFUSED/u,
  );
  await expect(refused).rejects.not.toThrow(/s3cret/u);
});
