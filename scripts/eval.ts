/** `npm run eval`: retrieval quality on an eval set, against the targets. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCorpusEngine } from '../src/answer/openEngine.js';
import { runCli, UsageError } from '../src/cli/runCli.js';
import { loadCoreConfig, PROJECT_ROOT } from '../src/config.js';
import { evaluate, expectedPassages, firstHitRank, parseEvalSet, suggestThreshold, TARGETS, type EvalQuestion } from '../src/eval/metrics.js';
import type { JsonAnswer } from '../src/render/json.js';
import type { Answer } from '../src/types.js';

const HELP = `Usage: npm run eval [-- --set FILE] [--via-cli] [--calibrate] [--json]

Asks every question of an eval set (default tests/eval/questions.jsonl) and prints hit@1,
hit@5, MRR@5, abstention on unanswerable questions, false abstention and verbatim fidelity
against the targets, with a line for each miss.

  --set FILE    the eval set (JSON lines: id, question, kind, source, fragment, alsoAccept)
  --via-cli     ask through the real CLI (ask --json, batch mode on stdin) instead of in-process
  --calibrate   also print top scores and the abstention threshold that separates them best
  --json        print the report as JSON
Exits 1 when fidelity is below 100%.`;

const fromJson = (json: JsonAnswer): Answer => ({
  question: json.question,
  answered: json.answered,
  quotes: json.results.map((r) => ({ ...r })),
});

async function askAll(questions: EvalQuestion[], viaCli: boolean): Promise<Answer[]> {
  if (viaCli) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts/ask.ts'), '--json'], {
      input: questions.map((q) => q.question).join('\n'),
      encoding: 'utf8',
      cwd: PROJECT_ROOT,
    });
    if (run.status !== 0) throw new Error(`ask --json failed: ${run.stderr}`);
    return run.stdout.trim().split('\n').map((line) => fromJson(JSON.parse(line) as JsonAnswer));
  }
  const engine = await openCorpusEngine(loadCoreConfig());
  const answers: Answer[] = [];
  for (const q of questions) answers.push(await engine.ask(q.question, { k: 5 }));
  return answers;
}

await runCli(async () => {
  let values;
  try {
    values = parseArgs({
      options: {
        set: { type: 'string', default: 'tests/eval/questions.jsonl' },
        'via-cli': { type: 'boolean', default: false },
        calibrate: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${HELP}`);
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const questions = parseEvalSet(readFileSync(path.resolve(PROJECT_ROOT, values.set as string), 'utf8'));
  const answers = await askAll(questions, values['via-cli'] ?? false);
  const texts = new Map<string, string>();
  const fileText = (source: string) => {
    if (!texts.has(source)) texts.set(source, readFileSync(path.join(PROJECT_ROOT, source), 'utf8'));
    return texts.get(source) as string;
  };
  const pairs = questions.map((question, i) => ({ question, answer: answers[i] as Answer }));
  const report = evaluate(pairs, fileText);

  if (values.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    for (const { question, answer } of pairs) {
      const expected = expectedPassages(question);
      const top = answer.quotes[0];
      const miss = question.kind === 'unanswerable' ? answer.answered : firstHitRank(question, answer, fileText) !== 1;
      if (!miss) continue;
      process.stdout.write(
        `MISS ${question.id} [${question.kind}] ${question.question}\n` +
          `     expected: ${expected.length ? expected.map((e) => `${e.source} “${e.fragment}”`).join(' | ') : 'no answer'}\n` +
          `     got: ${answer.answered ? 'answered' : 'abstained'}; first: ${top ? `${top.source} ¶${top.paragraph} (${top.score}) “${top.text.slice(0, 90)}…”` : 'nothing'}\n`,
      );
    }
    const row = (name: string, value: number, target: string, pass: boolean) =>
      `${name.padEnd(18)} ${value.toFixed(3).padStart(6)}   target ${target.padEnd(7)} ${pass ? 'PASS' : 'FAIL'}\n`;
    process.stdout.write(`\n${values.set}: ${report.answerable} answerable, ${report.unanswerable} unanswerable, ${report.quotes} quotes\n`);
    process.stdout.write(row('hit@1', report.hitAt1, `≥ ${TARGETS.hitAt1}`, report.hitAt1 >= TARGETS.hitAt1));
    process.stdout.write(row('hit@5', report.hitAt5, `≥ ${TARGETS.hitAt5}`, report.hitAt5 >= TARGETS.hitAt5));
    process.stdout.write(row('MRR@5', report.mrrAt5, '-', true));
    process.stdout.write(row('abstention', report.abstention, `≥ ${TARGETS.abstention}`, report.abstention >= TARGETS.abstention));
    process.stdout.write(row('false abstention', report.falseAbstention, `≤ ${TARGETS.falseAbstention}`, report.falseAbstention <= TARGETS.falseAbstention));
    process.stdout.write(row('fidelity', report.fidelity, '= 1', report.fidelity === 1));
  }
  if (values.calibrate) {
    const top = (p: (typeof pairs)[number]) => p.answer.quotes[0]?.score ?? 0;
    const answerable = pairs.filter((p) => p.question.kind !== 'unanswerable').map(top);
    const unanswerable = pairs.filter((p) => p.question.kind === 'unanswerable').map(top);
    const fmt = (xs: number[]) => xs.sort((a, b) => a - b).map((x) => x.toFixed(3)).join(' ');
    process.stdout.write(`\nanswerable top scores:   ${fmt(answerable)}\nunanswerable top scores: ${fmt(unanswerable)}\n`);
    process.stdout.write(`suggested threshold: ${suggestThreshold(answerable, unanswerable)} (run with RELEVANCE_THRESHOLD=0 to see scores unaffected by abstention)\n`);
  }
  if (report.fidelity < 1) process.exitCode = 1;
});
