/**
 * Child process for the crash test: records questions (three citations each) as fast as it
 * can and prints each id once its transaction has committed, until it is killed.
 */
import { openSqliteQuestionStore } from '../../src/store/sqliteQuestionStore.js';
import { syntheticQuestion } from '../support/questionHistory.js';

const store = openSqliteQuestionStore(process.argv[2] as string);
for (let i = 0; ; i += 1) {
  const id = await store.recordQuestion(syntheticQuestion(i, Date.now()));
  // Writes to a pipe are synchronous on Linux: once printed, the id is in the parent's pipe.
  process.stdout.write(`${id}\n`);
}
