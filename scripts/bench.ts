/**
 * `npm run bench`: speed and memory figures, merged into bench/results.json (one key per
 * section, so partial runs keep the other sections) and printed; `npm run docs:figures` turns
 * them into the tables of docs/scale-and-speed.md. `--help` lists the options.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentile, round } from './bench/lib/measure.js';
import { writeSyntheticCorpus } from './bench/lib/syntheticCorpus.js';
import { parseCommandLine, runCli, UsageError } from '../src/cli/runCli.js';
import { loadCoreConfig, PROJECT_ROOT } from '../src/config.js';
import { withPostgres } from './lib/withPostgres.js';
import { OFFLINE_MODEL } from '../src/embedding/profiles.js';

const BENCH_DIR = path.join(PROJECT_ROOT, 'bench');
const RESULTS = path.join(BENCH_DIR, 'results.json');
const POSTGRES_RESULTS = path.join(BENCH_DIR, 'postgres.json');
const TMP = path.join(BENCH_DIR, 'tmp');

function runNode(args: string[], env: Record<string, string> = {}): string {
  const run = spawnSync(process.execPath, ['--import', 'tsx', ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed (${run.status}): ${run.stderr.slice(-2000)}`);
  return run.stdout;
}

/** Runs a measuring script of scripts/bench in its own process; its last line of output is its JSON result. */
const runMeasurement = (script: string, args: string[] = [], env: Record<string, string> = {}) =>
  JSON.parse(
    runNode([path.join(PROJECT_ROOT, 'scripts/bench', script), ...args], env)
      .trim()
      .split('\n')
      .at(-1) as string,
  ) as Record<string, unknown>;

const scale = (mode: string, args: Record<string, string>) =>
  runMeasurement('scaleRun.ts', [mode, ...Object.entries(args).flatMap(([k, v]) => [`--${k}`, v])]);

/** Process start to the answer on stdout, as a user at a terminal experiences `ask` (index already built). */
async function coldStartMs(env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts/ask.ts'), 'How many soldiers were deployed to Russia?'],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ask exited ${code}`))));
  });
  const ms = performance.now() - started;
  await new Promise((resolve) => child.on('close', resolve));
  return ms;
}

async function realCorpusSection() {
  const indexDir = path.join(TMP, 'real-index');
  await rm(indexDir, { recursive: true, force: true });
  const ingest = scale('ingest', { corpus: path.join(PROJECT_ROOT, 'corpus'), index: indexDir, model: 'offline' });
  const queries = scale('query', { corpus: path.join(PROJECT_ROOT, 'corpus'), index: indexDir, model: 'offline' });
  const env = { INDEX_DIR: indexDir, EMBEDDING_MODEL: OFFLINE_MODEL };
  const cold: number[] = [];
  for (let i = 0; i < 5; i += 1) cold.push(await coldStartMs(env));
  return {
    ingest,
    queries,
    coldStartMs: { median: round(percentile(cold, 50)), max: round(Math.max(...cold)), runs: cold.length },
    targets: { warmP95Ms: 50, coldStartMs: 3000 },
  };
}

async function touchOneArticle(corpusDir: string): Promise<void> {
  await appendFile(
    path.join(corpusDir, '000', 'article-000000.txt'),
    `\nAn added closing sentence, written at ${new Date().toISOString()}.\n`,
  );
}

