/** `npm run eval`: answer quality on every eval corpus, held-out parts, next to plain BM25. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCorpusEngine, type CorpusEngineWithRanking } from '../src/answer/createCorpusEngine.js';
import { measureProbes } from '../src/answer/probeIndex.js';
import { calibrationFor, fitDataFile } from '../src/calibration/calibration.js';
import { fitCalibration, type FitTable, TARGET_PRECISION, withoutCorpus } from '../src/calibration/fitScorer.js';
import { answerConfidence, mostConfident } from '../src/calibration/confidenceFeatures.js';
import { parseCommandLine, runCli, UsageError } from '../src/cli/runCli.js';
import { openEvalIndex } from '../src/eval/openEvalIndex.js';
import { type CoreConfig, loadCoreConfig, PROJECT_ROOT } from '../src/config.js';
import { openEvalPostgres } from '../src/eval/openEvalPostgres.js';
import { postgresPool } from '../src/index/postgresPool.js';
import { removePostgresTenants } from '../src/index/removePostgresTenants.js';
import { withPostgres } from './lib/withPostgres.js';
import { type EvalCorpus, evalCorpora, GENRE_CORPORA } from '../src/eval/evalCorpora.js';
import {
  areaUnderRiskCoverage,
  type ConfidencePoint,
  coverageAtPrecision,
  type EvalPair,
  type EvalReport,
  evaluate,
  firstHitRank,
  riskCoverage,
} from '../src/eval/metrics.js';
import { riskCoveragePlot, type PlotSeries } from '../src/eval/riskCoveragePlot.js';
import { lexicalQueryOf } from '../src/index/lexical.js';
import type { PassageStore } from '../src/index/passageStore.js';
import type { JsonAnswer } from '../src/render/json.js';
import type { Answer, Passage } from '../src/types.js';

const DEV_CORPORA = path.join(PROJECT_ROOT, '..', 'shared', 'dev-corpora');
const RESULTS = path.join(PROJECT_ROOT, 'bench', 'eval-results.json');
const PLOT = (label: string) => path.join(PROJECT_ROOT, 'bench', label === 'left out' ? 'risk-coverage-left-out.svg' : 'risk-coverage.svg');

const POSTGRES_RESULTS = path.join(PROJECT_ROOT, 'bench', 'eval-postgres.json');

const HELP = `Usage: npm run eval [-- --part heldout|fit] [--corpus NAME] [--model ID] [--via-cli] [--misses] [--json] [--no-leave-out]
       npm run eval -- --store postgres [--part heldout|fit] [--corpus NAME] [--model ID]

Asks every question of every eval corpus — the seed corpus (tests/eval/questions.jsonl is
its fit part, tests/eval/heldout.jsonl its held-out part), each genre corpus in
${GENRE_CORPORA}/ and each development corpus in ${path.relative(PROJECT_ROOT, DEV_CORPORA)}/
(these two split by article into halves) — and prints, per
corpus and part: hit@1, hit@5, MRR@5 (whatever the level), the same for plain BM25 over the
same passages, coverage, precision of answered, abstention and false abstention, declined
share per kind of unanswerable question, verbatim fidelity, and how well the confidence
separates right answers from wrong (the area under the risk–coverage curve and the coverage
reached at precision 0.90 and 0.95, beside BM25's top score as a naive confidence).

Then, for each corpus, leave-one-corpus-out: the scorer fitted on the committed fit table
without that corpus (as \`npm run fit -- --leave-out NAME\`), its levels from the index's own
probes, asked every question of that corpus — what a community's new corpus gets.

Writes the figures to bench/eval-results.json and the risk–coverage plots to
bench/risk-coverage.svg (held-out parts) and bench/risk-coverage-left-out.svg; a partial
run (--corpus, --part fit, --no-leave-out) only prints.

  --part P      heldout (default: what is reported; never fitted on) or fit
  --corpus NAME only this corpus (seed, or a genre or dev corpus's folder name)
  --model ID    embedding model (default: EMBEDDING_MODEL); each corpus is indexed under data/eval/
  --via-cli     ask through the real CLI (ask --json, batch mode on stdin) instead of in-process
  --misses      also print each question whose top quote is wrong or that is wrongly answered
  --json        print each report as one line of JSON
  --no-leave-out  skip the leave-one-corpus-out runs
  --store postgres  ask each corpus's questions of the file index and of the PostgreSQL store
                (DATABASE_URL, else a PGlite server started for the run) and print both
                stores' figures side by side; a whole run writes bench/eval-postgres.json
Exits 1 when fidelity is below 100%.`;

const fromJson = (json: JsonAnswer): Answer => ({
  question: json.question,
  answered: json.answered,
  level: json.level,
  confidence: json.confidence,
  // The eval scores spans, not citations: the section, joined for reading, is not read back.
  quotes: json.results.map(({ section: _section, kind, score, ...r }) => ({
    ...r,
    ...(kind === 'prose' ? {} : { kind }),
    answerProbability: score,
  })),
});

interface Bm25Ranked {
  passages: Passage[];
  /** The best passage's BM25 score: the naive confidence the engine's is compared with. */
  topScore: number;
}

