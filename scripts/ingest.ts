/** `npm run ingest`: builds or updates the index from the corpus folder, after fetching any --url pages into it. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ingestWithProgress, formatIngestSummary } from '../src/cli/ingestWithProgress.js';
import { parseCommandLine, runCli, UsageError } from '../src/cli/runCli.js';
import { isServerId, serverCorpusOf } from '../src/answer/serverEngines.js';
import { loadCoreConfig } from '../src/config.js';
import { readManifest } from '../src/index/manifest.js';
import { closeSharedPostgresPools, sharedPostgresPool } from '../src/index/postgresPool.js';
import { BASE_TENANT } from '../src/index/baseTenant.js';
import { readPostgresHead } from '../src/index/readPostgresHead.js';
import { fetchArticleToCorpus } from '../src/corpus/fetchArticleToCorpus.js';
import { FetchRefusedError } from '../src/corpus/fetchRefusedError.js';

const HELP = `Usage: npm run ingest [-- --corpus DIR --index DIR --model ID --rebuild]
       npm run ingest -- --url URL [--url URL …] [--urls FILE]

Reads every article under the corpus folder (.txt, .md, .html/.htm, .pdf, .docx), splits them
into passages, embeds them locally and writes a file-based vectra index.

  --corpus DIR   the articles (default: CORPUS_DIR, else ./corpus)
  --index DIR    where the index lives (default: INDEX_DIR, else ./data/index)
  --server ID    one server's own articles instead: DATA_DIR/servers/ID/corpus, indexed
                 beside it with the base index's model (docs/servers.md)
  --model ID     embedding model: auto (hub model, falling back to the offline one),
                 Xenova/all-MiniLM-L6-v2, or verbatim/wink-sif-100d (offline)
                 (default: EMBEDDING_MODEL, else auto)
  --rebuild      re-embed everything instead of only new and changed articles; also
                 repairs a damaged index
  --url URL      fetch a web page or PDF into the corpus (under web/<site>/) first,
                 recording its address for citations; may be given several times.
                 Public addresses only, every redirect checked (ALLOW_PRIVATE_URLS=true
                 also allows loopback and private networks)
  --urls FILE    fetch every URL in FILE (one per line; blank lines and # comments skipped)
  -h, --help     this text

Re-running is incremental: unchanged articles are not re-embedded (nor converted again),
changed ones are replaced, deleted ones removed. An ingest that is interrupted leaves the
previous index in service. READMEs, licences and dot-files are left out, and so is what
the corpus folder's .verbatimignore lists (gitignore syntax). Files that cannot be indexed
are listed with the reason. A fetch is refused, with the reason, for anything but HTML or
PDF, an HTTP error, more than 5 MB, or no answer within 15 s; the exit code is then 1.`;

async function urlsFrom(list: string[], file: string | undefined): Promise<string[]> {
  if (file === undefined) return list;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--urls ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  const lines = text
    .split(/\r?\n/u)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  return [...list, ...lines];
}

await runCli(async () => {
  const args = parseCommandLine(
    {
      options: {
        corpus: { type: 'string' },
        index: { type: 'string' },
        model: { type: 'string' },
        rebuild: { type: 'boolean', default: false },
        server: { type: 'string' },
        url: { type: 'string', multiple: true },
        urls: { type: 'string' },
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
  if (args.server !== undefined && !isServerId(args.server))
    throw new UsageError(`--server must be a numeric server id, got "${args.server}".`);
  const server = args.server === undefined ? undefined : serverCorpusOf(config.dataDir, args.server);
  const corpusDir = server?.corpusDir ?? (args.corpus ? path.resolve(args.corpus) : config.corpusDir);
  let refused = 0;
  for (const url of await urlsFrom(args.url ?? [], args.urls)) {
    try {
      const fetched = await fetchArticleToCorpus(url, corpusDir, { network: { allowPrivate: config.allowPrivateUrls } });
      process.stderr.write(
        `Fetched ${fetched.url} into ${path.join(corpusDir, fetched.file)} (${(fetched.bytes / 1024).toFixed(0)} KB).\n`,
      );
    } catch (error) {
      if (!(error instanceof FetchRefusedError)) throw error;
      refused += 1;
      process.stderr.write(`Not fetched: ${url}: ${error.message}\n`);
    }
  }
  const baseModel = async () =>
    (config.databaseUrl ? await readPostgresHead(sharedPostgresPool(config.databaseUrl), BASE_TENANT) : await readManifest(config.indexDir))
      ?.model.id;
  const summary = await ingestWithProgress(config, {
    corpusDir,
    indexDir: server?.indexDir ?? (args.index ? path.resolve(args.index) : config.indexDir),
    tenant: args.server ?? BASE_TENANT,
    // A server's index is searched beside the base's, so it is built with the base's model.
    model: args.model ?? (server ? ((await baseModel()) ?? config.embeddingModel) : config.embeddingModel),
    rebuild: args.rebuild ?? false,
  }).finally(closeSharedPostgresPools);
  process.stdout.write(`${formatIngestSummary(summary)}\n`);
  if (refused > 0) {
    process.stderr.write(`${refused} URL(s) were not fetched (see above).\n`);
    process.exitCode = 1;
  }
});
