/**
 * The question store's costs, in its own process: recording one question as the bot does (its
 * grouping key, then one transaction with its citations) over 5,000 questions; then /report's
 * whole work (the store's aggregates, the report, its CSV, chart and embed) over a history of
 * 100,000 stored questions, for a 7-, 30- and 90-day window. Prints one JSON line.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { percentile, round } from './lib/measure.js';
import { HISTORY_GUILD_ID, syntheticQuestion } from '../../tests/support/questionHistory.js';
import { renderReportEmbed } from '../../src/render/reportEmbed.js';
import { buildReport } from '../../src/report/buildReport.js';
import { reportChartPng } from '../../src/report/reportChart.js';
import { reportCsv } from '../../src/report/reportCsv.js';
import { questionKey } from '../../src/report/questionKey.js';
import { DAY_MS } from '../../src/store/questionStore.js';
import { DATABASE_FILE, openSqliteQuestionStore } from '../../src/store/sqliteQuestionStore.js';

const RECORDED = 5000;
const HISTORY = 100_000;
const HISTORY_DAYS = 90;
const REPORT_RUNS = 5;

const stats = (values: number[]) => ({
  p50: round(percentile(values, 50), 3),
  p95: round(percentile(values, 95), 3),
  p99: round(percentile(values, 99), 3),
});

const dir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-store-bench-'));
try {
  const store = openSqliteQuestionStore(dir);
  const now = Date.now();

  // Recording, as recordQuestion does it: the key is computed from the text, then one transaction.
  const recordMs: number[] = [];
  for (let i = 0; i < RECORDED; i += 1) {
    const record = syntheticQuestion(i, now - (i % HISTORY_DAYS) * DAY_MS);
    const started = performance.now();
    await store.recordQuestion({ ...record, questionKey: questionKey(record.question) });
    recordMs.push(performance.now() - started);
  }

  // The rest of a 100,000-question history over 90 days, with a vote on one answer in ten.
  const seedStarted = performance.now();
  for (let i = RECORDED; i < HISTORY; i += 1) {
    const id = await store.recordQuestion(syntheticQuestion(i, now - Math.floor((i / HISTORY) * HISTORY_DAYS * DAY_MS)));
    if (i % 10 === 1) await store.recordVote(id, `voter-${i % 500}`, i % 20 === 1 ? 'down' : 'up', now);
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const reports: Record<string, unknown> = {};
  for (const days of [7, 30, 90]) {
    const since = Math.floor(now / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
    const queryMs: number[] = [];
    const wholeMs: number[] = [];
    let questions = 0;
    // The first run also loads the chart libraries, as the bot's first /report does.
    for (let run = 0; run <= REPORT_RUNS; run += 1) {
      const started = performance.now();
      const data = await store.report({ guildId: HISTORY_GUILD_ID, since, until: now + 1, limit: 100 });
      const queried = performance.now();
      const report = buildReport(data, since, now + 1);
      reportCsv(report);
      renderReportEmbed(report, days);
      await reportChartPng(report);
      const finished = performance.now();
      questions = report.totals.questions;
      if (run === 0 && days === 7) reports.firstReportMs = round(finished - started);
      if (run > 0) {
        queryMs.push(queried - started);
        wholeMs.push(finished - started);
      }
    }
    reports[`${days}d`] = { questions, storeQueryMs: stats(queryMs), wholeReportMs: stats(wholeMs) };
  }
  await store.close();
  const fileMb = round(
    (await stat(path.join(dir, DATABASE_FILE))).size / 1e6 +
      (await stat(path.join(dir, `${DATABASE_FILE}-wal`)).catch(() => ({ size: 0 }))).size / 1e6,
    1,
  );
  process.stdout.write(
    `${JSON.stringify({ recordQuestionMs: { ...stats(recordMs), questions: RECORDED }, history: { questions: HISTORY, days: HISTORY_DAYS, seedSeconds: round(seedSeconds, 1), databaseMb: fileMb }, report: reports })}\n`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