async function scaleSection(sizes: number[]) {
  const rows: Record<string, unknown>[] = [];
  for (const articles of sizes) {
    const corpusDir = path.join(BENCH_DIR, 'corpora', String(articles));
    if (!existsSync(corpusDir)) {
      process.stderr.write(`Generating ${articles} synthetic articles…\n`);
      await writeSyntheticCorpus({ sourceDir: path.join(PROJECT_ROOT, 'corpus'), outDir: corpusDir, articles, seed: 1 });
    }
    for (const model of ['offline', 'random384']) {
      process.stderr.write(`Scale: ${articles} articles, ${model}…\n`);
      const indexDir = path.join(TMP, `scale-${articles}-${model}`);
      await rm(indexDir, { recursive: true, force: true });
      const ingest = scale('ingest', { corpus: corpusDir, index: indexDir, model });
      const queries = scale('query', { corpus: corpusDir, index: indexDir, model });
      await touchOneArticle(corpusDir);
      const incremental = scale('ingest', { corpus: corpusDir, index: indexDir, model });
      const vectraNaive = scale('vectra', { index: indexDir, model });
      const denseScan = scale('scan', { index: indexDir, model });
      rows.push({
        articles,
        model: model === 'offline' ? OFFLINE_MODEL : 'random 384-d stand-in',
        ingest,
        incrementalOneArticle: incremental,
        queries,
        vectraNaive,
        denseScan,
      });
    }
  }
  return { rows, targets: { incrementalSeconds: 5, coldLoadMs: 2000, retrievalP95Ms384At100k: 30, peakRssMb: 1024 } };
}

/**
 * The PostgreSQL passage store (DATABASE_URL, else a PGlite server started for the run) beside the
 * file index on the same synthetic corpus and the same 384-d stand-in vectors; then HNSW's
 * recall against the exact scan over `vectors` synthetic vectors.
 */
async function postgresSection(articles: number, vectors: number) {
  const corpusDir = path.join(BENCH_DIR, 'corpora', String(articles));
  if (!existsSync(corpusDir)) {
    process.stderr.write(`Generating ${articles} synthetic articles…\n`);
    await writeSyntheticCorpus({ sourceDir: path.join(PROJECT_ROOT, 'corpus'), outDir: corpusDir, articles, seed: 1 });
  }
  const configured = loadCoreConfig().databaseUrl;
  return withPostgres(configured, async (url) => {
    // In the children's environment, not on their command line: `ps` and a failing child's error would show the password.
    const database = { DATABASE_URL: url };
    const fileIndex = path.join(TMP, `postgres-beside-${articles}`);
    await rm(fileIndex, { recursive: true, force: true });
    process.stderr.write(`PostgreSQL store: ${articles} articles, the file index first…\n`);
    const fileIngest = scale('ingest', { corpus: corpusDir, index: fileIndex, model: 'random384' });
    const fileQueries = scale('query', { corpus: corpusDir, index: fileIndex, model: 'random384' });
    process.stderr.write('PostgreSQL store: ingest, 1 and 8 clients…\n');
    try {
      const store = runMeasurement('postgresRun.ts', ['store', '--corpus', corpusDir], database);
      const rss = runMeasurement('postgresRun.ts', ['rss'], database);
      process.stderr.write(`PostgreSQL store: HNSW recall over ${vectors} vectors…\n`);
      const recall = runMeasurement('postgresRun.ts', ['recall', '--vectors', String(vectors)], database);
      return {
        server: configured ? 'DATABASE_URL' : 'PGlite (one query at a time: 8 clients wait in one queue)',
        file: { ingest: fileIngest, queries: fileQueries },
        postgres: { ...store, processPeakRssMb: rss.peakRssMb, processOpenMs: rss.openMs },
        hnsw: recall,
      };
    } finally {
      // What the measurements wrote is not left in an operator's database.
      runMeasurement('postgresRun.ts', ['clean'], database);
    }
  });
}

const SECTIONS = ['real', 'bot', 'weighting', 'formats', 'store', 'servers', 'scale', 'postgres'] as const;

const HELP = `Usage: npm run bench [-- --only SECTION] [--sizes 100,1000,10000]

Measures speed and memory and merges the figures into bench/results.json (a partial run keeps
the other sections) and prints them; npm run docs:figures then writes them into
docs/scale-and-speed.md. Not part of npm test; the whole run takes about six minutes on 2 cores.

  --only SECTION   one of: real (the five articles: ingest, warm queries, cold start),
                   bot (200 interactions from 20 users through the fake Discord, then a burst of 340),
                   weighting (the offline model's table recipes, dense-only retrieval),
                   formats (HTML pages/s, PDF pages/s and Word documents/s converted to text),
                   store (recording a question; /report over 100,000 stored questions),
                   servers (200 servers of 20 articles, questions from all, 50 indexes loaded),
                   scale (synthetic corpora, both models, dense-scan options, naive vectra),
                   postgres (the PostgreSQL store beside the file index, HNSW recall; only with
                   --only, written to bench/postgres.json)
  --sizes LIST     synthetic corpus sizes for the scale section (default 100,1000,10000)
  --postgres-articles N  synthetic articles for the postgres section (default 1000)
  --vectors N      synthetic 384-d vectors for HNSW recall (default 100000)
  -h, --help       this text`;

