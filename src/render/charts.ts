import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { withLegend } from './chart-legend.js';
import { fitText, textWidth } from './text-width.js';

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

export interface RateWithInterval {
  /** The row's name, unique within the chart; a `\n` starts a second line (e.g. the --by values). */
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

const labelFontSize = 10;
/** Row labels take at most this share of the width; longer lines are cut (full text in a `<title>`). */
const maxLabelShare = 0.45;
/** Plot's gap between a y tick label and the frame when ticks have no length. */
const labelGap = 9;

/**
 * Horizontal bars of a rate per group with its interval as a whisker, in the order
 * given (callers pass them ranked). Used for false-positive rate by cluster. The left
 * margin is as wide as the longest label line, within maxLabelShare.
 */
export function rateIntervalChart(rows: readonly RateWithInterval[], options: RateChartOptions = {}): string {
  const width = options.width ?? defaultWidth;
  const labels = rows.map((r) => r.label);
  const linesOf = (label: string) => label.split('\n');
  const longest = Math.max(0, ...labels.flatMap((l) => linesOf(l).map((line) => textWidth(line, labelFontSize))));
  const labelRoom = Math.ceil(Math.min(longest, width * maxLabelShare));
  const shown = new Map(labels.map((l) => [l, linesOf(l).map((line) => fitText(line, labelRoom, labelFontSize)).join('\n')]));
  const lines = Math.max(1, ...labels.map((l) => linesOf(l).length));
  const rowHeight = 24 + (lines - 1) * 11;
  return render({
    ariaLabel: options.title ?? 'rate by group with 95% intervals',
    width,
    height: 40 + rowHeight * Math.max(1, rows.length),
    marginLeft: labelRoom + labelGap + 3,
    marginRight: 24,
    x: { domain: [0, 1], tickFormat: '.0%', label: options.xLabel ?? 'rate (bar) with 95% interval (whisker) →', grid: true },
    y: { domain: labels, label: null },
    marks: [
      Plot.axisY({
        tickSize: 0,
        label: null,
        lineHeight: 1.1,
        tickFormat: (l: string) => shown.get(l) ?? l,
        title: (l: string) => (shown.get(l) === l ? null : l.replace('\n', ' · ')),
      }),
      Plot.barX(rows.filter((r) => r.rate !== null), { x: 'rate', y: 'label', fill: '#9ecae1' }),
      Plot.ruleY(rows.filter((r) => r.low !== null && r.high !== null), { y: 'label', x1: 'low', x2: 'high', stroke: '#08306b', strokeWidth: 1.5 }),
      Plot.tickX(rows.filter((r) => r.low !== null), { x: 'low', y: 'label', stroke: '#08306b', inset: 6 }),
      Plot.tickX(rows.filter((r) => r.high !== null), { x: 'high', y: 'label', stroke: '#08306b', inset: 6 }),
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

/** The most lines a chart draws in distinct colours; smaller series beyond it are summed as "other". */
export const maxSeries = 10;
const otherColor = '#7f7f7f';
const markerFontSize = 9;
const lineMargin = { left: 40, right: 24 };

/**
 * Lines over time, one per series, with labelled vertical markers (deploys).
 * With more than one series, a colour legend is drawn as SVG under the chart so
 * the result stays a single `<svg>` element. Beyond maxSeries the smallest series
 * (by total) are drawn as one grey "other" line, named in the legend.
 */
export function lineChart(points: readonly SeriesPoint[], options: LineChartOptions = {}): string {
  const width = options.width ?? defaultWidth;
  const { data, names, colors, legend } = coloredSeries(points);
  const multi = names.length > 1;
  const markers = (options.markers ?? []).map((m) => ({ date: dateOf(m.date), label: m.label }));
  const domain: [Date, Date] | undefined = options.from && options.to ? [dateOf(options.from), dateOf(options.to)] : undefined;
  const extent = domain ?? timeExtent([...data.map((d) => d.date), ...markers.map((m) => m.date)]);
  const svg = render({
    ariaLabel: options.title ?? 'values over time',
    width,
    height: options.height ?? 220,
    marginTop: 24,
    marginLeft: lineMargin.left,
    marginRight: lineMargin.right,
    x: { type: 'utc', domain, label: null },
    y: { label: options.yLabel ?? null, grid: true, zero: true, nice: true },
    color: { domain: names, range: colors },
    marks: [
      Plot.ruleX(markers, { x: 'date', stroke: '#555', strokeDasharray: '4,3' }),
      // Labels sit inside the frame beside their rule, staggered in three rows so
      // deploys a few days apart do not print over each other; a white halo keeps them legible over lines.
      ...markers.map((marker, i) => {
        const side = markerLabelSide(marker, extent, width);
        return Plot.text([marker], {
          x: 'date', text: 'label', frameAnchor: 'top', textAnchor: side, dx: side === 'start' ? 3 : -3, dy: 4 + (i % 3) * 11,
          fontSize: markerFontSize, fill: '#333', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke',
        });
      }),
      Plot.lineY(data, { x: 'date', y: 'value', stroke: multi ? 'series' : colors[0], strokeWidth: 1.6, curve: 'linear', sort: 'date' }),
      Plot.dot(data.length <= 120 ? data : [], { x: 'date', y: 'value', fill: multi ? 'series' : colors[0], r: 1.8 }),
      Plot.ruleY([0]),
    ],
  });
  return multi ? withLegend(svg, legend) : svg;
}

/**
 * A marker's label reads to the right of its rule, or to the left ("end") when it
 * would run past the plot's right edge.
 */
export function markerLabelSide(marker: { date: Date; label: string }, extent: [Date, Date] | undefined, width: number): 'start' | 'end' {
  if (!extent) return 'start';
  const [from, to] = extent.map((d) => d.getTime()) as [number, number];
  const inner = width - lineMargin.left - lineMargin.right;
  const x = lineMargin.left + (to > from ? ((marker.date.getTime() - from) / (to - from)) * inner : 0);
  return x + 3 + textWidth(marker.label, markerFontSize) > width - lineMargin.right ? 'end' : 'start';
}

function timeExtent(dates: readonly Date[]): [Date, Date] | undefined {
  if (dates.length === 0) return undefined;
  const times = dates.map((d) => d.getTime());
  return [new Date(Math.min(...times)), new Date(Math.max(...times))];
}

/**
 * The series in name order with one distinct colour each; past maxSeries, the
 * largest maxSeries − 1 keep theirs and the rest are summed per date as "other".
 */
function coloredSeries(points: readonly SeriesPoint[]) {
  const rows = points.map((p) => ({ date: dateOf(p.date), value: p.value, series: p.series ?? '' }));
  const all = [...new Set(rows.map((d) => d.series))].sort();
  if (all.length <= maxSeries) {
    const colors = all.map((_, i) => palette[i]!);
    return { data: rows, names: all, colors, legend: all.map((name, i) => ({ name, color: colors[i]! })) };
  }
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.series, (totals.get(r.series) ?? 0) + r.value);
  const kept = new Set([...all].sort((a, b) => totals.get(b)! - totals.get(a)! || a.localeCompare(b)).slice(0, maxSeries - 1));
  const folded = all.filter((name) => !kept.has(name));
  const other = `other (${folded.length})`;
  const sums = new Map<number, number>();
  for (const r of rows) if (!kept.has(r.series)) sums.set(r.date.getTime(), (sums.get(r.date.getTime()) ?? 0) + r.value);
  const data = [
    ...rows.filter((r) => kept.has(r.series)),
    ...[...sums].map(([time, value]) => ({ date: new Date(time), value, series: other })),
  ];
  const names = [...all.filter((name) => kept.has(name)), other];
  const colors = [...palette.filter((c) => c !== otherColor).slice(0, maxSeries - 1), otherColor];
  const legend = names.map((name, i) => ({ name: name === other ? `other: ${folded.join(', ')}` : name, color: colors[i]! }));
  return { data, names, colors, legend };
}
