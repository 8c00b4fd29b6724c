/** `npm run ask -- "question"`: answers from the terminal, by quoting the corpus. */
import path from 'node:path';
import { createInterface } from 'node:readline';
import { openCorpusEngine, UnknownSourceError } from '../src/answer/openEngine.js';
import { isServerId, serverEngines } from '../src/answer/serverEngines.js';
import { ensureIndex } from '../src/cli/ingestWithProgress.js';
import { locateQuotes } from '../src/cli/locateQuotes.js';
import { parseCommandLine, runCli, UsageError } from '../src/cli/runCli.js';
import { loadCoreConfig } from '../src/config.js';
import { sourceRootOf } from '../src/corpus/loadCorpus.js';
import { matchArticle } from '../src/corpus/matchArticle.js';
import { readManifest } from '../src/index/manifest.js';
import { closeSharedPostgresPools } from '../src/index/postgresPool.js';
import { renderAnswerJson } from '../src/render/json.js';
import { renderAnswerText, terminalStyleFor } from '../src/render/terminal.js';

const HELP = `Usage: npm run ask -- [--json] [--k N] [--source NAME] [--index DIR --corpus DIR] "question"
       npm run ask -- --json [--k N] [--source NAME] < questions.txt

Answers a question only by quoting the corpus, with citations. When nothing in the
corpus is relevant enough it says so.

  --json         print one JSON object per question:
                   {"question", "answered", "level", "confidence", "results": [{"source",
                    "file", "textFile"?, "title", "section", "kind", "language"?,
                    "paragraph", "page"?, "start", "end", "text", "highlight", "score",
                    "answers"}]}
                 level is answer, closest or none, and answered is level == answer;
                 confidence (0-1) is what the level was decided on. Results come best
                 first: those with answers true, then the closest passages, which are not
                 answers. source is the citation path, file its absolute path; start and
                 end index the file's text (textFile's, the text snapshot, for .md, .html,
                 .pdf and .docx); highlight is the best sentence {start, end} or null;
                 section is the headings above the paragraph or null; kind is prose,
                 steps (a procedure quoted whole) or code (a code block, with its
                 language when its fence names one); page is a PDF's page;
                 score is the probability that the passage answers. ? marks a key that only
                 some results have. With --json and no question, reads questions from
                 standard input, one per line, and prints one JSON object per line in order.
  --k N          how many quotes at most (1-25, default 5)
  --source NAME  only search one article: its path in the corpus folder (tech/100.txt),
                 its file name or its title; a name several articles share is refused
                 with the list of them
  --index DIR    the index to answer from (default: INDEX_DIR, else ./data/index)
  --corpus DIR   the corpus to build the index from when there is none yet
                 (default: CORPUS_DIR, else ./corpus)
  --server ID    answer as that server's questions are: the base and its own articles,
                 as CORPUS_SCOPE says (docs/servers.md)
  -h, --help     this text

The index is built on first use (npm run ingest). Exit codes: 0 answered or not,
2 usage error, 1 failure (no index and it cannot be built, model mismatch).`;

function readAskArguments() {
  const { values, positionals } = parseCommandLine(
    {
      options: {
        json: { type: 'boolean', default: false },
        k: { type: 'string' },
        source: { type: 'string' },
        index: { type: 'string' },
        corpus: { type: 'string' },
        server: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
    },
    HELP,
  );
  const k = values.k === undefined ? 5 : Number(values.k);
  if (!Number.isInteger(k) || k < 1 || k > 25) throw new UsageError(`--k must be a whole number from 1 to 25, got "${values.k}".`);
  const question = positionals.join(' ');
  if (!values.help && !values.json && !question.trim()) {
    throw new UsageError(`Ask a question, e.g. npm run ask -- "How many soldiers were deployed?"\n\n${HELP}`);
  }
  if (values.json && positionals.length > 0 && !question.trim()) throw new UsageError('The question is empty.');
  return {
    help: values.help ?? false,
    json: values.json ?? false,
    k,
    source: values.source,
    index: values.index,
    corpus: values.corpus,
    server: values.server,
    question,
  };
}

/** The one article `--source` names, as its exact source path; a usage error when it names none or several. */
function sourceNamed(articles: Array<{ source: string; title: string }>, reference: string, corpusDir: string): string {
  const match = matchArticle(articles, reference, {
    corpusPrefix: path.basename(path.resolve(corpusDir)),
    projectRoot: sourceRootOf(corpusDir),
    cwd: process.cwd(),
  });
  if (match.kind === 'match') return match.source;
  if (match.kind === 'none')
    throw new UsageError(`No article matches "${reference}". Give its path in the corpus folder, its file name or its title.`);
  const shown = match.sources.slice(0, 20).map((source) => `  ${source}`);
  if (match.sources.length > 20) shown.push(`  … and ${match.sources.length - 20} more`);
  throw new UsageError(
    `"${reference}" matches ${match.sources.length} articles; give its path in the corpus folder instead:\n${shown.join('\n')}`,
  );
}

await runCli(async () => {
  const args = readAskArguments();
  if (args.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (args.server !== undefined && !isServerId(args.server))
    throw new UsageError(`--server must be a numeric server id, got "${args.server}".`);
  const defaults = loadCoreConfig();
  const config = {
    ...defaults,
    indexDir: args.index ? path.resolve(args.index) : defaults.indexDir,
    corpusDir: args.corpus ? path.resolve(args.corpus) : defaults.corpusDir,
  };
  try {
    await answer(args, config);
  } finally {
    await closeSharedPostgresPools();
  }
});

async function answer(args: ReturnType<typeof readAskArguments>, config: ReturnType<typeof loadCoreConfig>): Promise<void> {
  await ensureIndex(config);
  // The file index's manifest names the articles before the model and index load, so a --source
  // that names no one article fails at once; the database's are named by the store once open.
  const manifest = config.databaseUrl ? null : await readManifest(config.indexDir);
  const opening = config.databaseUrl ? await openCorpusEngine(config) : null;
  const articles = opening
    ? [...opening.store.articles]
    : Object.entries(manifest?.articles ?? {}).map(([source, { title }]) => ({ source, title }));
  // A server's articles are named by the engine that holds them (`server:corpus/…`, a file name or a title).
  const source =
    args.source === undefined || args.server !== undefined ? args.source : sourceNamed(articles, args.source, config.corpusDir);
  const options = { k: args.k, source };
  const base = opening ?? (await openCorpusEngine(config));
  const engine =
    args.server === undefined
      ? base
      : await serverEngines(
          config,
          () => base,
          (m) => process.stderr.write(`${m}\n`),
        ).forServer(args.server);
  const answerOne = async (question: string) => {
    try {
      const answer = await engine.ask(question, options);
      return manifest && args.server === undefined
        ? locateQuotes(answer, engine, manifest, config.indexDir, sourceRootOf(config.corpusDir))
        : answer;
    } catch (error) {
      if (error instanceof UnknownSourceError) throw new UsageError(error.message);
      throw error;
    }
  };

  if (!args.json) {
    process.stdout.write(renderAnswerText(await answerOne(args.question), terminalStyleFor(process.stdout)));
    return;
  }
  if (args.question.trim()) {
    process.stdout.write(`${JSON.stringify(renderAnswerJson(await answerOne(args.question)))}\n`);
    return;
  }
  // Batch mode: one JSON line per input line, in order; the model and index loaded once above.
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    process.stdout.write(`${JSON.stringify(renderAnswerJson(await answerOne(line)))}\n`);
  }
}
