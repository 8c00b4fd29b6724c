/** `npm run eval`: answer quality on every eval corpus, held-out parts, next to plain BM25. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TARGET_PRECISION } from '../src/calibration/fitScorer.js';
import { answerConfidence, mostConfident } from '../src/calibration/confidenceFeatures.js';
import { parseCommandLine, runCli, UsageError } from '../src/cli/runCli.js';
import { openEvalIndex } from '../src/cli/openEvalIndex.js';
import { loadCoreConfig, PROJECT_ROOT } from '../src/config.js';
import { devCorpora, type EvalCorpus, seedCorpus } from '../src/eval/evalCorpora.js';
import { type EvalPair, type EvalReport, evaluate, firstHitRank, riskCoverage } from '../src/eval/metrics.js';
import { riskCoveragePlot, type PlotSeries } from '../src/eval/riskCoveragePlot.js';
import { bestLexicalHits, lexicalQueryOf } from '../src/index/lexical.js';
import { lexicalScores } from '../src/retrieval/searchPassages.js';
import type { IndexSnapshot } from '../src/index/loadIndex.js';
import type { JsonAnswer } from '../src/render/json.js';
import type { Answer } from '../src/types.js';

const DEV_CORPORA = path.join(PROJECT_ROOT, '..', 'shared', 'dev-corpora');
const RESULTS = path.join(PROJECT_ROOT, 'bench', 'eval-results.json');
const PLOT = path.join(PROJECT_ROOT, 'bench', 'risk-coverage.svg');

const HELP = `Usage: npm run eval [-- --part heldout|fit] [--corpus NAME] [--model ID] [--via-cli] [--misses] [--json]

Asks every question of every eval corpus — the seed corpus (tests/eval/questions.jsonl is
its fit part, tests/eval/heldout.jsonl its held-out part) and each development corpus in
${path.relative(PROJECT_ROOT, DEV_CORPORA)}/ (split by article into halves) — and prints, per
corpus and part: hit@1, hit@5, MRR@5 (whatever the level), the same for plain BM25 over the
same passages, coverage, precision of answered, abstention and false abstention, declined
share per kind of unanswerable question, and verbatim fidelity. Writes the figures to
bench/eval-results.json and the risk–coverage plot to bench/risk-coverage.svg.

  --part P      heldout (default: what is reported; never fitted on) or fit
  --corpus NAME only this corpus (seed, or a dev corpus's folder name)
  --model ID    embedding model (default: EMBEDDING_MODEL); each corpus is indexed under data/eval/
  --via-cli     ask through the real CLI (ask --json, batch mode on stdin) instead of in-process
  --misses      also print each question whose top quote is wrong or that is wrongly answered
  --json        print each report as one line of JSON
Exits 1 when fidelity is below 100%.`;

const fromJson = (json: JsonAnswer): Answer => ({
  question: json.question,
  answered: json.answered,
  level: json.level,
  confidence: json.confidence,
  // The eval scores spans, not citations: the section, joined for reading, is not read back.
  quotes: json.results.map(({ section: _section, ...r }) => ({ ...r })),
});

/** Plain BM25 over the same passages: the question's own terms, top five passages. */
function bm25Quotes(snapshot: IndexSnapshot, question: string) {
  const query = lexicalQueryOf(question);
  return bestLexicalHits(lexicalScores(snapshot, query), { first: 0, end: snapshot.passages.length }, 5).map((h) => snapshot.passages[h.row] as IndexSnapshot['passages'][number]);
}


const f = (v: number) => v.toFixed(2);

