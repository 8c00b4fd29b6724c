/**
 * `/report [days:<n>]`: for moderators, privately, what this server's members asked in the last
 * n days (today included, UTC): the questions the corpus could not answer, most asked first
 * with similar wordings grouped; the answers voted down with their sources; the most-cited
 * articles; questions per day. An embed, the full lists as CSV, and a chart as PNG.
 */
import type { ChatInputCommandInteraction } from 'discord.js';
import { renderReportEmbed, REPORT_CHART_FILE, REPORT_CSV_FILE } from '../../render/reportEmbed.js';
import { buildReport } from '../../report/buildReport.js';
import { reportChartPng } from '../../report/reportChart.js';
import { reportCsv } from '../../report/reportCsv.js';
import { DAY_MS } from '../../store/questionStore.js';
import type { BotContext } from '../context.js';
import { REPORT_DEFAULT_DAYS, reportCommand } from '../interactions/report.js';
import { requireManageServer } from '../permissions.js';
import { deferReply, sendReply } from '../reply.js';

export const data = reportCommand;

/** Rows per list in the CSV; the embed shows as many as fit. */
const REPORT_LIST_LIMIT = 100;

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!(await requireManageServer(interaction))) return;
  const days = interaction.options.getInteger('days') ?? REPORT_DEFAULT_DAYS;
  await deferReply(interaction, { ephemeral: true });
  const now = Date.now();
  const since = Math.floor(now / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
  const until = now + 1;
  const report = buildReport(
    await ctx.store.report({ guildId: interaction.guildId as string, since, until, limit: REPORT_LIST_LIMIT }),
    since,
    until,
  );
  const chart = await reportChartPng(report);
  await sendReply(interaction, {
    embeds: [renderReportEmbed(report, days)],
    files: [
      { attachment: Buffer.from(reportCsv(report), 'utf8'), name: REPORT_CSV_FILE },
      { attachment: chart, name: REPORT_CHART_FILE },
    ],
    ephemeral: true,
  });
}
