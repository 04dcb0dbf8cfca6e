import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewVolume, reviewVolumeSeries } from '../../src/analytics/volume.js';
import type { Store } from '../../src/store/database.js';
import { fixtureNow, fixtureStore } from './fixture.js';

let store: Store;
let cleanup: () => void;
beforeAll(async () => ({ store, cleanup } = await fixtureStore()));
afterAll(() => cleanup());

describe('reviewVolume (queries/volume_*.sql)', () => {
  it('gives the series alone (for charts) exactly as the whole analysis does, for every grouping and a team viewer', async () => {
    for (const options of [{}, { by: 'policy' as const, bucket: 'week' as const }, { by: 'reason_code' as const, config_id: 'cfg_support' }]) {
      for (const viewer of ['everyone', { id: 'rita', role: 'reviewer', teams: ['red'] }] as const) {
        const whole = await reviewVolume(store, options, viewer as never, fixtureNow);
        expect(whole.series.length).toBeGreaterThan(0);
        expect(await reviewVolumeSeries(store, options, viewer as never, fixtureNow)).toEqual(whole.series);
      }
    }
  });

  it('counts escalations, resolved and false positives per day and team', async () => {
    const report = await reviewVolume(store, {}, 'everyone', fixtureNow);
    expect(Object.keys(report).sort()).toEqual(['bucket', 'by', 'deploys', 'rollout_impact', 'series', 'window']);
    // Event i of a week is at 4i+1 hours; e.g. 1.2.0 red events 0-5 fall on 09-15, event 6 on 09-16.
    expect(report.series.map((p) => [p.bucket_start, p.team, p.escalations, p.resolved, p.false_positives])).toEqual([
      ['2026-09-01', 'red', 4, 4, 3],
      ['2026-09-03', 'blue', 3, 3, 3],
      ['2026-09-04', 'blue', 1, 1, 0],
      ['2026-09-06', 'green', 2, 1, 0],
      ['2026-09-08', 'red', 1, 1, 0],
      ['2026-09-10', 'blue', 1, 1, 0],
      ['2026-09-15', 'red', 6, 5, 2],
      ['2026-09-16', 'red', 1, 0, 0],
      ['2026-09-17', 'blue', 3, 3, 1],
      ['2026-09-18', 'blue', 4, 2, 0],
    ]);
    expect(Object.keys(report.series[0]!).sort()).toEqual(['bucket_start', 'escalations', 'false_positives', 'resolved', 'team']);
  });

  it('buckets by ISO week (Monday) and groups by policy', async () => {
    const report = await reviewVolume(store, { bucket: 'week', by: 'policy' }, 'everyone', fixtureNow);
    expect(report.series.map((p) => [p.bucket_start, p.policy, p.escalations, p.false_positives])).toEqual([
      ['2026-08-31', 'human-oversight', 10, 6],
      ['2026-09-07', 'human-oversight', 2, 0],
      ['2026-09-14', 'human-oversight', 2, 0],
      ['2026-09-14', 'pii-detector', 12, 3],
    ]);
  });

  it('marks the deploys and flags the one after which two teams rose together', async () => {
    const report = await reviewVolume(store, {}, 'everyone', fixtureNow);
    expect(report.deploys.map((d) => [d.config_version, d.deployed_at])).toEqual([
      ['1.0.0', '2026-09-01T00:00:00.000Z'],
      ['1.1.0', '2026-09-08T00:00:00.000Z'],
      ['1.2.0', '2026-09-15T00:00:00.000Z'],
    ]);
    expect(report.rollout_impact.map((r) => [r.config_version, r.teams_rising, r.flagged])).toEqual([
      ['1.0.0', 0, false],
      ['1.1.0', 0, false],
      ['1.2.0', 2, true],
    ]);
    const rollout = report.rollout_impact[2]!;
    // Red and blue: 1 of 15 events escalated in the week before, 7 of 15 after:
    // pooled 8/30, se = 0.161464, z = 2.4773, p = 0.013243. Green stayed at 0 (of 10 before, and of
    // the 6 after up to now: its last four events, after 09-21T00:00, are not counted yet).
    expect(rollout.ongoing).toBe(true);
    expect(rollout.teams.map((t) => [t.team, t.before_escalations, t.before_events, t.after_escalations, t.after_events, t.rose])).toEqual([
      ['blue', 1, 15, 7, 15, true],
      ['green', 0, 10, 0, 6, false],
      ['red', 1, 15, 7, 15, true],
    ]);
    expect(rollout.teams[2]!.before_per_1k).toBeCloseTo(66.666667, 5);
    expect(rollout.teams[2]!.after_per_1k).toBeCloseTo(466.666667, 5);
    expect(rollout.teams[2]!.p_value).toBeCloseTo(0.013243, 5);
    // The same issue: pii_detected went from 0 of 15 events to 6 of 15 for red and for blue:
    // pooled 6/30, se = 0.146059, z = 2.7386, p = 0.006170. The violence rule stayed at 1 of 15.
    expect(rollout.issues.map((i) => [i.policy, i.reason_code, i.teams_rising, i.teams.map((t) => [t.team, t.before_escalations, t.after_escalations, t.rose])])).toEqual([
      ['pii-detector', 'pii_detected', 2, [['blue', 0, 6, true], ['red', 0, 6, true]]],
    ]);
    expect(rollout.issues[0]!.teams[0]!.p_value).toBeCloseTo(0.006170, 5);
    expect(report.rollout_impact[1]!.issues).toEqual([]);
    // The narrowing deploy: every team fell (4/15 → 1/15 is not significant: p = 0.1416).
    expect(report.rollout_impact[1]!.teams.find((t) => t.team === 'red')!.p_value).toBeCloseTo(0.141645, 5);
  });

  it('cuts each rollout window at the config\'s neighbouring deploys, so before and after are one version each', async () => {
    const weekly = await reviewVolume(store, {}, 'everyone', fixtureNow);
    const wide = await reviewVolume(store, { window: '10d' }, 'everyone', fixtureNow);
    // Deploys are a week apart: a 10-day window reaches no further than the neighbouring deploys, nor past now.
    expect(wide.deploys.map((d) => [d.config_version, d.before_from, d.after_until])).toEqual([
      ['1.0.0', '2026-08-22T00:00:00.000Z', '2026-09-08T00:00:00.000Z'],
      ['1.1.0', '2026-09-01T00:00:00.000Z', '2026-09-15T00:00:00.000Z'],
      ['1.2.0', '2026-09-08T00:00:00.000Z', '2026-09-21T00:00:00.000Z'],
    ]);
    // The last deploy's 10 days after have not passed: its span ends now, and says so.
    expect(wide.deploys.map((d) => d.ongoing)).toEqual([false, false, true]);
    expect(wide.rollout_impact[1]!.teams).toEqual(weekly.rollout_impact[1]!.teams);
    expect(wide.rollout_impact[2]!.teams.map((t) => [t.team, t.before_events, t.after_events])).toEqual(
      weekly.rollout_impact[2]!.teams.map((t) => [t.team, t.before_events, t.after_events]));
  });

  it('respects --window, --min-teams and the viewer\'s teams', async () => {
    // With a 1-day window only 1.2.0 events 0-5 (red) come after the deploy, and only
    // 1.1.0 events 36-39 (green) in the day before it.
    const narrow = await reviewVolume(store, { window: '1d' }, 'everyone', fixtureNow);
    expect(narrow.rollout_impact[2]!.teams.map((t) => [t.team, t.before_events, t.after_events, t.after_escalations])).toEqual([
      ['green', 4, 0, 0],
      ['red', 0, 6, 6],
    ]);
    const strict = await reviewVolume(store, { min_teams: 3 }, 'everyone', fixtureNow);
    expect(strict.rollout_impact[2]!.flagged).toBe(false);
    const redOnly = await reviewVolume(store, {}, { id: 'lee', role: 'admin', teams: ['red'] }, fixtureNow);
    expect(new Set(redOnly.series.map((p) => p.team))).toEqual(new Set(['red']));
    expect(redOnly.rollout_impact[2]).toMatchObject({ teams_rising: 1, flagged: false });
    await expect(reviewVolume(store, { window: 'a week' }, 'everyone', fixtureNow)).rejects.toThrow(/--window "a week"/);
  });
});

