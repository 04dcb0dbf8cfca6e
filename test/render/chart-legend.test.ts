import { describe, expect, it } from 'vitest';
import { withLegend } from '../../src/render/chart-legend.js';

const chart = '<svg viewBox="0 0 680 220" height="220" width="680"><g></g></svg>';

describe('chart legend', () => {
  it('grows the chart by its rows and names every entry with its colour', () => {
    const svg = withLegend(chart, [{ name: 'a', color: '#111111' }, { name: 'b & c', color: '#222222' }]);
    expect(svg).toContain('viewBox="0 0 680 244"');
    expect(svg).toContain('fill="#111111"');
    expect(svg).toContain('>b &amp; c</text>');
  });

  it('wraps entries to a new row when the row is full', () => {
    const entries = Array.from({ length: 12 }, (_, i) => ({ name: `employment_decision_${i}`, color: '#333333' }));
    const rows = new Set([...withLegend(chart, entries).matchAll(/<rect [^>]*y="(\d+)"/g)].map((m) => m[1]));
    expect(rows.size).toBeGreaterThan(1);
  });

  it('cuts a name wider than the chart and keeps it whole in a <title>', () => {
    const name = `other: ${Array.from({ length: 20 }, (_, i) => `reason_code_${i}`).join(', ')}`;
    const svg = withLegend(chart, [{ name, color: '#7f7f7f' }, { name: 'x', color: '#1f77b4' }]);
    expect(svg).toContain(`<title>${name}</title>`);
    expect(svg).toContain('…');
  });
});