/** Plain BM25 over the same passages: the question's own terms, top five passages. */
async function bm25Ranked(store: PassageStore, question: string): Promise<Bm25Ranked> {
  const hits = (await store.lexical(lexicalQueryOf(question))).best(5);
  return { passages: hits.map((h) => store.passage(h.row) as Passage), topScore: hits[0]?.score ?? 0 };
}

const f = (v: number) => v.toFixed(2);

function printReport(name: string, report: CorpusFigures): void {
  const lines = [
    `\n${name}: ${report.questions} answerable + ${report.unanswerable} unanswerable`,
    `  ranking   hit@1 ${f(report.hitAt1)}  hit@5 ${f(report.hitAt5)}  MRR@5 ${f(report.mrrAt5)}   | plain ` +
      `BM25: hit@1 ${f(report.bm25.hitAt1)}  hit@5 ${f(report.bm25.hitAt5)}  MRR@5 ${f(report.bm25.mrrAt5)}`,
    `  answered  ${report.answeredQuestions} questions; precision of answered ` +
      `${f(report.precisionOfAnswered)}; coverage ${f(report.coverage)} of answerable`,
    `  silence   abstention ${f(report.abstention)}  false abstention ${f(report.falseAbstention)} ` +
      ` hit@5 below the answer level ${f(report.hitAt5BelowAnswerLevel)}`,
    `  by kind   ${Object.entries(report.byKind)
      .map(([k, v]) => `${k} ${f(v.hitAt1)}/${f(v.hitAt5)} answered ${f(v.answered)} (${v.questions})`)
      .join(', ')}`,
    `  declined  ${
      Object.entries(report.declinedBySubkind)
        .map(([k, v]) => `${k} ${v.declined}/${v.questions}`)
        .join(', ') || '-'
    }`,
    `  fidelity  ${f(report.fidelity)} over ${report.quotes} quotes`,
    `  curve     AURC ${f(report.aurc)} (BM25 top score ${f(report.bm25Aurc)}); coverage at precision 0.90 ${f(report.coverageAt90)} ` +
      `(BM25 ${f(report.bm25CoverageAt90)}), at 0.95 ${f(report.coverageAt95)}; answer level ${report.answerLevel}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function askAll(
  corpus: EvalCorpus,
  indexDir: string,
  questions: string[],
  viaCli: boolean,
  ask: (q: string) => Promise<Answer>,
): Promise<Answer[]> {
  if (!viaCli) {
    const answers: Answer[] = [];
    for (const q of questions) answers.push(await ask(q));
    return answers;
  }
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts/ask.ts'), '--json'], {
    input: questions.join('\n'),
    encoding: 'utf8',
    cwd: PROJECT_ROOT,
    env: { ...process.env, INDEX_DIR: indexDir, CORPUS_DIR: corpus.corpusDir },
    maxBuffer: 1 << 28,
  });
  if (run.status !== 0) throw new Error(`ask --json failed: ${run.stderr}`);
  return run.stdout
    .trim()
    .split('\n')
    .map((line) => fromJson(JSON.parse(line) as JsonAnswer));
}

interface CorpusFigures extends EvalReport {
  answerLevel: number;
  closestLevel: number;
  /** Area under the risk–coverage curve of the engine's confidence, and of BM25's top score as a naive confidence. */
  aurc: number;
  bm25Aurc: number;
  /** Answerable share answered rightly at the lowest level keeping precision 0.90 / 0.95, read off the curve. */
  coverageAt90: number;
  coverageAt95: number;
  bm25CoverageAt90: number;
  curve: Array<{ level: number; coverage: number; precision: number }>;
  bm25Curve: Array<{ coverage: number; precision: number }>;
  chosen: { coverage: number; precision: number };
}

/** Every figure of one run: the report, the confidence curve beside BM25's, and the misses when asked for. */
async function measureRun(
  corpus: EvalCorpus,
  store: PassageStore,
  engine: CorpusEngineWithRanking,
  questions: EvalCorpus['questions'],
  answers: Answer[],
  misses: boolean,
): Promise<CorpusFigures> {
  const { fileText } = corpus;
  const bm25 = await Promise.all(questions.map((q) => bm25Ranked(store, q.question)));
  const pairs: EvalPair[] = questions.map((question, i) => ({
    question,
    answer: answers[i] as Answer,
    bm25: (bm25[i] as Bm25Ranked).passages,
  }));
  const report = evaluate(pairs, fileText);
  // Each question's decisive confidence and whether its answer would be right; BM25's top score beside it.
  const points: ConfidencePoint[] = [];
  const bm25Points: ConfidencePoint[] = [];
  for (const [i, p] of pairs.entries()) {
    const ranked = await engine.rank(p.question.question);
    const top = mostConfident(ranked.candidates);
    const answerable = p.question.kind !== 'unanswerable';
    const correct = answerable && top !== undefined && firstHitRank(p.question, [store.passage(top.row) as Passage], fileText) === 1;
    points.push({ confidence: answerConfidence(ranked.candidates), correct });
    const lexical = bm25[i] as Bm25Ranked;
    bm25Points.push({
      confidence: lexical.topScore,
      correct: answerable && firstHitRank(p.question, lexical.passages.slice(0, 1), fileText) === 1,
    });
    const answer = answers[i] as Answer;
    if (misses && (answer.answered ? !correct : answerable && firstHitRank(p.question, answer.quotes, fileText) !== 1)) {
      const first = answer.quotes[0];
      process.stdout.write(
        `  MISS ${p.question.id} [${p.question.kind}${p.question.subkind ? `/${p.question.subkind}` : ''}] ${p.question.question}\n       ${answer.level} ${f(answer.confidence)}; first: ${first ? `${first.source} ¶${first.paragraph} “${first.text.slice(0, 80)}…”` : 'nothing'}\n`,
      );
    }
  }
  const answerable = questions.filter((q) => q.kind !== 'unanswerable').length;
  const answered = pairs.filter((p) => p.answer.answered).length;
  return {
    ...report,
    ...engine.levels,
    aurc: areaUnderRiskCoverage(points),
    bm25Aurc: areaUnderRiskCoverage(bm25Points),
    coverageAt90: coverageAtPrecision(points, TARGET_PRECISION, answerable),
    coverageAt95: coverageAtPrecision(points, 0.95, answerable),
    bm25CoverageAt90: coverageAtPrecision(bm25Points, TARGET_PRECISION, answerable),
    curve: riskCoverage(points),
    bm25Curve: riskCoverage(bm25Points).map(({ coverage, precision }) => ({ coverage, precision })),
    chosen: { coverage: answered / Math.max(1, pairs.length), precision: report.answeredQuestions ? report.precisionOfAnswered : 1 },
  };
}

interface StoreFigures {
  questions: number;
  hitAt1: number;
  precisionOfAnswered: number;
  coverage: number;
  fidelity: number;
}

const storeFigures = (report: CorpusFigures): StoreFigures => ({
  questions: report.questions,
  hitAt1: report.hitAt1,
  precisionOfAnswered: report.precisionOfAnswered,
  coverage: report.coverage,
  fidelity: report.fidelity,
});

/** Every corpus's questions asked of the file index and of the PostgreSQL store, figures side by side. */
async function compareStores(config: CoreConfig, corpora: EvalCorpus[], model: string, part: string, whole: boolean): Promise<void> {
  const results = await withPostgres(config.databaseUrl, async (url) => {
    const pool = postgresPool(url);
    const tenants: string[] = [];
    const figures: Record<string, { file: StoreFigures; postgres: StoreFigures }> = {};
    try {
      for (const corpus of corpora) {
        const questions = corpus.questions.filter((q) => q.part === part);
        const files = await openEvalIndex(config, corpus, model);
        const database = await openEvalPostgres(pool, corpus, files.embedder);
        tenants.push(database.tenant);
        const figuresOf = async (store: PassageStore, engine: CorpusEngineWithRanking) => {
          const answers: Answer[] = [];
          for (const q of questions) answers.push(await engine.ask(q.question, { k: 5 }));
          return storeFigures(await measureRun(corpus, store, engine, questions, answers, false));
        };
        const row = { file: await figuresOf(files.store, files.engine), postgres: await figuresOf(database.store, database.engine) };
        figures[corpus.name] = row;
        process.stdout.write(
          `${corpus.name} (${part}, ${questions.length}): hit@1 file ${f(row.file.hitAt1)} postgres ${f(row.postgres.hitAt1)}; ` +
            `precision file ${f(row.file.precisionOfAnswered)} postgres ${f(row.postgres.precisionOfAnswered)}; ` +
            `coverage file ${f(row.file.coverage)} postgres ${f(row.postgres.coverage)}\n`,
        );
      }
      return figures;
    } finally {
      // The eval's tenants are not left in an operator's database (DATABASE_URL).
      await removePostgresTenants(pool, tenants);
      await pool.end();
    }
  });
  if (!whole) return;
  mkdirSync(path.dirname(POSTGRES_RESULTS), { recursive: true });
  writeFileSync(POSTGRES_RESULTS, `${JSON.stringify({ model, part, measuredAt: new Date().toISOString(), results }, null, 1)}\n`);
  process.stdout.write(`\nFigures in ${path.relative(PROJECT_ROOT, POSTGRES_RESULTS)}.\n`);
}

await runCli(async () => {
  const { values } = parseCommandLine(
    {
      options: {
        part: { type: 'string', default: 'heldout' },
        corpus: { type: 'string' },
        model: { type: 'string' },
        'via-cli': { type: 'boolean', default: false },
        misses: { type: 'boolean', default: false },
        'no-leave-out': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        store: { type: 'string', default: 'file' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    },
    HELP,
  );
  if (values.store !== 'file' && values.store !== 'postgres')
    throw new UsageError(`--store must be file or postgres, got "${values.store}".`);
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (values.part !== 'heldout' && values.part !== 'fit') throw new UsageError(`--part must be heldout or fit, got "${values.part}".`);
  const config = loadCoreConfig();
  const model = values.model ?? (config.embeddingModel === 'auto' ? 'verbatim/wink-sif-100d' : config.embeddingModel);
  if (!existsSync(DEV_CORPORA))
    process.stdout.write(`No development corpora in ${DEV_CORPORA}: only the seed and genre corpora are evaluated.\n`);
  const corpora = evalCorpora(PROJECT_ROOT, config.corpusDir, DEV_CORPORA).filter((c) => !values.corpus || c.name === values.corpus);
  if (corpora.length === 0) throw new UsageError(`No eval corpus is called "${values.corpus}".`);

  if (values.store === 'postgres') {
    await compareStores(config, corpora, model, values.part, !values.corpus);
    return;
  }
  const table = JSON.parse(readFileSync(fitDataFile(model), 'utf8')) as FitTable;
  const results: Record<string, CorpusFigures> = {};
  const series: Array<PlotSeries & { run: string }> = [];
  let fidelity = 1;
  for (const corpus of corpora) {
    const { store, engine, indexDir, embedder } = await openEvalIndex(config, corpus, model);
    const runs: Array<{ label: string; engine: CorpusEngineWithRanking; questions: EvalCorpus['questions']; viaCli: boolean }> = [
      { label: values.part, engine, questions: corpus.questions.filter((q) => q.part === values.part), viaCli: values['via-cli'] ?? false },
    ];
    if (!values['no-leave-out']) {
      // Fitted without this corpus, its levels measured by its own probes: as on a community's corpus.
      const calibration = fitCalibration(withoutCorpus(table, corpus.name), calibrationFor(model).softMatch);
      const levels = await measureProbes(store, embedder, calibration);
      runs.push({
        label: 'left out',
        engine: createCorpusEngine(store, embedder, { calibration, levels }),
        questions: corpus.questions,
        viaCli: false,
      });
    }
    for (const run of runs) {
      const name = `${corpus.name} (${run.label})`;
      const answers = await askAll(
        corpus,
        indexDir,
        run.questions.map((q) => q.question),
        run.viaCli,
        (q) => run.engine.ask(q, { k: 5 }),
      );
      const figures = await measureRun(corpus, store, run.engine, run.questions, answers, values.misses ?? false);
      results[name] = figures;
      fidelity = Math.min(fidelity, figures.fidelity);
      if (values.json) process.stdout.write(`${JSON.stringify({ corpus: name, ...figures })}\n`);
      else printReport(name, figures);
      series.push({
        name: `${corpus.name} (${run.questions.length})`,
        points: figures.curve,
        chosen: figures.chosen,
        baseline: figures.bm25Curve,
        run: run.label,
      });
    }
  }
  if (fidelity < 1) process.exitCode = 1;
  // bench/eval-results.json and the plots are the docs' figures: only a whole run replaces them.
  if (values.corpus || values.part !== 'heldout' || values['no-leave-out']) {
    process.stdout.write(
      `\nA partial run (--corpus, --part fit or --no-leave-out): ` +
        `${path.relative(PROJECT_ROOT, RESULTS)} and the plots are left as they were.\n`,
    );
    return;
  }
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify({ model, part: values.part, measuredAt: new Date().toISOString(), results }, null, 1)}\n`);
  const plots = [...new Set(series.map((s) => s.run))].map((run) => {
    const title = run === 'left out' ? `Risk–coverage, each corpus left out of the fit, ${model}` : `Risk–coverage, ${run} parts, ${model}`;
    writeFileSync(
      PLOT(run),
      riskCoveragePlot(
        title,
        series.filter((s) => s.run === run),
        TARGET_PRECISION,
      ),
    );
    return path.relative(PROJECT_ROOT, PLOT(run));
  });
  process.stdout.write(`\nFigures in ${path.relative(PROJECT_ROOT, RESULTS)}, plots in ${plots.join(' and ')}.\n`);
});
