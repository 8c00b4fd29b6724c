/**
 * The figures the docs show, rendered as Markdown from the committed measurements
 * (`bench/eval-results.json`, `bench/results.json`), so no figure in `docs/` is copied by hand.
 * Each block is named; `fillMarkedBlocks` puts it between `<!-- figures:NAME -->` markers.
 */
import { z } from 'zod';

export const percentiles = z.object({ p50: z.number(), p95: z.number() });
const ranking = z.object({ hitAt1: z.number(), hitAt5: z.number(), mrrAt5: z.number() });

const evalReport = ranking.extend({
  questions: z.number(),
  unanswerable: z.number(),
  bm25: ranking,
  precisionOfAnswered: z.number(),
  coverage: z.number(),
  abstention: z.number(),
  answerLevel: z.number(),
  aurc: z.number(),
  bm25Aurc: z.number(),
  coverageAt90: z.number(),
  coverageAt95: z.number(),
  bm25CoverageAt90: z.number(),
  declinedBySubkind: z.record(z.object({ questions: z.number(), declined: z.number() })),
});

export const evalResultsSchema = z.object({
  model: z.string(),
  measuredAt: z.string(),
  results: z.record(evalReport),
});

const ingestRun = z.object({
  passages: z.number(),
  seconds: z.number(),
  passagesPerSecond: z.number(),
  indexMb: z.number(),
  peakRssMb: z.number(),
});
const queryRun = z.object({
  coldLoadMs: z.number(),
  queryMs: percentiles,
  embeddingMs: percentiles,
  retrievalMs: percentiles,
  answerAssemblyMs: percentiles,
  peakRssMb: z.number(),
});
const scanOption = z.object({
  option: z.string(),
  buildMs: z.number(),
  queryMs: percentiles,
  top5Preserved: z.number(),
  recallAt5: z.number(),
});
const reportRun = z.object({ questions: z.number(), wholeReportMs: percentiles });

export const benchResultsSchema = z.object({
  machine: z.object({ cpus: z.number(), cpuModel: z.string(), node: z.string(), measuredAt: z.string() }),
  realCorpus: z.object({
    ingest: ingestRun.extend({ articles: z.number() }),
    queries: queryRun,
    coldStartMs: z.object({ median: z.number(), runs: z.number() }),
    targets: z.object({ warmP95Ms: z.number(), coldStartMs: z.number() }),
  }),
  scale: z.object({
    rows: z.array(
      z.object({
        articles: z.number(),
        model: z.string(),
        ingest: ingestRun,
        incrementalOneArticle: z.object({ seconds: z.number() }),
        queries: queryRun,
        vectraNaive: z.object({
          saved: z.boolean(),
          indexMb: z.number().optional(),
          loadMs: z.number().optional(),
          queryMs: percentiles.optional(),
          error: z.string().optional(),
        }),
        denseScan: z.object({ passages: z.number(), dimensions: z.number(), queries: z.number(), options: z.array(scanOption) }),
      }),
    ),
    targets: z.object({
      incrementalSeconds: z.number(),
      coldLoadMs: z.number(),
      retrievalP95Ms384At100k: z.number(),
      peakRssMb: z.number(),
    }),
  }),
  botLoad: z.object({
    interactions: z.number(),
    mentions: z.number(),
    users: z.number(),
    answered: z.number(),
    throttled: z.number(),
    lost: z.number(),
    finalReplyMs: percentiles,
    answeredReplyMs: percentiles,
  }),
  offlineWeighting: z.array(
    z.object({
      recipe: z.object({ sif: z.boolean(), removeCommonDirection: z.boolean() }),
      questions: z.number(),
      denseHitAt1: z.number(),
      denseHitAt5: z.number(),
      denseMrrAt5: z.number(),
    }),
  ),
  formats: z.object({
    html: z.object({ pages: z.number(), pagesPerSecond: z.number() }),
    pdf: z.array(z.object({ columns: z.number(), pagesPerSecond: z.number(), charsPerPage: z.number() })),
    docx: z.object({ documents: z.number(), documentsPerSecond: z.number() }),
  }),
  questionStore: z.object({
    recordQuestionMs: z.object({ p50: z.number(), p95: z.number(), p99: z.number(), questions: z.number() }),
    history: z.object({ questions: z.number(), days: z.number() }),
    report: z.object({ firstReportMs: z.number() }).catchall(z.unknown()),
  }),
});

export type EvalResults = z.infer<typeof evalResultsSchema>;
export type BenchResults = z.infer<typeof benchResultsSchema>;

