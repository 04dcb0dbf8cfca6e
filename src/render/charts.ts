import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

/**
 * Charts as small functions `(data, options) => svg text`, drawn by Observable Plot
 * on the server with linkedom as the document, so reports embed them inline and
 * print without any script. Sizes suit an A4 page (about 680 px of text width).
 */

/** A fixed class name keeps the output byte-stable (Plot would otherwise pick a random one). */
const className = 'kt-chart';
const defaultWidth = 680;
const palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

function freshDocument(): Document {
  return parseHTML('<!doctype html><html><head></head><body></body></html>').document as unknown as Document;
}

function render(options: Plot.PlotOptions): string {
  const element = Plot.plot({ ...options, className, document: freshDocument() });
  return element.outerHTML;
}

/** `2026-09-14` or a full timestamp → a Date (UTC). */
function dateOf(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export interface RateWithInterval {
  label: string;
  /** A proportion 0..1; null when nothing was resolved (drawn as no bar). */
  rate: number | null;
  low: number | null;
  high: number | null;
}

export interface RateChartOptions {
  title?: string;
  xLabel?: string;
  width?: number;
}

/**
 * Horizontal bars of a rate per group with its interval as a whisker, in the order
 * given (callers pass them ranked). Used for false-positive rate by cluster.
 */
export function rateIntervalChart(rows: readonly RateWithInterval[], options: RateChartOptions = {}): string {
  const data = rows.map((r) => ({ ...r, label: truncate(r.label, 56) }));
  const longest = Math.max(0, ...data.map((r) => r.label.length));
  const labels = data.map((r) => r.label);
  return render({
    ariaLabel: options.title ?? 'rate by group with 95% intervals',
    width: options.width ?? defaultWidth,
    height: 40 + 24 * Math.max(1, data.length),
    marginLeft: Math.min(320, 12 + longest * 5.8),
    marginRight: 24,
    x: { domain: [0, 1], tickFormat: '.0%', label: options.xLabel ?? 'rate (bar) with 95% interval (whisker) →', grid: true },
    y: { domain: labels, label: null, tickSize: 0 },
    marks: [
      Plot.barX(data.filter((r) => r.rate !== null), { x: 'rate', y: 'label', fill: '#9ecae1' }),
      Plot.ruleY(data.filter((r) => r.low !== null && r.high !== null), { y: 'label', x1: 'low', x2: 'high', stroke: '#08306b', strokeWidth: 1.5 }),
      Plot.tickX(data.filter((r) => r.low !== null), { x: 'low', y: 'label', stroke: '#08306b', inset: 6 }),
      Plot.tickX(data.filter((r) => r.high !== null), { x: 'high', y: 'label', stroke: '#08306b', inset: 6 }),
      Plot.ruleX([0]),
    ],
  });
}

export interface SeriesPoint {
  /** `YYYY-MM-DD` or an RFC 3339 time. */
  date: string;
  value: number;
  /** The line this point belongs to (a team, a measure); one line when absent. */
  series?: string;
}

export interface TimeMarker {
  date: string;
  label: string;
}

export interface LineChartOptions {
  title?: string;
  yLabel?: string;
  width?: number;
  height?: number;
  /** Vertical rules, e.g. config deploys. */
  markers?: readonly TimeMarker[];
  /** The x extent, so charts of one report line up even when data starts late. */
  from?: string;
  to?: string;
}

/**
 * Lines over time, one per series, with labelled vertical markers (deploys).
 * With more than one series, a colour legend is drawn as SVG under the chart so
 * the result stays a single `<svg>` element.
 */
export function lineChart(points: readonly SeriesPoint[], options: LineChartOptions = {}): string {
  const data = points.map((p) => ({ date: dateOf(p.date), value: p.value, series: p.series ?? '' }));
  const seriesNames = [...new Set(data.map((d) => d.series))].sort();
  const markers = (options.markers ?? []).map((m) => ({ date: dateOf(m.date), label: m.label }));
  const multi = seriesNames.length > 1;
  const legendRows = multi ? Math.ceil(seriesNames.length / 4) : 0;
  const domain = options.from && options.to ? [dateOf(options.from), dateOf(options.to)] : undefined;
  const colors = seriesNames.map((_, i) => palette[i % palette.length]!);
  const svg = render({
    ariaLabel: options.title ?? 'values over time',
    width: options.width ?? defaultWidth,
    height: options.height ?? 220,
    marginTop: 24,
    marginRight: 24,
    x: { type: 'utc', domain, label: null },
    y: { label: options.yLabel ?? null, grid: true, zero: true, nice: true },
    color: { domain: seriesNames, range: colors },
    marks: [
      Plot.ruleX(markers, { x: 'date', stroke: '#555', strokeDasharray: '4,3' }),
      // Labels sit inside the frame beside their rule, staggered in three rows so
      // deploys a few days apart do not print over each other; a white halo keeps them legible over lines.
      ...[0, 1, 2].map((row) =>
        Plot.text(markers.filter((_, i) => i % 3 === row), {
          x: 'date', text: 'label', frameAnchor: 'top', textAnchor: 'start', dx: 3, dy: 4 + row * 11,
          fontSize: 9, fill: '#333', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke',
        })),
      Plot.lineY(data, { x: 'date', y: 'value', stroke: multi ? 'series' : palette[0], strokeWidth: 1.6, curve: 'linear', sort: 'date' }),
      Plot.dot(data.length <= 120 ? data : [], { x: 'date', y: 'value', fill: multi ? 'series' : palette[0], r: 1.8 }),
      Plot.ruleY([0]),
    ],
  });
  return multi ? withLegend(svg, seriesNames, colors, legendRows) : svg;
}

/** Adds a swatch legend below a chart by growing its viewBox. */
function withLegend(svg: string, names: readonly string[], colors: readonly string[], rows: number): string {
  const match = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  if (!match) return svg;
  const width = Number(match[1]);
  const height = Number(match[2]);
  const rowHeight = 16;
  const columnWidth = Math.floor((width - 40) / 4);
  const items = names
    .map((name, i) => {
      const x = 40 + (i % 4) * columnWidth;
      const y = height + 6 + Math.floor(i / 4) * rowHeight;
      return `<rect x="${x}" y="${y}" width="10" height="10" fill="${colors[i]}"></rect>` +
        `<text x="${x + 14}" y="${y + 9}" text-anchor="start">${escapeXml(truncate(name, 28))}</text>`;
    })
    .join('');
  const total = height + 8 + rows * rowHeight;
  return svg
    .replace(`viewBox="0 0 ${width} ${height}"`, `viewBox="0 0 ${width} ${total}"`)
    .replace(`height="${height}"`, `height="${total}"`)
    .replace(/<\/svg>$/, `<g aria-label="legend">${items}</g></svg>`);
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
