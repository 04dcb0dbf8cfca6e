import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, per1k, twoProportionPValue, wilsonInterval } from '../../src/analytics/stats.js';

describe('wilsonInterval', () => {
  it('matches the hand-worked interval for 6 of 9', () => {
    // p = 2/3, z² = 3.841459; centre = (0.666667 + 0.213414) / 1.426829 = 0.616806,
    // margin = 1.959964 · √(0.024691 + 0.011856) / 1.426829 = 0.262604.
    const interval = wilsonInterval(6, 9)!;
    expect(interval.low).toBeCloseTo(0.354202, 5);
    expect(interval.high).toBeCloseTo(0.879416, 5);
  });

  it('stays inside [0, 1] at the edges: 0 of 2 gives [0, z²/(n+z²)]', () => {
    const interval = wilsonInterval(0, 2)!;
    expect(interval.low).toBe(0);
    expect(interval.high).toBeCloseTo(3.841459 / 5.841459, 5);
    expect(wilsonInterval(5, 5)!.high).toBe(1);
  });

  it('has no interval without trials', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('twoProportionPValue', () => {
  it('matches the hand-worked pooled z-test for 10/40 vs 2/40', () => {
    // pooled 0.15, se = √(0.15·0.85·(1/40+1/40)) = 0.079844, z = 0.2/0.079844 = 2.5049, p = 2(1−Φ(z)).
    expect(twoProportionPValue(10, 40, 2, 40)).toBeCloseTo(0.012249, 5);
  });

  it('is symmetric and two-sided', () => {
    expect(twoProportionPValue(2, 40, 10, 40)).toBeCloseTo(twoProportionPValue(10, 40, 2, 40)!, 12);
    expect(twoProportionPValue(6, 9, 0, 2)).toBeCloseTo(0.086768, 5);
  });

  it('is 1 for equal rates and null when there is nothing to test', () => {
    expect(twoProportionPValue(3, 30, 3, 30)).toBeCloseTo(1, 6);
    expect(twoProportionPValue(0, 10, 0, 10)).toBeNull();
    expect(twoProportionPValue(1, 0, 1, 10)).toBeNull();
  });
});

describe('normal distribution', () => {
  it('agrees with tabulated values', () => {
    expect(erfc(1)).toBeCloseTo(0.1572992, 6);
    expect(erfc(-1)).toBeCloseTo(1.8427008, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
  });

  it('gives rates per 1,000 only when there were events', () => {
    expect(per1k(10, 40)).toBe(250);
    expect(per1k(1, 0)).toBeNull();
  });
});
