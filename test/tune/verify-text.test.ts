import { describe, expect, it } from 'vitest';
import { metricSentence, type MetricCheck } from '../../src/tune/verify.js';

const perK = (v: number) => v.toFixed(1);
const check = (predicted: number, measured: number): MetricCheck => ({
  predicted, measured, interval: [predicted - 1, predicted + 1],
  absolute_difference: measured - predicted, relative_difference: predicted === 0 ? null : (measured - predicted) / predicted,
  within_interval: true,
});

describe('tune verify sentences', () => {
  it('print a difference that shows as zero without a sign, and others with theirs', () => {
    expect(metricSentence('escalations per 1k events', check(2.5, 2.5), 'predicted', perK, perK))
      .toBe('escalations per 1k events predicted 2.5, measured 2.5 (0.0, 0%, within the predicted interval)');
    expect(metricSentence('escalations per 1k events', check(2.5, 2.52), 'predicted', perK, perK))
      .toBe('escalations per 1k events predicted 2.5, measured 2.5 (0.0, +1%, within the predicted interval)');
    expect(metricSentence('escalations per 1k events', check(2.5, 1.2), 'predicted', perK, perK))
      .toBe('escalations per 1k events predicted 2.5, measured 1.2 (-1.3, -52%, within the predicted interval)');
    expect(metricSentence('escalations per 1k events', check(1.2, 2.5), 'predicted', perK, perK))
      .toBe('escalations per 1k events predicted 1.2, measured 2.5 (+1.3, +108%, within the predicted interval)');
  });
});
