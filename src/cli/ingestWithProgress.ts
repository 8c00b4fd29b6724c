/**
 * Runs an ingest for a person at a terminal: a progress bar with passages per second and ETA
 * on stderr (plain periodic lines when stderr is not a TTY, e.g. in CI), then a summary.
 */
import cliProgress from 'cli-progress';
import type { CoreConfig } from '../config.js';
import { sourceRootOf } from '../corpus/loadCorpus.js';
import { createEmbedder } from '../embedding/embedder.js';
import { ingestCorpus, type IngestSummary } from '../index/ingest.js';
import { readManifest } from '../index/manifest.js';
import { BASE_TENANT } from '../index/baseTenant.js';
import { sharedPostgresPool } from '../index/postgresPool.js';
import { ingestIntoPostgres } from '../index/postgresIngest.js';
import { readPostgresHead } from '../index/readPostgresHead.js';
import { probeIndex } from '../answer/probeIndex.js';

export interface IngestRequest {
  corpusDir: string;
  /** The file index to write, unless the config names a database. */
  indexDir: string;
  /** Whose passages these are in the database: `base` (the default) or a server's id. */
  tenant?: string;
  model: string;
  rebuild: boolean;
}

export async function ingestWithProgress(config: CoreConfig, request: IngestRequest): Promise<IngestSummary> {
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const embedder = await createEmbedder({
    model: request.model,
    cacheDir: config.modelCacheDir,
    hubTimeoutMs: config.hubTimeoutMs,
    log,
  });
  const bar = new cliProgress.SingleBar(
    {
      // A bar only on a terminal; a log or CI gets a plain line every few seconds.
      format: process.stderr.isTTY
        ? 'Embedding |{bar}| {value}/{total} passages | {speed} passages/s | ETA {eta_formatted}'
        : 'Embedding: {value}/{total} passages, {speed} passages/s, ETA {eta_formatted}',
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  let barStarted = false;
  let summary: IngestSummary;
  try {
    const common = {
      corpusDir: request.corpusDir,
      projectRoot: sourceRootOf(request.corpusDir),
      embedder,
      rebuild: request.rebuild,
      probe: probeIndex(embedder),
      log,
      onProgress: ({ done, total }: { done: number; total: number }) => {
        const speed = Math.round(done / Math.max(0.001, (performance.now() - started) / 1000));
        if (!barStarted) {
          bar.start(total, done, { speed });
          barStarted = true;
        } else {
          bar.update(done, { speed });
        }
      },
    };
    summary = config.databaseUrl
      ? await ingestIntoPostgres({ ...common, pool: sharedPostgresPool(config.databaseUrl), tenant: request.tenant ?? BASE_TENANT })
      : await ingestCorpus({ ...common, indexDir: request.indexDir });
  } finally {
    if (barStarted) bar.stop();
  }
  const { calibration } = summary;
  if (calibration) {
    const answerable = calibration.answerable
      ? ` and ${calibration.answerable.questions} answerable (${Math.round(calibration.answerable.hitAt1 * 100)}% found)`
      : '';
    log(
      `Calibrated on ${calibration.background.questions} unanswerable probe questions${answerable}: ` +
        `answer level ${calibration.answerLevel}, closest level ${calibration.closestLevel}.`,
    );
  }
  return summary;
}

export function formatIngestSummary(summary: IngestSummary): string {
  const lines = [
    summary.upToDate
      ? `Index is up to date: ${summary.articles} articles, ${summary.passages} passages.`
      : `Indexed ${summary.articles} articles, ${summary.passages} passages ` +
        `(${summary.addedOrChanged} new or changed, ${summary.unchanged} unchanged, ${summary.removed} removed).`,
    // "Embedded 0 passages (0.0 passages/s)" on an up-to-date index says nothing.
    (summary.embeddedPassages > 0
      ? `Embedded ${summary.embeddedPassages} passages in ${summary.seconds.toFixed(1)} ` +
        `s (${summary.passagesPerSecond.toFixed(1)} passages/s); index`
      : 'Index') + ` size: ${(summary.indexBytes / 1e6).toFixed(2)} MB, generation ${summary.generation}.`,
  ];
  // Skipped files were logged as they were found; those the last ingest skipped too are only counted.
  const known = summary.skipped.length - summary.newlySkipped.length;
  if (summary.newlySkipped.length > 0) {
    lines.push(`Skipped ${summary.skipped.length} file(s)${known > 0 ? `, ${known} of them as at the last ingest; new` : ''}:`);
    for (const s of summary.newlySkipped) lines.push(`  - ${s.source}: ${s.reason}`);
  } else if (known > 0) {
    lines.push(`Skipped ${known} file(s), the same as at the last ingest.`);
  }
  return lines.join('\n');
}

/** Builds the index first when there is none yet, so a fresh clone's first command works on its own. */
export async function ensureIndex(config: CoreConfig): Promise<void> {
  const built = config.databaseUrl
    ? await readPostgresHead(sharedPostgresPool(config.databaseUrl), BASE_TENANT)
    : await readManifest(config.indexDir);
  if (built) return;
  const where = config.databaseUrl ? `for the tenant "${BASE_TENANT}" in the database` : `in ${config.indexDir}`;
  process.stderr.write(`No index ${where} yet: building it from the corpus ${config.corpusDir} first (this happens once).\n`);
  const summary = await ingestWithProgress(config, {
    corpusDir: config.corpusDir,
    indexDir: config.indexDir,
    model: config.embeddingModel,
    rebuild: false,
  });
  process.stderr.write(`${formatIngestSummary(summary)}\n\n`);
}
