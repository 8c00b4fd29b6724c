/**
 * `npm run calibrate -- --set FILE`: sets this index's confidence levels from labelled questions of its corpus.
 * `npm run calibrate -- --from-votes --server ID [--apply]`: the same as `/calibrate status|apply` for one server.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createCorpusEngine } from '../src/answer/createCorpusEngine.js';
import { labelledCalibration, MIN_LABELLED_ANSWERED } from '../src/answer/labelledCalibration.js';
import { serverLevelsInForce } from '../src/answer/serverLevelsInForce.js';
import { levelsToApply, votedCalibration } from '../src/answer/votedCalibration.js';
import { calibrationStatus } from '../src/render/calibrationStatus.js';
import { openQuestionStore } from '../src/store/openQuestionStore.js';
import { parseCommandLine, runCli, UsageError } from '../src/cli/runCli.js';
import { loadCoreConfig } from '../src/config.js';
import { createEmbedder } from '../src/embedding/embedder.js';
import { parseEvalSet } from '../src/eval/metrics.js';
import { calibrateIndex } from '../src/index/calibrateIndex.js';
import { openIndexStore, storeOfSnapshot } from '../src/index/fileStore.js';
import type { Levels } from '../src/calibration/indexCalibration.js';

const HELP = `Usage: npm run calibrate -- --set FILE [--index DIR]
       npm run calibrate -- --from-votes --server ID [--apply] [--index DIR]

Asks the questions of FILE (JSON lines in the eval format: {"id", "question", "kind",
"source", "fragment"} for a question the corpus answers, with "source" the article's path as
the index names it and "fragment" a few words of the answering sentence; "kind":
"unanswerable" and no source for one it cannot answer) and sets the index's answer level to
the lowest at which they are answered with precision 0.95. Writes the levels into the index's
manifest and changes nothing else; the next ingest measures probe questions again.

  --set FILE    the labelled questions (about 30, a third of them unanswerable, is enough)
  --index DIR   the index (default: INDEX_DIR, else ./data/index)

With --from-votes, the labelled questions are one server's (ID: its Discord id): members'
votes on which quote answers and moderators' marks, from the question database in DATA_DIR.
Prints how many there are, what the server's levels now give on them and what levels fitted
on them would give (as /calibrate status); --apply applies those to that server only (as
/calibrate apply; the bot reads them at its next question). The index is left as it is.

  --from-votes  calibrate a server from its votes
  --server ID   the server
  --apply       apply the fitted levels (refused under 30 labelled questions, or 5 of a side)
  -h, --help    this text`;

await runCli(async () => {
  const { values } = parseCommandLine(
    {
      options: {
        set: { type: 'string' },
        index: { type: 'string' },
        'from-votes': { type: 'boolean', default: false },
        server: { type: 'string' },
        apply: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    },
    HELP,
  );
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const config = loadCoreConfig();
  const indexDir = values.index ? path.resolve(values.index) : config.indexDir;
  if (values['from-votes']) {
    if (!values.server || !/^\d{17,20}$/u.test(values.server))
      throw new UsageError(`--from-votes needs --server ID, a numeric Discord server id.\n\n${HELP}`);
    return calibrateFromVotes(config, indexDir, values.server, values.apply);
  }
  const setFile = values.set;
  if (!setFile) throw new UsageError(`--set FILE (or --from-votes) is required.\n\n${HELP}`);
  let questions;
  try {
    questions = parseEvalSet(readFileSync(path.resolve(setFile), 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read the labelled set ${setFile}: ${(error as Error).message}`);
  }
  if (questions.length === 0) throw new UsageError(`${setFile} holds no questions.`);
  const answerable = questions.filter((q) => q.kind !== 'unanswerable').length;
  if (answerable < MIN_LABELLED_ANSWERED) {
    throw new UsageError(
      `${setFile} has ${answerable} answerable questions; a level needs at least ` +
        `${MIN_LABELLED_ANSWERED} (about 30 questions, two thirds answerable, is enough).`,
    );
  }
  // Under the ingest lock: the levels are measured on the index they are written into, and no ingest commits in between.
  let before: Levels | undefined;
  const calibration = await calibrateIndex(indexDir, async (snapshot) => {
    const store = storeOfSnapshot(snapshot);
    const unknown = questions
      .flatMap((q) => [q.source, ...(q.alsoAccept ?? []).map((a) => a.source)])
      .filter((s) => s !== undefined && !store.article(s));
    if (unknown.length > 0)
      throw new UsageError(
        `The index holds no article ${unknown.map((s) => `"${s}"`).join(', ')}; sources are paths as the index names them (npm run ask -- --json shows them).`,
      );
    const embedder = await createEmbedder({ model: store.model.id, cacheDir: config.modelCacheDir, hubTimeoutMs: config.hubTimeoutMs });
    const engine = createCorpusEngine(store, embedder);
    before = engine.levels;
    // The index's own copy of each article's text (the snapshot, for converted formats).
    return labelledCalibration(store, engine, questions, (source) => store.article(source)?.text ?? '', setFile);
  });
  const labelled = calibration.labelled;
  process.stdout.write(
    `Answer level ${before?.answerLevel} -> ${calibration.answerLevel}, ` +
      `closest level ${before?.closestLevel} -> ${calibration.closestLevel}\n` +
      `On the ${labelled?.questions} labelled questions: precision of answered ` +
      `${labelled?.precision.toFixed(2)}, coverage ${labelled?.coverage.toFixed(2)} of the answerable.\n`,
  );
});

async function calibrateFromVotes(
  config: ReturnType<typeof loadCoreConfig>,
  indexDir: string,
  guildId: string,
  apply: boolean,
): Promise<void> {
  const passages = await openIndexStore(indexDir);
  const embedder = await createEmbedder({ model: passages.model.id, cacheDir: config.modelCacheDir, hubTimeoutMs: config.hubTimeoutMs });
  const engine = createCorpusEngine(passages, embedder);
  const store = await openQuestionStore(config);
  try {
    const { levels, from } = serverLevelsInForce(engine, await store.serverLevels(guildId));
    const result = await votedCalibration(engine, await store.labelledQuestions(guildId), levels);
    process.stdout.write(`${calibrationStatus(result, from)}\n`);
    if (!apply) return;
    const fitted = levelsToApply(result, engine.scorer);
    if (!fitted) throw new UsageError(`Nothing applied. ${result.shortfall ?? ''}`);
    await store.applyServerLevels(guildId, fitted, Date.now());
    process.stdout.write(
      `Applied to server ${guildId}: answer level ${levels.answerLevel} -> ` +
        `${fitted.answerLevel}, closest level ${levels.closestLevel} -> ${fitted.closestLevel}.\n`,
    );
  } finally {
    await store.close();
  }
}