describe('reviewVolume with a team filter: only deploys that carried those teams\' traffic', () => {
  // A second config that only green uses, deployed in the window (09-10 12:00; its events at midnight 09-05..09-14), and a
  // third that no team's event names at all. Its own store: the other tests keep the fixture's deploys.
  let own: Store;
  let ownCleanup: () => void;
  beforeAll(async () => {
    ({ store: own, cleanup: ownCleanup } = await fixtureStore());
    for (const [id, at] of [['cfg_green', '2026-09-10T12:00:00Z'], ['cfg_unused', '2026-09-12T00:00:00Z']] as const) {
      await own.run("INSERT INTO configs (config_id, version, deployed_at, source_text, document) VALUES (?, '1.0.0', ?::TIMESTAMPTZ, '', '{}')", [id, at]);
    }
    await own.run(`
      INSERT INTO events (id, "timestamp", verdict, config_id, config_version, team)
      SELECT 'evt_green_' || i, TIMESTAMPTZ '2026-09-05 00:00:00+00' + to_hours(i * 24), 'allow', 'cfg_green',
             CASE WHEN i < 6 THEN '0.9.0' ELSE '1.0.0' END, 'green'
      FROM range(10) t(i)`);
  });
  afterAll(() => ownCleanup());

  const deploysOf = (r: Awaited<ReturnType<typeof reviewVolume>>) => r.deploys.map((d) => `${d.config_id} ${d.config_version}`);

  it('lists every deploy without a filter, as before', async () => {
    const all = await reviewVolume(own, {}, 'everyone', fixtureNow);
    expect(deploysOf(all)).toEqual(['cfg_support 1.0.0', 'cfg_support 1.1.0', 'cfg_green 1.0.0', 'cfg_unused 1.0.0', 'cfg_support 1.2.0']);
  });

  it('leaves out, for --team and for a team-limited viewer, deploys of configs the teams had no events under around the deploy', async () => {
    const red = await reviewVolume(own, { team: 'red' }, 'everyone', fixtureNow);
    expect(deploysOf(red)).toEqual(['cfg_support 1.0.0', 'cfg_support 1.1.0', 'cfg_support 1.2.0']);
    expect(red.rollout_impact.map((r) => r.config_id)).toEqual(['cfg_support', 'cfg_support', 'cfg_support']);
    const green = await reviewVolume(own, {}, { id: 'gina', role: 'compliance', teams: ['green'] }, fixtureNow);
    expect(deploysOf(green)).toEqual(['cfg_support 1.0.0', 'cfg_support 1.1.0', 'cfg_green 1.0.0', 'cfg_support 1.2.0']);
    expect(green.rollout_impact.find((r) => r.config_id === 'cfg_green')!.teams.map((t) => [t.team, t.before_events, t.after_events])).toEqual([['green', 6, 4]]);
  });

  it('judges by the rollout window, not the report\'s: traffic of the teams elsewhere in the window does not count', async () => {
    // A 6-hour window around the 12:00 deploy, [06:00, 18:00), holds none of green's midnight events.
    const narrow = await reviewVolume(own, { window: '6h', team: 'green' }, 'everyone', fixtureNow);
    expect(deploysOf(narrow)).not.toContain('cfg_green 1.0.0');
    const unfiltered = await reviewVolume(own, { window: '6h' }, 'everyone', fixtureNow);
    expect(deploysOf(unfiltered)).toContain('cfg_green 1.0.0');
  });
});
