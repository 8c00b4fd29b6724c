/**
 * `/report` as an embed: the totals, then the three lists (most-asked questions the corpus
 * could not answer, answers voted down with their sources, most-cited articles), each as many
 * lines as fit a field; the CSV attached beside it holds the full lists. Member questions and
 * titles are made inert like every other text the bot shows.
 */
import type { APIEmbed } from 'discord.js';
import type { Report } from '../report/buildReport.js';
import { DISCORD_LIMITS } from './discord.js';
import { inert, inertCode } from './inert.js';

export const REPORT_CHART_FILE = 'report.png';
export const REPORT_CSV_FILE = 'report.csv';
const REPORT_COLOUR = 0x5865f2;
const LINE_QUESTION_CHARS = 120;

const shorten = (text: string, max: number) => {
  const flat = text.replace(/\s+/gu, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
};

/** Numbered lines, as many as fit one field value. */
function fieldLines(lines: string[], empty: string): string {
  let value = '';
  for (const [i, line] of lines.entries()) {
    const next = `${value}${value ? '\n' : ''}${i + 1}. ${line}`;
    if (next.length > DISCORD_LIMITS.fieldValue) break;
    value = next;
  }
  return value || empty;
}

const times = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function renderReportEmbed(report: Report, periodDays: number): APIEmbed {
  const { questions, answered, unanswered } = report.totals;
  const share = questions > 0 ? ` (${Math.round((100 * unanswered) / questions)}% not answered)` : '';
  return {
    title: `Verbatim report: the last ${times(periodDays, 'day')}`,
    description:
      questions === 0
        ? 'No questions were asked in this server in that time.'
        : `${times(questions, 'question')}: ${answered} answered, ${unanswered} not answered${share}. The CSV holds the full lists.`,
    color: REPORT_COLOUR,
    fields: [
      {
        name: 'Most asked, not answered by the corpus',
        value: fieldLines(
          report.unanswered.map(
            (g) => `“${inert(shorten(g.wording, LINE_QUESTION_CHARS))}” — asked ${times(g.asked, 'time')} by ${times(g.askers, 'member')}`,
          ),
          'None.',
        ),
      },
      {
        name: 'Answers voted down',
        value: fieldLines(
          report.downvoted.map((a) => {
            const sources = a.sources.map((s) => `${inertCode(s.source)} ¶${s.paragraph}`).join(', ');
            return `“${inert(shorten(a.question, LINE_QUESTION_CHARS))}” — 👎 ${a.down} · 👍 ${a.up}${sources ? ` — ${sources}` : ''}`;
          }),
          'None.',
        ),
      },
      {
        name: 'Most cited articles',
        value: fieldLines(
          report.cited.map((c) => `${inert(shorten(c.title, 80))} (${inertCode(c.source)}) — ${times(c.answers, 'answer')}`),
          'None.',
        ),
      },
    ],
    image: { url: `attachment://${REPORT_CHART_FILE}` },
    footer: {
      text:
        `Days in UTC, ${new Date(report.since).toISOString().slice(0, 10)} ` +
        `to ${new Date(report.until - 1).toISOString().slice(0, 10)}.`,
    },
  };
}