export const fixed = (value: number, digits = 2) => value.toFixed(digits);
export const whole = (value: number) => Math.round(value).toLocaleString('en-US');
export const pair = ({ p50, p95 }: { p50: number; p95: number }, digits = 1) =>
  digits === 0 ? `${whole(p50)} / ${whole(p95)}` : `${fixed(p50, digits)} / ${fixed(p95, digits)}`;
export const day = (iso: string) => iso.slice(0, 10);

export function table(header: string[], rows: string[][]): string {
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Held-out and left-out figures per corpus, each beside plain BM25 over the same passages and questions. */
function evalBlock(evalResults: EvalResults): string {
  const reports = Object.entries(evalResults.results);
  const ranking = table(
    ['corpus (part)', 'answerable + unanswerable', 'hit@1', 'BM25 hit@1', 'hit@5', 'BM25 hit@5', 'MRR@5', 'BM25 MRR@5'],
    reports.map(([name, r]) => [
      name,
      `${r.questions} + ${r.unanswerable}`,
      fixed(r.hitAt1),
      fixed(r.bm25.hitAt1),
      fixed(r.hitAt5),
      fixed(r.bm25.hitAt5),
      fixed(r.mrrAt5),
      fixed(r.bm25.mrrAt5),
    ]),
  );
  const trust = table(
    [
      'corpus (part)',
      'answer level',
      'precision of answered',
      'coverage',
      'AURC',
      'BM25 AURC',
      'coverage at 0.90',
      'BM25 coverage at 0.90',
      'coverage at 0.95',
      'unanswerable declined',
    ],
    reports.map(([name, r]) => [
      name,
      fixed(r.answerLevel),
      `**${fixed(r.precisionOfAnswered)}**`,
      fixed(r.coverage),
      fixed(r.aurc),
      fixed(r.bm25Aurc),
      fixed(r.coverageAt90),
      fixed(r.bm25CoverageAt90),
      fixed(r.coverageAt95),
      `${fixed(r.abstention)}: ${Object.entries(r.declinedBySubkind)
        .map(([kind, d]) => `${kind} ${d.declined}/${d.questions}`)
        .join(', ')}`,
    ]),
  );
  return [`Model \`${evalResults.model}\`, measured ${day(evalResults.measuredAt)} (\`npm run eval\`).`, '', ranking, '', trust].join('\n');
}

function speedBlock(bench: BenchResults): string {
  const { realCorpus: real, botLoad: bot, formats, machine } = bench;
  const pdf = formats.pdf.map((p) => `${whole(p.pagesPerSecond)} (${p.columns} column${p.columns === 1 ? '' : 's'})`).join(', ');
  return [
    `${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, measured ${day(machine.measuredAt)} (\`npm run bench\`).`,
    '',
    table(
      ['what', 'figure', 'target'],
      [
        ['warm `ask` latency over the eval questions, p50 / p95 (ms)', pair(real.queries.queryMs), `p95 ≤ ${real.targets.warmP95Ms} ms`],
        [
          '… of which embedding / retrieval / answer assembly, p95 (ms)',
          `${fixed(real.queries.embeddingMs.p95)} / ${fixed(real.queries.retrievalMs.p95)} / ${fixed(real.queries.answerAssemblyMs.p95)}`,
          '',
        ],
        [
          `cold start: \`npm run ask\` to the first answer, index built (median of ${real.coldStartMs.runs})`,
          `${fixed(real.coldStartMs.median / 1000)} s`,
          `≤ ${fixed(real.targets.coldStartMs / 1000, 0)} s`,
        ],
        [
          `ingest of the ${real.ingest.articles} articles`,
          `${real.ingest.passages} passages, ${whole(real.ingest.passagesPerSecond)} passages/s, ${real.ingest.indexMb} MB on disk`,
          '',
        ],
        [
          'conversion to text: HTML pages/s; PDF pages/s; Word documents/s',
          `${whole(formats.html.pagesPerSecond)}; ${pdf}; ${whole(formats.docx.documentsPerSecond)}`,
          '',
        ],
        [
          `the bot under load: ${bot.interactions} questions from ${bot.users} users (${bot.mentions} by mention) through the fake Discord`,
          `${bot.answered} answered, ${bot.throttled} throttled by the cooldown, **${bot.lost} lost**`,
          'none lost',
        ],
        [
          '… interaction to final reply, p50 / p95 (ms): all; answered only',
          `${pair(bot.finalReplyMs, 0)}; ${pair(bot.answeredReplyMs, 0)}`,
          '',
        ],
      ],
    ),
  ].join('\n');
}

function scaleBlock(bench: BenchResults): string {
  const { rows, targets } = bench.scale;
  const corpora = table(
    [
      'articles',
      'model',
      'passages',
      'ingest (passages/s)',
      'index (MB)',
      're-ingest, 1 article changed (s)',
      'cold load (ms)',
      'retrieval p50 / p95 (ms)',
      'whole query p50 / p95 (ms)',
      'peak RSS ingest / query (MB)',
      'naive single vectra LocalIndex',
    ],
    rows.map((r) => [
      whole(r.articles),
      r.model,
      whole(r.ingest.passages),
      whole(r.ingest.passagesPerSecond),
      whole(r.ingest.indexMb),
      fixed(r.incrementalOneArticle.seconds),
      whole(r.queries.coldLoadMs),
      pair(r.queries.retrievalMs),
      pair(r.queries.queryMs),
      `${whole(r.ingest.peakRssMb)} / ${whole(r.queries.peakRssMb)}`,
      r.vectraNaive.saved && r.vectraNaive.queryMs
        ? `${whole(r.vectraNaive.indexMb ?? 0)} MB, load ${whole(r.vectraNaive.loadMs ?? 0)} ms, query ${pair(r.vectraNaive.queryMs)} ms`
        : `cannot save: ${r.vectraNaive.error ?? 'unknown error'}`,
    ]),
  );
  const scans = table(
    ['passages × dimensions', 'dense scan', 'top-40 query p50 / p95 (ms)', 'build (ms)', 'top 5 equal to the exact scan', 'recall@5'],
    rows.flatMap((r) =>
      r.denseScan.options.map((o) => [
        `${whole(r.denseScan.passages)} × ${r.denseScan.dimensions}`,
        o.option,
        pair(o.queryMs, 2),
        whole(o.buildMs),
        `${fixed(o.top5Preserved * 100, 1)} %`,
        fixed(o.recallAt5, 3),
      ]),
    ),
  );
  const goals =
    `Targets: re-ingest of one changed article under ${targets.incrementalSeconds} s, cold load ` +
    `≤ ${fixed(targets.coldLoadMs / 1000, 0)} s, retrieval p95 ≤ ${targets.retrievalP95Ms384At100k} ` +
    `ms at ≈100,000 passages × 384 dimensions, peak RSS ≤ ${whole(targets.peakRssMb)} MB.`;
  return [corpora, '', scans, '', goals].join('\n');
}

function storeBlock(bench: BenchResults): string {
  const { recordQuestionMs: record, history, report } = bench.questionStore;
  const periods = Object.entries(report).flatMap(([name, run]) => {
    const parsed = reportRun.safeParse(run);
    return parsed.success
      ? [[`\`/report\` over ${name} (${whole(parsed.data.questions)} questions), p50 / p95 (ms)`, pair(parsed.data.wholeReportMs, 0)]]
      : [];
  });
  return table(
    ['what', 'figure'],
    [
      [
        `recording a question as the bot does, p50 / p95 / p99 over ${whole(record.questions)} questions (ms)`,
        `${fixed(record.p50, 3)} / ${fixed(record.p95, 3)} / ${fixed(record.p99, 1)}`,
      ],
      [`history for \`/report\``, `${whole(history.questions)} questions over ${history.days} days`],
      ...periods,
      ['the first `/report` of a process (loads the chart libraries, ms)', whole(report.firstReportMs)],
    ],
  );
}

function weightingBlock(bench: BenchResults): string {
  const name = ({ sif, removeCommonDirection }: { sif: boolean; removeCommonDirection: boolean }) =>
    sif && removeCommonDirection
      ? '**SIF + common direction removed (shipped)**'
      : sif
        ? 'SIF weights only'
        : removeCommonDirection
          ? 'plain unit word vectors, common direction removed'
          : 'plain unit word vectors';
  return table(
    ['table', 'questions', 'dense hit@1', 'dense hit@5', 'dense MRR@5'],
    bench.offlineWeighting.map((w) => [
      name(w.recipe),
      String(w.questions),
      fixed(w.denseHitAt1, 3),
      fixed(w.denseHitAt5, 3),
      fixed(w.denseMrrAt5, 3),
    ]),
  );
}

/** Every figure block by name, from the parsed bench files. */
export function figureBlocks(evalResults: EvalResults, bench: BenchResults): Record<string, string> {
  return {
    eval: evalBlock(evalResults),
    speed: speedBlock(bench),
    scale: scaleBlock(bench),
    store: storeBlock(bench),
    weighting: weightingBlock(bench),
  };
}
