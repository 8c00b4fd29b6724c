/** `npm run fit`: fits the scorer and the confidence levels on the fit parts of every eval corpus. */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { calibrationFile, calibrationFor, FEATURES, fitDataFile } from '../src/calibration/calibration.js';
import {
  crossValidatedHitAt1,
  fitCalibration,
  fitPointwise,
  type FitRow,
  fitScorer,
  type FitTable,
  withoutCorpus,
} from '../src/calibration/fitScorer.js';
import { parseCommandLine, runCli, UsageError } from '../src/cli/runCli.js';
import { openEvalIndex } from '../src/eval/openEvalIndex.js';
import { loadCoreConfig, PROJECT_ROOT } from '../src/config.js';
import { evalCorpora, leaveOutCalibrationFile } from '../src/eval/evalCorpora.js';
import { expectedPassages } from '../src/calibration/expectedPassages.js';
import { quoteMatches } from '../src/calibration/quoteMatches.js';
import { CHECKABLE_KINDS } from '../src/question/analyseQuestion.js';

const HELP = `Usage: npm run fit [-- --model ID] [--from-table] [--leave-out NAME]

Asks every question of the fit parts of the eval corpora (the seed corpus's
tests/eval/questions.jsonl, and the fit half of each tests/eval/corpora/*/ and
../shared/dev-corpora/*/), records the features of every candidate passage with whether
it answers, writes that table to
src/calibration/<model>.fit-data.json, fits the logistic scorer and the confidence levels
on it and writes src/calibration/<model>.json.

  --model ID     the embedding model (default verbatim/wink-sif-100d, the offline model)
  --from-table   fit again from the committed table without asking anything (reproduces
                 the committed calibration exactly)
  --leave-out NAME  fit on the committed table without corpus NAME (leave-one-corpus-out) and
                 write it to data/loco/, not over the shipped calibration; npm run eval
                 measures every corpus this way
  --cross-validate  also print how the pairwise scorer and a pointwise one order candidates
                 of fit questions they were not fitted on (2-fold, candidate hit@1)
  -h, --help     this text`;

await runCli(async () => {
  const { values } = parseCommandLine(
    {
      options: {
        model: { type: 'string' },
        'from-table': { type: 'boolean', default: false },
        'cross-validate': { type: 'boolean', default: false },
        'leave-out': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    },
    HELP,
  );
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const model = values.model ?? 'verbatim/wink-sif-100d';
  const softMatch = calibrationFor(model).softMatch;
  let table: FitTable;
  if (values['from-table'] || values['leave-out']) {
    table = JSON.parse(readFileSync(fitDataFile(model), 'utf8')) as FitTable;
  } else {
    const config = loadCoreConfig();
    const corpora = evalCorpora(PROJECT_ROOT, config.corpusDir, `${PROJECT_ROOT}/../shared/dev-corpora`);
    const rows: FitRow[] = [];
    const unanswerable: string[] = [];
    const checks: FitTable['checks'] = {};
    for (const corpus of corpora) {
      const { store, engine } = await openEvalIndex(config, corpus, model);
      const questions = corpus.questions.filter((q) => q.part === 'fit');
      process.stderr.write(`${corpus.name}: ${questions.length} fit questions\n`);
      for (const q of questions) {
        const id = `${corpus.name}:${q.id}`;
        const expected = expectedPassages(q);
        if (expected.length === 0) unanswerable.push(id);
        const { candidates, question } = await engine.rank(q.question);
        checks[id] = { anchors: question.anchors.length, checkable: (question.expectedKinds & CHECKABLE_KINDS) !== 0 };
        // In index order, not score order, so the table does not depend on the weights it is fitted to replace.
        for (const c of [...candidates].sort((a, b) => a.row - b.row)) {
          const passage = store.passage(c.row);
          if (!passage) continue;
          const y = expected.some((e) => quoteMatches(passage, e, corpus.fileText(e.source))) ? 1 : 0;
          // Only which article a row is from matters (the margin over other articles): a short id keeps the committed table small.
          const article = createHash('sha256').update(passage.source).digest('hex').slice(0, 10);
          rows.push({
            question: id,
            x: FEATURES.map((f) => Math.round(c.features[f] * 1e4) / 1e4),
            y,
            eligible: c.eligible,
            source: article,
          });
        }
      }
    }
    table = { model, corpora: corpora.map((c) => c.name), features: FEATURES, unanswerable, checks, rows };
    writeFileSync(fitDataFile(model), `${JSON.stringify(table)}\n`);
  }
  if (values['cross-validate']) {
    const show = ([a, b]: [number, number]) => `${a.toFixed(3)} / ${b.toFixed(3)}`;
    process.stdout.write(
      `2-fold candidate hit@1: pairwise ${show(crossValidatedHitAt1(table, fitScorer))}, ` +
        `pointwise ${show(crossValidatedHitAt1(table, fitPointwise))}\n`,
    );
  }
  const leftOut = values['leave-out'];
  if (leftOut && !table.corpora.includes(leftOut))
    throw new UsageError(`The fit table has no corpus "${leftOut}" (it has ${table.corpora.join(', ')}).`);
  const calibration = fitCalibration(leftOut ? withoutCorpus(table, leftOut) : table, softMatch);
  const written = leftOut ? leaveOutCalibrationFile(model, leftOut) : calibrationFile(model);
  mkdirSync(path.dirname(written), { recursive: true });
  writeFileSync(written, `${JSON.stringify(calibration, null, 1)}\n`);
  process.stdout.write(
    `Fitted on ${calibration.fittedOn.questions} questions, ${calibration.fittedOn.candidates} ` +
      `candidates (${calibration.fittedOn.corpora.join(', ')}).\n` +
      `Answer level ${calibration.answerLevel} (fit precision ` +
      `${calibration.fittedOn.answerLevelPrecision}), closest level ${calibration.closestLevel}.\n` +
      `Weights: ${FEATURES.map((f) => `${f} ${calibration.weights[f].toFixed(3)}`).join(', ')}, bias ${calibration.bias.toFixed(3)}\n` +
      `Written to ${written}\n`,
  );
});
