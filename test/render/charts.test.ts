import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineChart, rateIntervalChart } from '../../src/render/charts.js';
import { expectedDir } from '../reports/fixture.js';

describe('charts', () => {
  it('draws FP rate bars with interval whiskers as committed (golden SVG)', () => {
    const svg = rateIntervalChart([
      { label: '1. human-oversight / violence_terms 1.0.0', rate: 6 / 9, low: 0.354202, high: 0.879410 },
      { label: '2. pii-detector / pii_detected 1.2.0', rate: 3 / 8, low: 0.136860, high: 0.694346 },
      { label: '3. nothing resolved', rate: null, low: null, high: null },
    ]);
    const file = join(expectedDir, 'chart-rate-interval.svg');
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, svg);
    expect(svg).toBe(readFileSync(file, 'utf8'));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('1. human-oversight / violence_terms 1.0.0');
  });

  it('labels only whole numbers on a chart of small counts', () => {
    const points = [{ date: '2026-09-01', value: 1 }, { date: '2026-09-02', value: 0 }, { date: '2026-09-03', value: 1 }];
    const counted = lineChart(points, { counts: true });
    expect(counted).not.toMatch(/>\d\.\d</);
    expect(counted).toMatch(/>0</);
    expect(counted).toMatch(/>1</);
    // Without the option Plot ticks at fifths, which a count never is.
    expect(lineChart(points)).toMatch(/>0\.[0-9]</);
  });

  it('marks deploys and adds a legend when there are several series', () => {
    const svg = lineChart(
      [
        { date: '2026-09-01', value: 3, series: 'red' },
        { date: '2026-09-02', value: 5, series: 'red' },
        { date: '2026-09-01', value: 1, series: 'blue' },
        { date: '2026-09-02', value: 0, series: 'blue' },
      ],
      { markers: [{ date: '2026-09-01T12:00:00Z', label: 'cfg 1.1.0' }] },
    );
    expect(svg).toContain('cfg 1.1.0');
    expect(svg).toContain('aria-label="legend"');
    expect(svg.match(/<\/svg>/g)).toHaveLength(1);
  });
});

/** The fill of every legend swatch, in legend order. */
function legendFills(svg: string): string[] {
  const legend = svg.slice(svg.indexOf('aria-label="legend"'));
  return [...legend.matchAll(/<rect [^>]*fill="([^"]+)"/g)].map((m) => m[1]!);
}

function dailySeries(names: readonly string[]) {
  return names.flatMap((series, i) => [
    { date: '2026-09-01', value: i + 1, series },
    { date: '2026-09-02', value: i + 2, series },
  ]);
}

describe('line chart colours', () => {
  it('gives each of ten series its own colour, and the legend one swatch per series', () => {
    const names = Array.from({ length: 10 }, (_, i) => `reason_${String(i).padStart(2, '0')}`);
    const fills = legendFills(lineChart(dailySeries(names)));
    expect(fills).toHaveLength(10);
    expect(new Set(fills).size).toBe(10);
  });

  it('beyond ten series keeps the largest nine apart and sums the rest as a named "other"', () => {
    const names = Array.from({ length: 12 }, (_, i) => `reason_${String(i).padStart(2, '0')}`);
    const svg = lineChart(dailySeries(names));
    const fills = legendFills(svg);
    expect(fills).toHaveLength(10);
    expect(new Set(fills).size).toBe(10);
    // The three smallest (values 1–3 and 2–4) are the ones folded.
    expect(svg).toContain('other: reason_00, reason_01, reason_02');
    expect(svg).toContain('reason_11');
    expect(svg.match(/<\/svg>/g)).toHaveLength(1);
  });
});

describe('deploy marker labels', () => {
  const points = [{ date: '2026-07-01', value: 1 }, { date: '2026-09-30', value: 2 }];
  function anchorOf(svg: string, label: string): string | undefined {
    const at = svg.indexOf(`>${label}</text>`);
    const group = svg.lastIndexOf('<g ', at);
    return /text-anchor="(\w+)"/.exec(svg.slice(group, at))?.[1];
  }

  it('read to the right of the rule, but end at it near the right edge so they stay inside the plot', () => {
    const svg = lineChart(points, {
      from: '2026-07-01', to: '2026-09-30',
      markers: [{ date: '2026-07-30T09:00:00Z', label: 'cfg_legal_prod 1.4.0' }, { date: '2026-09-28T14:00:00Z', label: 'cfg_legal_prod 1.5.0' }],
    });
    expect(anchorOf(svg, 'cfg_legal_prod 1.4.0')).toBe('start');
    expect(anchorOf(svg, 'cfg_legal_prod 1.5.0')).toBe('end');
  });
});

describe('rate chart labels', () => {
  const rate = { rate: 0.5, low: 0.3, high: 0.7 };
  function barX(svg: string): number {
    return Number(/aria-label="bar"><rect [^>]*x="([\d.]+)"/.exec(svg)?.[1]);
  }

  it('gets a left margin as wide as its longest label', () => {
    const short = rateIntervalChart([{ label: '1. pii / card 1.0', ...rate }]);
    const long = rateIntervalChart([{ label: '1. human-oversight / employment_decision 2.4.0', ...rate }]);
    expect(barX(long)).toBeGreaterThan(barX(short) + 100);
  });

  it('prints a second label line (the --by values) under the first, whole', () => {
    const svg = rateIntervalChart([{ label: '1. human-oversight / violence_terms 2.3.0\nsupport · gpt-4o-mini', ...rate }]);
    expect(svg).toContain('>1. human-oversight / violence_terms 2.3.0</tspan>');
    expect(svg).toContain('>support · gpt-4o-mini</tspan>');
    expect(svg).not.toContain('…');
  });

  it('cuts a label wider than the cap and keeps the full text in a <title>', () => {
    const label = `1. ${'very_long_policy_name_'.repeat(6)}`;
    const svg = rateIntervalChart([{ label, ...rate }]);
    expect(svg).toContain('…');
    expect(svg).toContain(`<title>${label}</title>`);
    expect(barX(svg)).toBeLessThanOrEqual(680 * 0.45 + 12);
  });
});
