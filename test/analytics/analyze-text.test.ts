import { describe, expect, it } from 'vitest';
import { tuningText } from '../../src/cli/analyze-text.js';
import type { TuningComparison, VersionOutcome } from '../../src/analytics/tuning.js';

const side = (config_version: string, escalations_per_1k: number, median: number): VersionOutcome => ({
  config_version, events: 1000, escalations: escalations_per_1k, escalations_per_1k, resolved: 10, false_positives: 5,
  false_positive_rate: 0.5, ci_low: null, ci_high: null, true_positives: 5, median_minutes_to_resolve: median,
});

describe('kt analyze tuning as text', () => {
  it('prints a change that rounds to zero as 0.0, without a sign', () => {
    const comparison: TuningComparison = {
      before: side('1.0.0', 10.02, 60.02),
      after: side('1.1.0', 10.0, 60.05),
      change: { escalations_per_1k: -0.02, false_positive_rate: 0.0002, median_minutes_to_resolve: 0.03, escalation_rate_p_value: 0.9, false_positive_rate_p_value: 0.9 },
      verdict: 'inconclusive',
    };
    const text = tuningText(comparison);
    expect(text).toContain('\nescalations per 1k: 0.0 (p = 0.900)');
    expect(text).toContain('\nfalse-positive rate: 0.0 points (p = 0.900)');
    expect(text).toContain('\nmedian minutes to resolve: 0.0\n');
  });

  it('keeps the sign of a change that does not round to zero', () => {
    const comparison: TuningComparison = {
      before: side('1.0.0', 10, 60),
      after: side('1.1.0', 9.9, 62),
      change: { escalations_per_1k: -0.1, false_positive_rate: 0.051, median_minutes_to_resolve: 2, escalation_rate_p_value: 0.5, false_positive_rate_p_value: 0.5 },
      verdict: 'inconclusive',
    };
    const text = tuningText(comparison);
    expect(text).toContain('escalations per 1k: -0.1 (');
    expect(text).toContain('false-positive rate: +5.1 points (');
    expect(text).toContain('median minutes to resolve: +2.0\n');
  });
});