function printReport(name: string, report: EvalReport): void {
  const lines = [
    `\n${name}: ${report.questions} answerable + ${report.unanswerable} unanswerable`,
    `  ranking   hit@1 ${f(report.hitAt1)}  hit@5 ${f(report.hitAt5)}  MRR@5 ${f(report.mrrAt5)}   | plain BM25: hit@1 ${f(report.bm25.hitAt1)}  hit@5 ${f(report.bm25.hitAt5)}  MRR@5 ${f(report.bm25.mrrAt5)}`,
    `  answered  ${report.answeredQuestions} questions; precision of answered ${f(report.precisionOfAnswered)}; coverage ${f(report.coverage)} of answerable`,
    `  silence   abstention ${f(report.abstention)}  false abstention ${f(report.falseAbstention)}  hit@5 below the answer level ${f(report.hitAt5BelowAnswerLevel)}`,
    `  by kind   ${Object.entries(report.byKind).map(([k, v]) => `${k} ${f(v.hitAt1)}/${f(v.hitAt5)} answered ${f(v.answered)} (${v.questions})`).join(', ')}`,
    `  declined  ${Object.entries(report.declinedBySubkind).map(([k, v]) => `${k} ${v.declined}/${v.questions}`).join(', ') || '-'}`,
    `  fidelity  ${f(report.fidelity)} over ${report.quotes} quotes`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function askAll(corpus: EvalCorpus, indexDir: string, questions: string[], viaCli: boolean, ask: (q: string) => Promise<Answer>): Promise<Answer[]> {
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
  return run.stdout.trim().split('\n').map((line) => fromJson(JSON.parse(line) as JsonAnswer));
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
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    },
    HELP,
  );
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (values.part !== 'heldout' && values.part !== 'fit') throw new UsageError(`--part must be heldout or fit, got "${values.part}".`);
  const config = loadCoreConfig();
  const model = values.model ?? (config.embeddingModel === 'auto' ? 'verbatim/wink-sif-100d' : config.embeddingModel);
  const dev = devCorpora(PROJECT_ROOT, DEV_CORPORA);
  if (dev.length === 0) process.stdout.write(`No development corpora in ${DEV_CORPORA}: only the seed corpus is evaluated.\n`);
  const corpora = [seedCorpus(PROJECT_ROOT, config.corpusDir), ...dev].filter((c) => !values.corpus || c.name === values.corpus);
  if (corpora.length === 0) throw new UsageError(`No eval corpus is called "${values.corpus}".`);

  const results: Record<string, EvalReport & { answerLevel: number; closestLevel: number; calibration: string }> = {};
  const series: PlotSeries[] = [];
  let fidelity = 1;
  for (const corpus of corpora) {
    const { snapshot, engine, indexDir } = await openEvalIndex(config, corpus, model);
    const questions = corpus.questions.filter((q) => q.part === values.part);
    const answers = await askAll(corpus, indexDir, questions.map((q) => q.question), values['via-cli'] ?? false, (q) => engine.ask(q, { k: 5 }));
    const pairs: EvalPair[] = questions.map((question, i) => ({ question, answer: answers[i] as Answer, bm25: bm25Quotes(snapshot, question.question) }));
    const { fileText } = corpus;
    const report = evaluate(pairs, fileText);
    const name = `${corpus.name} (${values.part})`;
    results[name] = { ...report, ...engine.levels, calibration: snapshot.manifest.calibration?.source ?? 'fitted' };
    fidelity = Math.min(fidelity, report.fidelity);
    if (values.json) process.stdout.write(`${JSON.stringify({ corpus: name, ...report })}\n`);
    else printReport(name, report);

    // The curve: each question's decisive confidence and whether its answer would be right.
    const points = [];
    for (const [i, p] of pairs.entries()) {
      const ranked = await engine.rank(p.question.question);
      const top = mostConfident(ranked.candidates);
      const answerable = p.question.kind !== 'unanswerable';
      const correct = answerable && top !== undefined && firstHitRank(p.question, [snapshot.passages[top.row] as IndexSnapshot['passages'][number]], fileText) === 1;
      points.push({ confidence: answerConfidence(ranked.candidates), correct });
      if (values.misses && ((answers[i] as Answer).answered ? !correct : answerable && firstHitRank(p.question, (answers[i] as Answer).quotes, fileText) !== 1)) {
        const first = (answers[i] as Answer).quotes[0];
        process.stdout.write(`  MISS ${p.question.id} [${p.question.kind}${p.question.subkind ? `/${p.question.subkind}` : ''}] ${p.question.question}\n       ${(answers[i] as Answer).level} ${f((answers[i] as Answer).confidence)}; first: ${first ? `${first.source} ¶${first.paragraph} “${first.text.slice(0, 80)}…”` : 'nothing'}\n`);
      }
    }
    const curve = riskCoverage(points);
    const at = (share: number) => curve[Math.max(0, Math.ceil(share * curve.length) - 1)]?.precision ?? 0;
    if (!values.json) process.stdout.write(`  curve     precision at coverage 0.1 ${f(at(0.1))}, 0.2 ${f(at(0.2))}, 0.3 ${f(at(0.3))}, 0.5 ${f(at(0.5))} (of all questions)\n`);
    const answered = pairs.filter((p) => p.answer.answered).length;
    series.push({
      name: `${corpus.name} (${questions.length})`,
      points: curve,
      chosen: { coverage: answered / Math.max(1, pairs.length), precision: report.answeredQuestions ? report.precisionOfAnswered : 1 },
    });
  }
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify({ model, part: values.part, measuredAt: new Date().toISOString(), results }, null, 1)}\n`);
  writeFileSync(PLOT, riskCoveragePlot(`Risk–coverage, ${values.part} parts, ${model}`, series, TARGET_PRECISION));
  process.stdout.write(`\nFigures in ${path.relative(PROJECT_ROOT, RESULTS)}, plot in ${path.relative(PROJECT_ROOT, PLOT)}.\n`);
  if (fidelity < 1) process.exitCode = 1;
});
