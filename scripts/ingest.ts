/** `npm run ingest`: builds or updates the index from the corpus folder. */
import path from 'node:path';
import { ingestWithProgress, formatIngestSummary } from '../src/cli/ingestWithProgress.js';
import { parseCommandLine, runCli } from '../src/cli/runCli.js';
import { loadCoreConfig } from '../src/config.js';

const HELP = `Usage: npm run ingest [-- --corpus DIR --index DIR --model ID --rebuild]

Reads every .txt and .md article under the corpus folder, splits them into passages,
embeds them locally and writes a file-based vectra index.

  --corpus DIR   the articles (default: CORPUS_DIR, else ./corpus)
  --index DIR    where the index lives (default: INDEX_DIR, else ./data/index)
  --model ID     embedding model: auto (hub model, falling back to the offline one),
                 Xenova/all-MiniLM-L6-v2, or verbatim/wink-sif-100d (offline)
                 (default: EMBEDDING_MODEL, else auto)
  --rebuild      re-embed everything instead of only new and changed articles
  -h, --help     this text

Re-running is incremental: unchanged articles are not re-embedded, changed ones are
replaced, deleted ones removed. An ingest that is interrupted leaves the previous index
in service. Files that cannot be indexed are listed with the reason at the end.`;

await runCli(async () => {
  const args = parseCommandLine(
    {
      options: {
        corpus: { type: 'string' },
        index: { type: 'string' },
        model: { type: 'string' },
        rebuild: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
    },
    HELP,
  ).values;
  if (args.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const config = loadCoreConfig();
  const summary = await ingestWithProgress(config, {
    corpusDir: args.corpus ? path.resolve(args.corpus) : config.corpusDir,
    indexDir: args.index ? path.resolve(args.index) : config.indexDir,
    model: args.model ?? config.embeddingModel,
    rebuild: args.rebuild ?? false,
  });
  process.stdout.write(`${formatIngestSummary(summary)}\n`);
});
