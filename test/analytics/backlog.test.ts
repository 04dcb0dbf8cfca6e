import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backlog } from '../../src/analytics/backlog.js';
import type { Store } from '../../src/store/database.js';
import { fixtureNow, fixtureStore } from './fixture.js';

let store: Store;
let cleanup: () => void;
beforeAll(async () => ({ store, cleanup } = await fixtureStore()));
afterAll(() => cleanup());

describe('backlog (queries/backlog_*.sql)', () => {
  it('counts what is open now, by hand-worked numbers', async () => {
    const report = await backlog(store, {}, 'everyone', fixtureNow);
    expect(Object.keys(report).sort()).toEqual(['as_of', 'by_reviewer', 'by_severity', 'open', 'overall']);
    // Open at 09-21T00:00: red 5 claimed (medium, due 09-16T21:00), red 6 queued (medium, due 09-17T01:00),
    // blue 20 queued (low, due 09-21T09:00: not yet), blue 21 claimed (critical, due 09-18T14:00).
    // Oldest unclaimed: red 6, created 09-16T01:00 → 4 days 23 hours = 7140 minutes.
    expect(report.open).toEqual({ queued: 2, claimed: 2, overdue: 3, oldest_unclaimed_minutes: 7140 });
  });

  it('gives time to claim and to resolve, p50 and p90, overall', async () => {
    const { overall } = await backlog(store, {}, 'everyone', fixtureNow);
    // 24 claims: 5 5 5 10 10 10 10 10 10 15 15 20 20 20 20 25 30 30 30 30 40 40 60 60 → p50 20, p90 (pos 20.7) 40.
    // 21 resolutions (the duplicate left out): 20 … 120 → p50 50, p90 (pos 18) 100.
    expect(overall).toEqual({
      escalations: 26, resolved: 21,
      time_to_claim_p50_minutes: 20, time_to_claim_p90_minutes: 40,
      time_to_resolve_p50_minutes: 50, time_to_resolve_p90_minutes: 100,
    });
  });

  it('breaks turnaround down per reviewer and per severity', async () => {
    const report = await backlog(store, {}, 'everyone', fixtureNow);
    expect(report.by_reviewer.map((r) => [r.reviewer, r.items, r.open, r.resolved])).toEqual([
      ['alice', 7, 1, 5], ['bob', 6, 1, 5], ['carol', 3, 0, 3], ['dave', 4, 0, 4], ['erin', 4, 0, 4],
    ]);
    // Alice: claims 5 10 10 10 20 30 30 → p50 10, p90 30; resolutions 30 40 40 50 60 → p50 40, p90 50 + 0.6·10 = 56.
    expect(report.by_reviewer[0]).toMatchObject({
      time_to_claim_p50_minutes: 10, time_to_claim_p90_minutes: 30, time_to_resolve_p50_minutes: 40,
    });
    expect(report.by_reviewer[0]!.time_to_resolve_p90_minutes).toBeCloseTo(56, 9);
    expect(report.by_severity.map((s) => [s.severity, s.queued, s.claimed, s.overdue, s.oldest_unclaimed_minutes])).toEqual([
      ['critical', 0, 1, 1, null],
      ['high', 0, 0, 0, null],
      ['medium', 1, 1, 2, 7140],
      ['low', 1, 0, 0, 3780],
    ]);
    // High: claims 5 10 10 10 15 20 20 → p50 10, p90 20; resolutions 40 40 45 50 70 80 → p50 47.5, p90 75.
    expect(report.by_severity[1]).toMatchObject({ escalations: 7, resolved: 6, time_to_claim_p50_minutes: 10, time_to_claim_p90_minutes: 20, time_to_resolve_p50_minutes: 47.5, time_to_resolve_p90_minutes: 75 });
  });

  it('limits turnaround to the window and the viewer\'s teams', async () => {
    const lastWeek = await backlog(store, { since: '2026-09-15T00:00:00Z' }, 'everyone', fixtureNow);
    expect(lastWeek.overall).toMatchObject({ escalations: 14, resolved: 10 });
    expect(lastWeek.open).toMatchObject({ queued: 2, claimed: 2 });
    const blue = await backlog(store, {}, { id: 'rita', role: 'policy_owner', teams: ['blue'] }, fixtureNow);
    expect(blue.open).toEqual({ queued: 1, claimed: 1, overdue: 1, oldest_unclaimed_minutes: 3780 });
    expect(blue.by_reviewer.map((r) => r.reviewer)).toEqual(['bob', 'carol', 'erin']);
  });
});
