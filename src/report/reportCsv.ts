/**
 * The report as one CSV (RFC 4180) for a spreadsheet: a `section` column says which list a
 * row belongs to (unanswered, voted down, most cited, per day). Member text that a spreadsheet
 * would run as a formula (starting with =, +, -, @, tab or return) is prefixed with a quote.
 */
import type { Report } from './buildReport.js';

export const CSV_COLUMNS = [
  'section',
  'day',
  'question',
  'times_asked',
  'members',
  'answered',
  'not_answered',
  'down_votes',
  'up_votes',
  'article',
  'file',
  'paragraph',
] as const;

type Row = Partial<Record<(typeof CSV_COLUMNS)[number], string | number>>;

function cell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/u.test(text)) text = `'${text}`;
  return /[",\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function reportCsv(report: Report): string {
  const rows: Row[] = [
    ...report.unanswered.map((g): Row => ({ section: 'unanswered', question: g.wording, times_asked: g.asked, members: g.askers })),
    ...report.downvoted.flatMap((a): Row[] => {
      const base = {
        section: 'voted down',
        day: new Date(a.askedAt).toISOString().slice(0, 10),
        question: a.question,
        down_votes: a.down,
        up_votes: a.up,
      };
      return a.sources.length === 0
        ? [base]
        : a.sources.map((s) => ({ ...base, article: s.title, file: s.source, paragraph: s.paragraph }));
    }),
    ...report.cited.map((c): Row => ({ section: 'most cited', article: c.title, file: c.source, answered: c.answers })),
    ...report.days.map((d): Row => ({ section: 'per day', day: d.day, answered: d.answered, not_answered: d.unanswered })),
  ];
  const lines = [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((column) => cell(row[column])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
