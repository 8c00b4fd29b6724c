/** `npx tsx scripts/generate-corpus.ts --articles N --seed S --out DIR`: a synthetic corpus for benchmarks. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeSyntheticCorpus } from './bench/lib/syntheticCorpus.js';
import { runCli, UsageError } from '../src/cli/runCli.js';
import { PROJECT_ROOT } from '../src/config.js';

const HELP = `Usage: npx tsx scripts/generate-corpus.ts --articles N [--seed S] --out DIR

Writes N synthetic articles (deterministic for a given seed) whose text comes from a word-bigram
model of the real corpus in ./corpus, for ingest and query benchmarks.`;

await runCli(async () => {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void process.stdout.write(`${HELP}\n`);
  const articles = Number(values.articles);
  if (!Number.isInteger(articles) || articles < 1 || !values.out) throw new UsageError(HELP);
  await writeSyntheticCorpus({
    sourceDir: path.join(PROJECT_ROOT, 'corpus'),
    outDir: path.resolve(values.out),
    articles,
    seed: Number(values.seed),
  });
  process.stdout.write(`Wrote ${articles} articles to ${values.out}\n`);
});
