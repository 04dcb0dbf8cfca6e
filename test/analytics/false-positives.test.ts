import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { falsePositiveClusters } from '../../src/analytics/false-positives.js';
import type { Store } from '../../src/store/database.js';
import { fixtureNow, fixtureStore } from './fixture.js';

let store: Store;
let cleanup: () => void;
beforeAll(async () => ({ store, cleanup } = await fixtureStore()));
afterAll(() => cleanup());

const keyOf = (c: { policy: string | null; config_version: string | null }) => `${c.policy}@${c.config_version}`;

describe('falsePositiveClusters (queries/fp_clusters.sql)', () => {
  it('counts each rule version by hand-worked numbers, most false positives first', async () => {
    const clusters = await falsePositiveClusters(store, {}, 'everyone', fixtureNow);
    // 1.0.0 violence: 10 escalations; 1 duplicate is not "resolved" → 9; 6 FP, 1 benign, 2 TP.
    // 1.2.0 pii: 12 escalations, 4 still open → 8 resolved; 3 FP, 1 benign, 4 TP.
    // The two FP-free clusters tie; version order breaks the tie.
    expect(clusters.map(keyOf)).toEqual(['human-oversight@1.0.0', 'pii-detector@1.2.0', 'human-oversight@1.1.0', 'human-oversight@1.2.0']);
    const [first, second] = clusters;
    expect(first).toMatchObject({
      reason_code: 'violence_terms', config_id: 'cfg_support', escalations: 10, resolved: 9, false_positives: 6,
      benign_positives: 1, true_positives: 2, teams: ['blue', 'green', 'red'],
      first_seen: '2026-09-01T01:00:00.000Z', last_seen: '2026-09-06T05:00:00.000Z',
    });
    expect(first!.false_positive_rate).toBeCloseTo(6 / 9, 12);
    expect(first!.ci_low).toBeCloseTo(0.354202, 5);
    expect(first!.ci_high).toBeCloseTo(0.879416, 5);
    expect(second).toMatchObject({ escalations: 12, resolved: 8, false_positives: 3, benign_positives: 1, true_positives: 4, teams: ['blue', 'red'] });
    // Wilson for 3/8: centre (0.375 + 0.240091)/1.480182 = 0.415550, margin 0.278706.
    expect(second!.ci_low).toBeCloseTo(0.136844, 5);
    expect(second!.ci_high).toBeCloseTo(0.694258, 5);
  });

  it('returns exactly the documented keys, plus the --by dimensions', async () => {
    const base = ['policy', 'reason_code', 'config_id', 'config_version', 'escalations', 'resolved', 'false_positives',
      'benign_positives', 'true_positives', 'false_positive_rate', 'ci_low', 'ci_high', 'teams', 'first_seen', 'last_seen', 'top_terms'];
    const [plain] = await falsePositiveClusters(store, {}, 'everyone', fixtureNow);
    expect(Object.keys(plain!).sort()).toEqual([...base].sort());
    const [split] = await falsePositiveClusters(store, { by: 'team,model' }, 'everyone', fixtureNow);
    expect(Object.keys(split!).sort()).toEqual([...base, 'team', 'model'].sort());
  });

  it('splits by team with --by team', async () => {
    const clusters = await falsePositiveClusters(store, { by: ['team'], min_resolved: 3 }, 'everyone', fixtureNow);
    // 3 FP of 4 for both red and blue in 1.0.0 (tie on rate: team name decides), then pii red 2/4, pii blue 1/4.
    expect(clusters.map((c) => [c.config_version, c.team, c.false_positives, c.resolved])).toEqual([
      ['1.0.0', 'blue', 3, 4],
      ['1.0.0', 'red', 3, 4],
      ['1.2.0', 'red', 2, 4],
      ['1.2.0', 'blue', 1, 4],
    ]);
  });

  it('counts only the false positives of one cause with --cause policy_logic', async () => {
    const clusters = await falsePositiveClusters(store, { cause: 'policy_logic' }, 'everyone', fixtureNow);
    // The photo request was detector_data; the ticket-number one has no cause.
    expect(clusters.slice(0, 2).map((c) => [keyOf(c), c.false_positives, c.resolved])).toEqual([
      ['human-oversight@1.0.0', 5, 9],
      ['pii-detector@1.2.0', 2, 8],
    ]);
  });

  it('leaves out small clusters with --min-resolved and honours --since/--until', async () => {
    const big = await falsePositiveClusters(store, { min_resolved: 3 }, 'everyone', fixtureNow);
    expect(big.map(keyOf)).toEqual(['human-oversight@1.0.0', 'pii-detector@1.2.0']);
    const week2 = await falsePositiveClusters(store, { since: '2026-09-08T00:00:00Z', until: '2026-09-15T00:00:00Z' }, 'everyone', fixtureNow);
    expect(week2.map(keyOf)).toEqual(['human-oversight@1.1.0']);
    const lastWeek = await falsePositiveClusters(store, { since: '7d' }, 'everyone', fixtureNow);
    expect(lastWeek.map(keyOf)).toEqual(['pii-detector@1.2.0', 'human-oversight@1.2.0']);
  });

  it('ranks the terms that separate false positives from true positives (Fightin\' Words z)', async () => {
    const [first] = await falsePositiveClusters(store, { terms: 3 }, 'everyone', fixtureNow);
    // Cluster 1.0.0: 58 term occurrences in its false positives, 15 in its true positives;
    // α₀ = 58 + 15 = 73; the background is all 26 escalated requests (193 occurrences).
    // "python": y_fp 5, y_tp 0, background 5 → α = 73·5/193 = 1.891192;
    //   δ = ln(6.891192/124.108808) − ln(1.891192/86.108808) = 0.927490,
    //   σ² = 1/6.891192 + 1/1.891192 = 0.673880, z = 1.129843.
    // "python process": y_fp 4, background 4 → α = 1.512953, δ = 0.920829, σ² = 0.842350, z = 1.003304.
    // "process" has the same counts as "python"; ties go alphabetically.
    expect(first!.top_terms.map((t) => t.term)).toEqual(['process', 'python', 'python process']);
    expect(first!.top_terms[1]).toMatchObject({ term: 'python', false_positives: 5, true_positives: 0 });
    expect(first!.top_terms[1]!.z).toBeCloseTo(1.129843, 5);
    expect(first!.top_terms[2]!.z).toBeCloseTo(1.003304, 5);
    // "kill" is in the true positives too, and bare numbers are never terms.
    const all = await falsePositiveClusters(store, { terms: 50 }, 'everyone', fixtureNow);
    expect(all[0]!.top_terms.map((t) => t.term)).not.toContain('kill');
    expect(all[1]!.top_terms.map((t) => t.term)).not.toContain('12345');
    // --cause policy_logic leaves the photo request out of the false positives: python 4, z 1.043816.
    const [logic] = await falsePositiveClusters(store, { terms: 2, cause: 'policy_logic' }, 'everyone', fixtureNow);
    expect(logic!.top_terms.map((t) => [t.term, t.false_positives])).toEqual([['process', 4], ['python', 4]]);
    expect(logic!.top_terms[1]!.z).toBeCloseTo(1.043816, 5);
  });

  it('counts only the teams a limited viewer may see', async () => {
    const viewer = { id: 'rita', role: 'policy_owner' as const, teams: ['red'] };
    const [first] = await falsePositiveClusters(store, {}, viewer, fixtureNow);
    expect(first).toMatchObject({ config_version: '1.0.0', escalations: 4, resolved: 4, false_positives: 3, true_positives: 1, teams: ['red'] });
    await expect(falsePositiveClusters(store, { team: 'blue' }, viewer, fixtureNow)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('names the offending flag when input is wrong', async () => {
    await expect(falsePositiveClusters(store, { by: 'colour' }, 'everyone', fixtureNow)).rejects.toThrow(/team, provider, model/);
    await expect(falsePositiveClusters(store, { since: 'last tuesday' }, 'everyone', fixtureNow)).rejects.toThrow(/--since "last tuesday"/);
  });
});
