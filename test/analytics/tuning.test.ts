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

  it('refuses a policy or reason code that neither version knows, naming it and the known ones', async () => {
    const unknownPolicy = tuningComparison(store, { config_id: 'cfg_support', policy: 'nope', before: '1.0.0', after: '1.1.0' }, 'everyone', fixtureNow);
    await expect(unknownPolicy).rejects.toMatchObject({
      code: 'not_found',
      message: 'Policy nope is not known in config cfg_support 1.0.0 or 1.1.0: no stored event carries it and neither configuration defines it; known policies: human-oversight.',
    });
    // pii-detector exists, but only from 1.2.0 on.
    await expect(tuningComparison(store, { config_id: 'cfg_support', policy: 'pii-detector', before: '1.0.0', after: '1.1.0' }, 'everyone', fixtureNow))
      .rejects.toMatchObject({ code: 'not_found', details: { policy: 'pii-detector', known_policies: ['human-oversight'] } });
    await expect(tuningComparison(store, { ...violence, reason_code: 'nope', before: '1.0.0', after: '1.1.0' }, 'everyone', fixtureNow)).rejects.toMatchObject({
      code: 'not_found',
      message: 'Reason code nope is not known for policy human-oversight in config cfg_support 1.0.0 or 1.1.0: no stored event carries it and neither configuration defines it; known reason codes: violence_terms.',
    });
  });

  it('answers zeros for a known policy without escalations in scope (the viewer\'s teams do not decide what is known)', async () => {
    const viewer = { id: 'rita', role: 'compliance' as const, teams: ['green'] };
    const green = await tuningComparison(store, { ...violence, before: '1.1.0', after: '1.2.0' }, viewer, fixtureNow);
    expect([green.before.escalations, green.after.escalations]).toEqual([0, 0]);
    expect(green.verdict).toBe('inconclusive');
  });

  it('refuses to compare a version with itself', async () => {
    await expect(tuningComparison(store, { ...violence, before: '1.1.0', after: '1.1.0' }, 'everyone', fixtureNow)).rejects.toMatchObject({
      code: 'bad_input',
      message: 'The before and after versions are both 1.1.0: a version compared with itself shows no change; give two different versions of config cfg_support.',
    });
  });
});

describe('tuningComparison of a policy only a configuration defines', () => {
  let own: Awaited<ReturnType<typeof fixtureStore>>;
  beforeAll(async () => {
    own = await fixtureStore();
    // 1.1.0's configuration gains a policy no stored event carries (yet).
    await own.store.run(`UPDATE configs SET document = json_merge_patch(document, '{"policies": {"policy": {"jailbreak-guard": {"action": "escalate", "rules": [{"reason_code": "jailbreak", "match": {"any": ["ignore previous instructions"]}}]}}}}')
      WHERE config_id = 'cfg_support' AND version = '1.1.0'`);
  });
  afterAll(() => own.cleanup());

  it('counts it as known and answers with its (zero) numbers', async () => {
    const result = await tuningComparison(own.store, { config_id: 'cfg_support', policy: 'jailbreak-guard', reason_code: 'jailbreak', before: '1.0.0', after: '1.1.0' }, 'everyone', fixtureNow);
    expect(result).toMatchObject({ before: { escalations: 0 }, after: { escalations: 0 }, verdict: 'inconclusive' });
    await expect(tuningComparison(own.store, { config_id: 'cfg_support', policy: 'jailbreak-guard', reason_code: 'toxicity', before: '1.0.0', after: '1.1.0' }, 'everyone', fixtureNow))
      .rejects.toMatchObject({ code: 'not_found', details: { known_reason_codes: ['jailbreak'] } });
  });
});
