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
