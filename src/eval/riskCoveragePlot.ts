/**
 * The risk–coverage plot as an SVG document: for each eval set, precision of answered against
 * the share of its questions answered as the answer level moves, with the level in force marked.
 * Plain SVG text: it opens in any browser and renders on GitHub without a charting runtime.
 */
export interface PlotSeries {
  name: string;
  points: Array<{ coverage: number; precision: number }>;
  chosen: { coverage: number; precision: number };
  /** The same questions ordered by a naive confidence (BM25's top score), drawn dashed in the same colour. */
  baseline?: Array<{ coverage: number; precision: number }>;
}

const WIDTH = 640;
const HEIGHT = 420;
const MARGIN = { left: 60, right: 170, top: 30, bottom: 50 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

const escapeXml = (text: string) =>
  text.replace(/[<>&"]/gu, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string);

export function riskCoveragePlot(title: string, series: PlotSeries[], targetPrecision: number): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (coverage: number) => MARGIN.left + coverage * plotW;
  const y = (precision: number) => MARGIN.top + (1 - precision) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" ` +
      `viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${MARGIN.left}" y="18" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (let t = 0; t <= 10; t += 2) {
    const v = t / 10;
    parts.push(
      `<line x1="${x(0)}" x2="${x(1)}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`,
      `<text x="${x(0) - 8}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(1)}</text>`,
      `<line x1="${x(v)}" x2="${x(v)}" y1="${y(0)}" y2="${y(1)}" stroke="#eee"/>`,
      `<text x="${x(v)}" y="${y(0) + 18}" text-anchor="middle">${v.toFixed(1)}</text>`,
    );
  }
  parts.push(
    `<rect x="${x(0)}" y="${y(1)}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`,
    `<line x1="${x(0)}" x2="${x(1)}" y1="${y(targetPrecision)}" y2="${y(targetPrecision)}" stroke="#888" stroke-dasharray="4 3"/>`,
    `<text x="${x(1) - 4}" y="${y(targetPrecision) - 4}" text-anchor="end" fill="#666">target precision ${targetPrecision}</text>`,
    `<text x="${x(0.5)}" y="${HEIGHT - 10}" text-anchor="middle">share of questions answered (coverage)</text>`,
    `<text transform="translate(16 ${y(0.5)}) rotate(-90)" text-anchor="middle">precision of answered</text>`,
  );
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length] as string;
    const line = (points: PlotSeries['points']) => points.map((p) => `${x(p.coverage).toFixed(1)},${y(p.precision).toFixed(1)}`).join(' ');
    if (s.baseline)
      parts.push(
        `<polyline points="${line(s.baseline)}" fill="none" stroke="${colour}" stroke-width="1" stroke-dasharray="3 3" opacity="0.8"/>`,
      );
    parts.push(
      `<polyline points="${line(s.points)}" fill="none" stroke="${colour}" stroke-width="2"/>`,
      `<circle cx="${x(s.chosen.coverage).toFixed(1)}" cy="${y(s.chosen.precision).toFixed(1)}" ` +
        `r="6" fill="none" stroke="${colour}" stroke-width="2.5"/>`,
      `<line x1="${x(1) + 12}" x2="${x(1) + 32}" y1="${MARGIN.top + 14 + i * 20}" ` +
        `y2="${MARGIN.top + 14 + i * 20}" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${x(1) + 38}" y="${MARGIN.top + 18 + i * 20}">${escapeXml(s.name)}</text>`,
    );
  });
  parts.push(
    `<circle cx="${x(1) + 22}" cy="${MARGIN.top + 14 + series.length * 20 + 6}" r="6" fill="none" stroke="#333" stroke-width="2.5"/>`,
    `<text x="${x(1) + 38}" y="${MARGIN.top + 18 + series.length * 20 + 6}">level in force</text>`,
    ...(series.some((s) => s.baseline)
      ? [
          `<line x1="${x(1) + 12}" x2="${x(1) + 32}" y1="${MARGIN.top + 14 + series.length * 20 + 26}" ` +
            `y2="${MARGIN.top + 14 + series.length * 20 + 26}" stroke="#333" stroke-dasharray="3 3"/>`,
          `<text x="${x(1) + 38}" y="${MARGIN.top + 18 + series.length * 20 + 26}">BM25 top score</text>`,
        ]
      : []),
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}
