import * as Plot from '@observablehq/plot';
import { defaultWidth, renderSvg } from './plot-svg.js';
import { fitText, textWidth } from './text-width.js';

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
  return renderSvg({
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

