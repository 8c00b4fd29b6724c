/**
 * The report `/report` shows, as plain data: the store's aggregates for the window, with every
 * day of the window present (zero when nobody asked) and the totals. Rendered separately as an
 * embed, a CSV and a chart.
 */
import { DAY_MS, type DayCount, type ReportData } from '../store/questionStore.js';

export interface Report extends ReportData {
  /** The window, in ms since the epoch: [since, until). */
  since: number;
  until: number;
  totals: { questions: number; answered: number; unanswered: number };
}

const utcDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Every UTC day from `since`'s to the one before `until`, with the counts `days` has for it. */
export function everyDay(days: DayCount[], since: number, until: number): DayCount[] {
  const byDay = new Map(days.map((d) => [d.day, d]));
  const all: DayCount[] = [];
  for (let time = Date.parse(utcDay(since)); time < until; time += DAY_MS) {
    const day = utcDay(time);
    all.push(byDay.get(day) ?? { day, answered: 0, unanswered: 0 });
  }
  return all;
}

export function buildReport(data: ReportData, since: number, until: number): Report {
  const days = everyDay(data.days, since, until);
  const answered = days.reduce((n, d) => n + d.answered, 0);
  const unanswered = days.reduce((n, d) => n + d.unanswered, 0);
  return { ...data, days, since, until, totals: { questions: answered + unanswered, answered, unanswered } };
}
