/**
 * The report's chart: questions per day, answered and not answered, as stacked bars. Drawn
 * headless: a Vega-Lite spec (plain data) compiled by vega-lite, rendered to SVG by vega with
 * no canvas, then rasterised to PNG by resvg (Rust, no browser, no system libraries beyond a
 * font). The libraries load on the first report, not when the bot starts.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Report } from './buildReport.js';

/** Shipped with Debian and most Linux images; resvg falls back to any sans-serif it finds. */
const FONT = 'DejaVu Sans';
export const ANSWERED_LABEL = 'answered';
export const UNANSWERED_LABEL = 'not answered';

export function reportChartSpec(report: Report): TopLevelSpec {
  const values = report.days.flatMap((d) => [
    { day: d.day, outcome: ANSWERED_LABEL, questions: d.answered },
    { day: d.day, outcome: UNANSWERED_LABEL, questions: d.unanswered },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Questions per day (UTC)',
    width: Math.max(240, Math.min(900, report.days.length * 24)),
    height: 220,
    background: 'white',
    config: { font: FONT, axis: { labelFont: FONT, titleFont: FONT }, legend: { labelFont: FONT, titleFont: FONT }, title: { font: FONT } },
    data: { values },
    mark: 'bar',
    encoding: {
      x: { field: 'day', type: 'ordinal', title: null, axis: { labelAngle: -45 } },
      // Whole numbers on the axis; a window without questions still gets a 0-to-1 axis, not a bare "0.000000".
      y: {
        field: 'questions',
        type: 'quantitative',
        stack: 'zero',
        title: 'questions',
        axis: { tickMinStep: 1, format: 'd' },
        ...(report.totals.questions === 0 ? { scale: { domain: [0, 1] } } : {}),
      },
      color: {
        field: 'outcome',
        type: 'nominal',
        title: null,
        scale: { domain: [ANSWERED_LABEL, UNANSWERED_LABEL], range: ['#5865f2', '#ed8936'] },
      },
      order: { field: 'outcome', sort: 'ascending' },
    },
  };
}

export async function reportChartPng(report: Report): Promise<Buffer> {
  const [vega, vegaLite, { Resvg }] = await Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]);
  const view = new vega.View(vega.parse(vegaLite.compile(reportChartSpec(report)).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG(2);
    return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: FONT } }).render().asPng();
  } finally {
    view.finalize();
  }
}
