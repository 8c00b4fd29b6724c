/** `npm run eval`: retrieval quality on an eval set, against the targets. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CorpusEngine } from '../src/answer/engine.js';
import { openCorpusEngine } from '../src/answer/openEngine.js';
import { parseCommandLine, runCli } from '../src/cli/runCli.js';
import { loadCoreConfig, PROJECT_ROOT } from '../src/config.js';
import { evaluate, expectedPassages, firstHitRank, parseEvalSet, suggestThreshold, TARGETS, type EvalQuestion } from '../src/eval/metrics.js';
import type { JsonAnswer } from '../src/render/json.js';
import type { Answer } from '../src/types.js';

/** The set weights and the threshold are tuned on, then the held-out set that checks they generalise. */
const DEFAULT_SETS = ['tests/eval/questions.jsonl', 'tests/eval/heldout.jsonl'];

const HELP = `Usage: npm run eval [-- --set FILE] [--via-cli] [--calibrate] [--json]

Asks every question of the eval sets (default ${DEFAULT_SETS.join(' and then ')}) and
prints, for each set, hit@1, hit@5, MRR@5, abstention on unanswerable questions, false
abstention and verbatim fidelity against the targets, with a line for each miss.

  --set FILE    only this eval set (JSON lines: id, question, kind, source, fragment, alsoAccept)
  --via-cli     ask through the real CLI (ask --json, batch mode on stdin) instead of in-process
  --calibrate   also print top scores and the abstention threshold that separates them best,
                from the first set only (calibrating on the held-out set would spoil it);
                run it with RELEVANCE_THRESHOLD=0 so that only the answer-type check abstains
  --json        print each set's report as one line of JSON
Exits 1 when fidelity is below 100%.`;

const fromJson = (json: JsonAnswer): Answer => ({
  question: json.question,
  answered: json.answered,
  quotes: json.results.map((r) => ({ ...r })),
});

async function askAll(questions: EvalQuestion[], viaCli: boolean, engine: () => Promise<CorpusEngine>): Promise<Answer[]> {
  if (viaCli) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts/ask.ts'), '--json'], {
      input: questions.map((q) => q.question).join('\n'),
      encoding: 'utf8',
      cwd: PROJECT_ROOT,
    });
    if (run.status !== 0) throw new Error(`ask --json failed: ${run.stderr}`);
    return run.stdout.trim().split('\n').map((line) => fromJson(JSON.parse(line) as JsonAnswer));
  }
  const opened = await engine();
  const answers: Answer[] = [];
  for (const q of questions) answers.push(await opened.ask(q.question, { k: 5 }));
  return answers;
}

const texts = new Map<string, string>();
function fileText(source: string): string {
  if (!texts.has(source)) texts.set(source, readFileSync(path.join(PROJECT_ROOT, source), 'utf8'));
  return texts.get(source) as string;
}

interface SetOptions {
  viaCli: boolean;
  calibrate: boolean;
  json: boolean;
}

/** Asks one eval set and prints its report; returns its fidelity. */
async function evaluateSet(set: string, options: SetOptions, engine: () => Promise<CorpusEngine>): Promise<number> {
  const questions = parseEvalSet(readFileSync(path.resolve(PROJECT_ROOT, set), 'utf8'));
  const answers = await askAll(questions, options.viaCli, engine);
  const pairs = questions.map((question, i) => ({ question, answer: answers[i] as Answer }));
  const report = evaluate(pairs, fileText);

  if (options.json) {
    process.stdout.write(`${JSON.stringify({ set, ...report })}\n`);
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
    process.stdout.write(`\n${set}: ${report.answerable} answerable, ${report.unanswerable} unanswerable, ${report.quotes} quotes\n`);
    process.stdout.write(row('hit@1', report.hitAt1, `≥ ${TARGETS.hitAt1}`, report.hitAt1 >= TARGETS.hitAt1));
    process.stdout.write(row('hit@5', report.hitAt5, `≥ ${TARGETS.hitAt5}`, report.hitAt5 >= TARGETS.hitAt5));
    process.stdout.write(row('MRR@5', report.mrrAt5, '-', true));
    process.stdout.write(row('abstention', report.abstention, `≥ ${TARGETS.abstention}`, report.abstention >= TARGETS.abstention));
    process.stdout.write(row('false abstention', report.falseAbstention, `≤ ${TARGETS.falseAbstention}`, report.falseAbstention <= TARGETS.falseAbstention));
    process.stdout.write(row('fidelity', report.fidelity, '= 1', report.fidelity === 1));
    const kinds = Object.entries(report.byKind).map(([kind, k]) => `${kind} ${k.hitAt1.toFixed(2)} / ${k.hitAt5.toFixed(2)} (${k.questions})`);
    process.stdout.write(`hit@1 / hit@5 by kind: ${kinds.join(', ')}\n`);
  }
  if (options.calibrate) {
    // A question abstained on regardless of the threshold (its passages lack the kind of answer
    // asked for) counts as scoring 0: only the others' scores can move the threshold.
    const top = (p: (typeof pairs)[number]) => (p.answer.answered ? (p.answer.quotes[0]?.score ?? 0) : 0);
    const answerable = pairs.filter((p) => p.question.kind !== 'unanswerable').map(top);
    const unanswerable = pairs.filter((p) => p.question.kind === 'unanswerable').map(top);
    const fmt = (xs: number[]) => xs.sort((a, b) => a - b).map((x) => x.toFixed(3)).join(' ');
    process.stdout.write(`\nanswerable top scores:   ${fmt(answerable)}\nunanswerable top scores: ${fmt(unanswerable)}\n`);
    process.stdout.write(`suggested threshold: ${suggestThreshold(answerable, unanswerable)} (run with RELEVANCE_THRESHOLD=0 to see scores unaffected by abstention)\n`);
  }
  return report.fidelity;
}

await runCli(async () => {
  const { values } = parseCommandLine(
    {
      options: {
        set: { type: 'string' },
        'via-cli': { type: 'boolean', default: false },
        calibrate: { type: 'boolean', default: false },
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
  const sets = values.set ? [values.set] : DEFAULT_SETS;
  let engine: Promise<CorpusEngine> | undefined;
  const openOnce = () => (engine ??= openCorpusEngine(loadCoreConfig()));
  let fidelity = 1;
  for (const [i, set] of sets.entries()) {
    // Otherwise the next set's MISS lines would run straight on from the previous set's figures.
    if (i > 0 && !values.json) process.stdout.write('\n');
    const setFidelity = await evaluateSet(set, { viaCli: values['via-cli'] ?? false, calibrate: (values.calibrate ?? false) && i === 0, json: values.json ?? false }, openOnce);
    fidelity = Math.min(fidelity, setFidelity);
  }
  if (fidelity < 1) process.exitCode = 1;
});
