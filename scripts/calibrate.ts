/** `npm run calibrate -- --set FILE`: sets this index's confidence levels from labelled questions of its corpus. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createCorpusEngine } from '../src/answer/createCorpusEngine.js';
import { labelledCalibration, MIN_LABELLED_ANSWERED } from '../src/answer/labelledCalibration.js';
import { writeCalibration } from '../src/answer/probeIndex.js';
import { parseCommandLine, runCli, UsageError } from '../src/cli/runCli.js';
import { loadCoreConfig } from '../src/config.js';
import { createEmbedder } from '../src/embedding/embedder.js';
import { parseEvalSet } from '../src/eval/metrics.js';
import { loadIndex } from '../src/index/loadIndex.js';

const HELP = `Usage: npm run calibrate -- --set FILE [--index DIR]

Asks the questions of FILE (JSON lines in the eval format: {"id", "question", "kind",
"source", "fragment"} for a question the corpus answers, with "source" the article's path as
the index names it and "fragment" a few words of the answering sentence; "kind":
"unanswerable" and no source for one it cannot answer) and sets the index's answer level to
the lowest at which they are answered with precision 0.95. Writes the levels into the index's
manifest and changes nothing else; the next ingest measures probe questions again.

  --set FILE    the labelled questions (about 30, a third of them unanswerable, is enough)
  --index DIR   the index (default: INDEX_DIR, else ./data/index)
  -h, --help    this text`;

await runCli(async () => {
  const { values } = parseCommandLine({ options: { set: { type: 'string' }, index: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } } }, HELP);
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (!values.set) throw new UsageError(`--set FILE is required.\n\n${HELP}`);
  const config = loadCoreConfig();
  const indexDir = values.index ? path.resolve(values.index) : config.indexDir;
  let questions;
  try {
    questions = parseEvalSet(readFileSync(path.resolve(values.set), 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read the labelled set ${values.set}: ${(error as Error).message}`);
  }
  if (questions.length === 0) throw new UsageError(`${values.set} holds no questions.`);
  const answerable = questions.filter((q) => q.kind !== 'unanswerable').length;
  if (answerable < MIN_LABELLED_ANSWERED) {
    throw new UsageError(`${values.set} has ${answerable} answerable questions; a level needs at least ${MIN_LABELLED_ANSWERED} (about 30 questions, two thirds answerable, is enough).`);
  }
  const snapshot = await loadIndex(indexDir);
  const unknown = questions.flatMap((q) => [q.source, ...(q.alsoAccept ?? []).map((a) => a.source)]).filter((s) => s !== undefined && !snapshot.articleBySource.has(s));
  if (unknown.length > 0) throw new UsageError(`The index holds no article ${unknown.map((s) => `"${s}"`).join(', ')}; sources are paths as the index names them (npm run ask -- --json shows them).`);
  const embedder = await createEmbedder({ model: snapshot.manifest.model.id, cacheDir: config.modelCacheDir, hubTimeoutMs: config.hubTimeoutMs });
  const engine = createCorpusEngine(snapshot, embedder);
  const before = engine.levels;
  // The index's own copy of each article's text (the snapshot, for converted formats).
  const calibration = await labelledCalibration(snapshot, engine, questions, (source) => snapshot.articleBySource.get(source)?.text ?? '', values.set);
  await writeCalibration(indexDir, calibration);
  const labelled = calibration.labelled;
  process.stdout.write(
    `Answer level ${before.answerLevel} -> ${calibration.answerLevel}, closest level ${before.closestLevel} -> ${calibration.closestLevel}\n` +
      `On the ${labelled?.questions} labelled questions: precision of answered ${labelled?.precision.toFixed(2)}, coverage ${labelled?.coverage.toFixed(2)} of the answerable.\n`,
  );
});
