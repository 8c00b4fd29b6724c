/** `npm run ask -- "question"`: answers from the terminal, by quoting the corpus. */
import { createInterface } from 'node:readline';
import { openCorpusEngine, UnknownSourceError } from '../src/answer/openEngine.js';
import { ensureIndex } from '../src/cli/ingestWithProgress.js';
import { parseCommandLine, runCli, UsageError } from '../src/cli/runCli.js';
import { loadCoreConfig } from '../src/config.js';
import { renderAnswerJson } from '../src/render/json.js';
import { renderAnswerText, terminalStyleFor } from '../src/render/terminal.js';

const HELP = `Usage: npm run ask -- [--json] [--k N] [--source NAME] "question"
       npm run ask -- --json [--k N] [--source NAME] < questions.txt

Answers a question only by quoting the corpus, with citations. When nothing in the
corpus is relevant enough it says so.

  --json         print one JSON object: {"question","answered","results":[{"source","title",
                 "paragraph","start","end","text","highlight":{"start","end"}|null,"score"}]}
                 With --json and no question, reads questions from standard input, one per
                 line, and prints one JSON object per line in the same order.
  --k N          how many quotes at most (1-25, default 5)
  --source NAME  only search one article (its file name, path or title)
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
  return { help: values.help ?? false, json: values.json ?? false, k, source: values.source, question };
}

await runCli(async () => {
  const args = readAskArguments();
  if (args.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const config = loadCoreConfig();
  await ensureIndex(config);
  const engine = await openCorpusEngine(config);
  const options = { k: args.k, source: args.source };
  const answerOne = async (question: string) => {
    try {
      return await engine.ask(question, options);
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
});
