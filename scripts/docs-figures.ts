/** `npm run docs:figures`: writes the figures in docs/ from the committed bench/*.json. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCommandLine, runCli } from '../src/cli/runCli.js';
import { PROJECT_ROOT } from '../src/config.js';
import { benchResultsSchema, evalResultsSchema, figureBlocks } from '../src/docs/figureBlocks.js';
import { fillMarkedBlocks } from '../src/docs/fillMarkedBlocks.js';
import { postgresBenchSchema, postgresEvalSchema, postgresFigureBlocks } from '../src/docs/postgresFigureBlocks.js';

const HELP = `Usage: npm run docs:figures [-- --check]

Renders the figures of bench/eval-results.json (npm run eval), bench/results.json
(npm run bench), bench/eval-postgres.json (npm run eval -- --store postgres) and
bench/postgres.json (npm run bench -- --only postgres) as Markdown tables and writes them
between the <!-- figures:NAME --> and <!-- /figures:NAME --> markers of every page in docs/
(blocks: eval, weighting, speed, scale, store, postgres-eval, postgres-bench). Text outside the
markers is left as it is.

  --check      write nothing; exit 1 naming every page whose figures differ from the bench files
  -h, --help   this text`;

await runCli(async () => {
  const { values } = parseCommandLine(
    { options: { check: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } },
    HELP,
  );
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const readJson = (file: string): unknown => JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'bench', file), 'utf8'));
  const blocks = {
    ...figureBlocks(evalResultsSchema.parse(readJson('eval-results.json')), benchResultsSchema.parse(readJson('results.json'))),
    ...postgresFigureBlocks(postgresEvalSchema.parse(readJson('eval-postgres.json')), postgresBenchSchema.parse(readJson('postgres.json'))),
  };
  const docsDir = path.join(PROJECT_ROOT, 'docs');
  const stale: string[] = [];
  for (const name of readdirSync(docsDir).filter((file) => file.endsWith('.md'))) {
    const file = path.join(docsDir, name);
    const page = readFileSync(file, 'utf8');
    const filled = fillMarkedBlocks(page, blocks);
    if (filled === page) continue;
    stale.push(`docs/${name}`);
    if (!values.check) writeFileSync(file, filled);
  }
  if (values.check && stale.length > 0) {
    process.stderr.write(`Figures differ from bench/*.json in: ${stale.join(', ')}. Run npm run docs:figures.\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(stale.length > 0 ? `Updated ${stale.join(', ')}.\n` : 'Every figure in docs/ matches bench/*.json.\n');
});
