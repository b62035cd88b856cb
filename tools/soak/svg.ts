import type { Point } from './regression';

/** A named line of a chart. */
export interface Series {
  name: string;
  color: string;
  points: readonly Point[];
}

/** One chart of the plot: its series share the x axis of the whole plot and a y axis from 0. */
export interface Panel {
  title: string;
  series: readonly Series[];
}

const WIDTH = 900;
const PANEL_HEIGHT = 260;
const MARGIN = { left: 70, right: 170, top: 40, bottom: 40 };

/** Text made safe for SVG (XML) content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

const round = (value: number): string => (Math.round(value * 10) / 10).toString();

/** A tick label: at most three significant figures. */
const tick = (value: number): string => Number(value.toPrecision(3)).toString();

/**
 * A standalone SVG of the panels stacked vertically over a shared x axis (`xLabel`), each with its
 * axes, three y ticks, a polyline per series (`data-series` holds its name) and a legend.
 */
export function plotSvg(title: string, xLabel: string, panels: readonly Panel[]): string {
  const all = panels.flatMap((panel) => panel.series.flatMap((series) => series.points)).filter((p) => Number.isFinite(p.x));
  const xMin = Math.min(...all.map((p) => p.x));
  const xMax = Math.max(xMin + 1e-9, ...all.map((p) => p.x));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const height = 30 + panels.length * PANEL_HEIGHT;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`,
  ];
  panels.forEach((panel, index) => {
    const top = 30 + index * PANEL_HEIGHT + MARGIN.top;
    const values = panel.series.flatMap((series) => series.points.map((p) => p.y)).filter(Number.isFinite);
    const yMax = Math.max(1e-9, ...values) * 1.1;
    const sx = (x: number) => MARGIN.left + ((x - xMin) / (xMax - xMin)) * plotWidth;
    const sy = (y: number) => top + plotHeight - (y / yMax) * plotHeight;
    parts.push(
      `<g>`,
      `<text x="${MARGIN.left}" y="${top - 10}" font-size="13">${escapeXml(panel.title)}</text>`,
      `<line x1="${MARGIN.left}" y1="${top + plotHeight}" x2="${MARGIN.left + plotWidth}" y2="${top + plotHeight}" stroke="black"/>`,
      `<line x1="${MARGIN.left}" y1="${top}" x2="${MARGIN.left}" y2="${top + plotHeight}" stroke="black"/>`,
      ...[0, 0.5, 1].map((f) => `<text x="${MARGIN.left - 6}" y="${round(sy(f * yMax) + 4)}" text-anchor="end">${tick(f * yMax)}</text>`),
      ...[0, 0.5, 1].map((f) => `<text x="${round(sx(xMin + f * (xMax - xMin)))}" y="${top + plotHeight + 16}" text-anchor="middle">${tick(xMin + f * (xMax - xMin))}</text>`),
      `<text x="${MARGIN.left + plotWidth / 2}" y="${top + plotHeight + 32}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    );
    panel.series.forEach((series, n) => {
      const points = series.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
      parts.push(
        `<polyline data-series="${escapeXml(series.name)}" fill="none" stroke="${escapeXml(series.color)}" stroke-width="1.5" points="${points.map((p) => `${round(sx(p.x))},${round(sy(p.y))}`).join(' ')}"/>`,
        `<line x1="${WIDTH - MARGIN.right + 15}" y1="${top + 10 + n * 18}" x2="${WIDTH - MARGIN.right + 35}" y2="${top + 10 + n * 18}" stroke="${escapeXml(series.color)}" stroke-width="2"/>`,
        `<text x="${WIDTH - MARGIN.right + 40}" y="${top + 14 + n * 18}">${escapeXml(series.name)}</text>`,
      );
    });
    parts.push(`</g>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
