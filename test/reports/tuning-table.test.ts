import { describe, expect, it } from 'vitest';
import type { TuningComparison, VersionOutcome } from '../../src/analytics/tuning.js';
import { getRenderer } from '../../src/render/handlebars.js';

const side = (config_version: string, median: number): VersionOutcome => ({
  config_version, events: 1000, escalations: 10, escalations_per_1k: 10, resolved: 10, false_positives: 5,
  false_positive_rate: 0.5, ci_low: 0.2, ci_high: 0.8, true_positives: 5, median_minutes_to_resolve: median,
});

/** The tuning report's before/after table, rendered from the template for one comparison. */
function medianRow(before: number, after: number): string[] {
  const comparison: TuningComparison = {
    before: side('1.0.0', before), after: side('1.1.0', after),
    change: { escalations_per_1k: 0, false_positive_rate: 0, median_minutes_to_resolve: after - before, escalation_rate_p_value: 1, false_positive_rate_p_value: 1 },
    verdict: 'inconclusive',
  };
  const html = getRenderer().render('reports/tuning', { report: { definitions: [], limitations: [] }, comparison });
  const row = /<tr><td>Median time to resolve<\/td>(.*?)<\/tr>/.exec(html)?.[1];
  expect(row).toBeDefined();
  return [...row!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]!);
}

describe('tuning report: median time to resolve', () => {
  it('gives the change in the unit of the values beside it (hours beside hours)', () => {
    expect(medianRow(180, 300)).toEqual(['3.0 h', '5.0 h', '+2.0 h', '']);
  });

  it('keeps minutes for minutes, and days for days', () => {
    expect(medianRow(45, 30)).toEqual(['45 min', '30 min', '−15 min', '']);
    expect(medianRow(2880, 5760)).toEqual(['2.0 d', '4.0 d', '+2.0 d', '']);
  });
});