await runCli(async () => {
  const { values } = parseCommandLine(
    {
      options: {
        sizes: { type: 'string', default: '100,1000,10000' },
        only: { type: 'string' },
        'postgres-articles': { type: 'string', default: '1000' },
        vectors: { type: 'string', default: '100000' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    },
    HELP,
  );
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (values.only !== undefined && !(SECTIONS as readonly string[]).includes(values.only)) {
    throw new UsageError(`--only must be one of ${SECTIONS.join(', ')}, got "${values.only}".\n\n${HELP}`);
  }
  const sizes = values.sizes.split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new UsageError(`--sizes must be whole numbers above 0, got "${values.sizes}".`);
  await mkdir(TMP, { recursive: true });
  if (values.only === 'postgres') {
    const figures = await postgresSection(Number(values['postgres-articles']), Number(values.vectors));
    const written = { measuredAt: new Date().toISOString(), cpus: os.cpus().length, node: process.version, ...figures };
    await writeFile(POSTGRES_RESULTS, `${JSON.stringify(written, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(written, null, 2)}\n\nWritten to ${path.relative(PROJECT_ROOT, POSTGRES_RESULTS)}\n`);
    return;
  }
  const results = existsSync(RESULTS) ? (JSON.parse(await readFile(RESULTS, 'utf8')) as Record<string, unknown>) : {};
  results.machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    measuredAt: new Date().toISOString(),
  };
  if (!values.only || values.only === 'real') {
    process.stderr.write('Real corpus: ingest, warm queries, cold start…\n');
    results.realCorpus = await realCorpusSection();
  }
  if (!values.only || values.only === 'bot') {
    process.stderr.write('Bot under load: 200 interactions from 20 users through the fake Discord…\n');
    results.botLoad = { ...runMeasurement('botLoad.ts'), targets: { lost: 0 } };
    process.stderr.write('Bot under a burst: 200 /ask from 40 members, 100 mentions from 20 and 40 from one spammer, at once…\n');
    // Issue #19: mentions should not wait much longer than /ask (answeredReplyMsByWay).
    results.botBurst = { ...runMeasurement('botLoad.ts', ['--scenario', 'burst']), targets: { lost: 0, mentionP95OverAskP95: 1.2 } };
  }
  if (!values.only || values.only === 'weighting') {
    process.stderr.write('Offline model weighting: dense-only retrieval with each table recipe…\n');
    results.offlineWeighting = [false, true].flatMap((sif) =>
      [false, true].map((common) =>
        runMeasurement('weightingRun.ts', ['--sif', String(sif), '--common', String(common), '--dir', path.join(TMP, 'weighting')]),
      ),
    );
  }
  if (!values.only || values.only === 'formats') {
    process.stderr.write('Formats: HTML and PDF conversion throughput…\n');
    results.formats = runMeasurement('formatsRun.ts');
  }
  if (!values.only || values.only === 'store') {
    process.stderr.write('Question store: recording a question, /report over 100,000 stored questions…\n');
    results.questionStore = { ...runMeasurement('storeRun.ts'), targets: { recordQuestionP95Ms: 1, reportOver100kMs: 1000 } };
  }
  if (!values.only || values.only === 'servers') {
    process.stderr.write('Servers: 200 servers of 20 articles each, questions from all of them…\n');
    results.servers = { ...runMeasurement('serversRun.ts'), targets: { rssMb: 1536 } };
  }
  if (!values.only || values.only === 'scale') {
    results.scale = await scaleSection(sizes);
  }
  await writeFile(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n\nWritten to ${path.relative(PROJECT_ROOT, RESULTS)}\n`);
  process.stdout.write('npm run docs:figures puts these figures into docs/scale-and-speed.md.\n');
});
