import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tuningComparison } from '../../src/analytics/tuning.js';
import type { Store } from '../../src/store/database.js';
import { fixtureNow, fixtureStore } from './fixture.js';

let store: Store;
let cleanup: () => void;
beforeAll(async () => ({ store, cleanup } = await fixtureStore()));
afterAll(() => cleanup());

const violence = { config_id: 'cfg_support', policy: 'human-oversight', reason_code: 'violence_terms' };

describe('tuningComparison (queries/tuning_version_comparison.sql)', () => {
  it('shows the narrowing 1.0.0 → 1.1.0 as improved, with hand-worked numbers', async () => {
    const result = await tuningComparison(store, { ...violence, before: '1.0.0', after: '1.1.0' }, 'everyone', fixtureNow);
    expect(Object.keys(result).sort()).toEqual(['after', 'before', 'change', 'verdict']);
    // Before: 40 events, 10 escalations (250 per 1k), 9 resolved (one duplicate), 6 FP, 2 TP;
    // minutes to resolve 25 30 45 50 60 70 90 100 120 → median 60.
    expect(result.before).toMatchObject({
      config_version: '1.0.0', events: 40, escalations: 10, escalations_per_1k: 250, resolved: 9,
      false_positives: 6, true_positives: 2, median_minutes_to_resolve: 60,
    });
    expect(result.before.ci_low).toBeCloseTo(0.354202, 5);
    // After: 2 escalations (50 per 1k), both true positives, resolved in 40 and 80 minutes.
    expect(result.after).toMatchObject({
      config_version: '1.1.0', events: 40, escalations: 2, escalations_per_1k: 50, resolved: 2,
      false_positives: 0, false_positive_rate: 0, ci_low: 0, true_positives: 2, median_minutes_to_resolve: 60,
    });
    expect(result.after.ci_high).toBeCloseTo(0.657620, 5);
    expect(Object.keys(result.before).sort()).toEqual(['ci_high', 'ci_low', 'config_version', 'escalations', 'escalations_per_1k', 'events',
      'false_positive_rate', 'false_positives', 'median_minutes_to_resolve', 'resolved', 'true_positives']);
    // Escalation rate 10/40 vs 2/40: z = 2.5049, p = 0.012249. FP rate 6/9 vs 0/2:
    // pooled 6/11, se = 0.389249, z = 1.7127, p = 0.086768 (not significant, but it fell).
    expect(result.change.escalations_per_1k).toBe(-200);
    expect(result.change.false_positive_rate).toBeCloseTo(-2 / 3, 12);
    expect(result.change.median_minutes_to_resolve).toBe(0);
    expect(result.change.escalation_rate_p_value).toBeCloseTo(0.012249, 5);
    expect(result.change.false_positive_rate_p_value).toBeCloseTo(0.086768, 5);
    expect(result.verdict).toBe('improved');
  });

  it('calls a significant rise regressed and no movement inconclusive', async () => {
    // pii-detector had no escalations under 1.1.0 and 12 of 40 events under 1.2.0: p = 0.000172.
    const pii = await tuningComparison(store, { config_id: 'cfg_support', policy: 'pii-detector', before: '1.1.0', after: '1.2.0' }, 'everyone', fixtureNow);
    expect(pii.change.escalation_rate_p_value).toBeCloseTo(0.000172, 5);
    expect(pii.verdict).toBe('regressed');
    const flat = await tuningComparison(store, { ...violence, before: '1.1.0', after: '1.2.0' }, 'everyone', fixtureNow);
    expect(flat.change.escalation_rate_p_value).toBeCloseTo(1, 6);
    expect(flat.change.false_positive_rate_p_value).toBeNull();
    expect(flat.verdict).toBe('inconclusive');
  });

  it('counts only the viewer\'s teams', async () => {
    const viewer = { id: 'rita', role: 'compliance' as const, teams: ['green'] };
    const result = await tuningComparison(store, { ...violence, before: '1.0.0', after: '1.1.0' }, viewer, fixtureNow);
    // Green: 10 events per version; the duplicate and the benign positive under 1.0.0, nothing under 1.1.0.
    expect(result.before).toMatchObject({ events: 10, escalations: 2, resolved: 1, false_positives: 0 });
    expect(result.after).toMatchObject({ events: 10, escalations: 0, resolved: 0, false_positive_rate: null });
  });

  it('refuses a version without traffic, naming it', async () => {
    await expect(tuningComparison(store, { ...violence, before: '1.0.0', after: '9.9.9' }, 'everyone', fixtureNow))
      .rejects.toThrow(/cfg_support version 9\.9\.9/);
    await expect(tuningComparison(store, { ...violence, before: '1.0.0' } as never, 'everyone', fixtureNow)).rejects.toThrow(/after/);
  });
});
