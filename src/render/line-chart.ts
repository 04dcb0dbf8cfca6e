import * as Plot from '@observablehq/plot';
import { withLegend } from './chart-legend.js';
import { dateOf, defaultWidth, palette, renderSvg } from './plot-svg.js';
import { textWidth } from './text-width.js';

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
  /** The values are counts: the y axis never labels a fraction (1 event, not 0.8). */
  counts?: boolean;
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
  const svg = renderSvg({
    ariaLabel: options.title ?? 'values over time',
    width,
    height: options.height ?? 220,
    marginTop: 24,
    marginLeft: lineMargin.left,
    marginRight: lineMargin.right,
    x: { type: 'utc', domain, label: null },
    y: { label: options.yLabel ?? null, grid: true, zero: true, nice: true, ...(options.counts ? countTicks(data.map((d) => d.value)) : {}) },
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

/**
 * Whole-number ticks for small counts: below five, Plot's default ticks fall on halves or fifths
 * (0.2, 0.4 …), which no count can be. Above, its ticks are whole already.
 */
function countTicks(values: readonly number[]): { ticks?: number[]; tickFormat?: string } {
  const top = Math.ceil(Math.max(1, ...values));
  return top < 5 ? { ticks: Array.from({ length: top + 1 }, (_, i) => i), tickFormat: 'd' } : {};
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
