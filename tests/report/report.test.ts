import { describe, expect, test } from 'vitest';
import { buildReport, everyDay } from '../../src/report/buildReport.js';
import { reportChartSpec } from '../../src/report/reportChart.js';
import { reportCsv } from '../../src/report/reportCsv.js';
import { questionKey } from '../../src/report/questionKey.js';
import { DAY_MS, type ReportData } from '../../src/store/questionStore.js';

const since = Date.UTC(2026, 10, 28);
const empty: ReportData = { unanswered: [], downvoted: [], cited: [], days: [] };

describe('the report as data', () => {
  test('every day of the window is present, zero when nobody asked, and the totals add up', () => {
    const days = [{ day: '2026-11-29', answered: 3, unanswered: 1 }];
    expect(everyDay(days, since, since + 3 * DAY_MS - 1)).toEqual([
      { day: '2026-11-28', answered: 0, unanswered: 0 },
      { day: '2026-11-29', answered: 3, unanswered: 1 },
      { day: '2026-11-30', answered: 0, unanswered: 0 },
    ]);
    expect(buildReport({ ...empty, days }, since, since + 3 * DAY_MS).totals).toEqual({ questions: 4, answered: 3, unanswered: 1 });
  });

  test('similar wordings share a key; different questions do not', () => {
    expect(questionKey('What is the recipe for kimchi?')).toBe(questionKey('kimchi recipe — what is it?'));
    expect(questionKey('What is the recipe for kimchi?')).toBe(questionKey('Recipes for KIMCHI'));
    expect(questionKey('What is the recipe for kimchi?')).not.toBe(questionKey('What is the recipe for bread?'));
    expect(questionKey('What is it?')).toBe('what is it?');
  });

  test('CSV cells with commas, quotes and line breaks are quoted; formula-like text is defused', () => {
    const report = buildReport(
      {
        ...empty,
        unanswered: [
          { wording: 'He said "no",\nthen left', asked: 2, askers: 1, lastAskedAt: since },
          { wording: '@SUM(A1)', asked: 1, askers: 1, lastAskedAt: since },
        ],
      },
      since,
      since + 1,
    );
    const lines = reportCsv(report).split('\r\n');
    expect(lines[1]).toBe('unanswered,,"He said ""no"",\nthen left",2,1,,,,,,,');
    expect(lines[2]).toBe("unanswered,,'@SUM(A1),1,1,,,,,,,");
  });

  test('the chart stacks answered and not answered per day; an empty window keeps a 0-to-1 axis', () => {
    const report = buildReport({ ...empty, days: [{ day: '2026-11-28', answered: 2, unanswered: 5 }] }, since, since + DAY_MS);
    const spec = reportChartSpec(report) as { data: { values: unknown[] }; encoding: { y: { scale?: unknown } } };
    expect(spec.data.values).toEqual([
      { day: '2026-11-28', outcome: 'answered', questions: 2 },
      { day: '2026-11-28', outcome: 'not answered', questions: 5 },
    ]);
    expect(spec.encoding.y.scale).toBeUndefined();
    const none = reportChartSpec(buildReport(empty, since, since + DAY_MS)) as typeof spec;
    expect(none.encoding.y.scale).toEqual({ domain: [0, 1] });
  });
});
