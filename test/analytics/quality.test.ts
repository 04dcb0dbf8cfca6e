import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolutionQuality } from '../../src/analytics/quality.js';
import type { Store } from '../../src/store/database.js';
import { fixtureNow, fixtureStore } from './fixture.js';

let store: Store;
let cleanup: () => void;
beforeAll(async () => ({ store, cleanup } = await fixtureStore()));
afterAll(() => cleanup());

describe('resolutionQuality (queries/quality_*.sql)', () => {
  it('finds empty, near-empty and boilerplate notes per reviewer', async () => {
    const report = await resolutionQuality(store, {}, 'everyone', fixtureNow);
    expect(Object.keys(report).sort()).toEqual(['disagreements', 'false_positives_without_cause', 'shallow_resolutions']);
    // "Looks fine to me, approved." is used 3 times (bob twice, carol once); dave wrote "" and "ok".
    expect(report.shallow_resolutions.map((r) => [r.reviewer, r.resolutions, r.empty_notes, r.near_empty_notes, r.boilerplate_notes, r.shallow])).toEqual([
      ['dave', 4, 1, 1, 0, 2],
      ['bob', 5, 0, 0, 2, 2],
      ['carol', 3, 0, 0, 1, 1],
      ['alice', 6, 0, 0, 0, 0],
      ['erin', 4, 0, 0, 0, 0],
    ]);
    expect(report.shallow_resolutions[1]!.shallow_share).toBeCloseTo(0.4, 12);
    // Raise the bar to 4 uses: nothing repeats that often.
    const strict = await resolutionQuality(store, { boilerplate_uses: 4 }, 'everyone', fixtureNow);
    expect(strict.shallow_resolutions.reduce((n, r) => n + r.boilerplate_notes, 0)).toBe(0);
  });

  it('finds the cluster whose reviewers split', async () => {
    const report = await resolutionQuality(store, {}, 'everyone', fixtureNow);
    // pii 1.2.0: 4 approved vs 4 denied (dave 3/1, erin 1/3) → minority share 0.5.
    // violence 1.0.0: 7 approved vs 2 denied → 0.222, under the 0.25 threshold.
    expect(report.disagreements).toEqual([{
      policy: 'pii-detector', reason_code: 'pii_detected', config_id: 'cfg_support', config_version: '1.2.0',
      resolved: 8, approved: 4, denied: 4, reviewers: 2, minority_share: 0.5,
      by_reviewer: [
        { reviewer: 'dave', resolved: 4, approved: 3, denied: 1 },
        { reviewer: 'erin', resolved: 4, approved: 1, denied: 3 },
      ],
    }]);
    const looser = await resolutionQuality(store, { min_split: 0.2 }, 'everyone', fixtureNow);
    expect(looser.disagreements.map((d) => d.config_version)).toEqual(['1.2.0', '1.0.0']);
  });

  it('windows disagreements by when they were resolved, as the other quality questions', async () => {
    // evt_120_03 happened at 13:00 and was resolved (dave, denied) at 14:00: in a window from 13:30.
    const report = await resolutionQuality(store, { since: '2026-09-15T13:30:00Z' }, 'everyone', fixtureNow);
    expect(report.disagreements.map((d) => [d.config_version, d.resolved, d.approved, d.denied, d.by_reviewer.map((r) => [r.reviewer, r.resolved])])).toEqual([
      ['1.2.0', 6, 2, 4, [['dave', 2], ['erin', 4]]],
    ]);
  });

  it('lists false positives that name no cause', async () => {
    const report = await resolutionQuality(store, {}, 'everyone', fixtureNow);
    expect(report.false_positives_without_cause).toEqual([{
      escalation_id: 'esc_evt_120_02', event_id: 'evt_120_02', resolved_by: 'dave', resolved_at: '2026-09-15T09:35:00.000Z',
      policy: 'pii-detector', reason_code: 'pii_detected', config_id: 'cfg_support', config_version: '1.2.0', team: 'red',
    }]);
    const blue = await resolutionQuality(store, {}, { id: 'rita', role: 'compliance', teams: ['blue'] }, fixtureNow);
    expect(blue.false_positives_without_cause).toEqual([]);
    // Blue alone: 1.0.0 violence splits 3 approved (bob 1, carol 2) to 1 denied (carol) → exactly 0.25.
    expect(blue.disagreements.map((d) => [d.config_version, d.approved, d.denied, d.minority_share])).toEqual([['1.0.0', 3, 1, 0.25]]);
  });
});
