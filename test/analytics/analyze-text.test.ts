import { describe, expect, it } from 'vitest';
import { backlogText, qualityText, tuningText, volumeText } from '../../src/cli/analyze-text.js';
import type { BacklogReport } from '../../src/analytics/backlog.js';
import type { QualityReport } from '../../src/analytics/quality.js';
import type { TuningComparison, VersionOutcome } from '../../src/analytics/tuning.js';
import type { RolloutImpact, VolumeReport } from '../../src/analytics/volume.js';

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

describe('kt analyze volume as text', () => {
  const quiet: RolloutImpact = {
    config_id: 'cfg_quiet', config_version: '1.0.0', deployed_at: '2026-09-10T00:00:00.000Z',
    before_from: '2026-09-03T00:00:00.000Z', after_until: '2026-09-17T00:00:00.000Z',
    teams: [], teams_rising: 0, issues: [], flagged: false,
  };
  const busy: RolloutImpact = {
    ...quiet, config_id: 'cfg_busy',
    teams: [{ team: 'blue', before_events: 10, before_escalations: 1, before_per_1k: 100, after_events: 10, after_escalations: 2, after_per_1k: 200, change_per_1k: 100, p_value: 0.5, rose: false }],
  };
  const report = (rollout_impact: RolloutImpact[]): VolumeReport => ({
    bucket: 'day', by: 'team', window: '7d', series: [], deploys: rollout_impact, rollout_impact,
  });

  it('lists a deploy that had no traffic in its rollout span, saying so, as --json and the volume report do', () => {
    const text = volumeText(report([quiet, busy]));
    const impact = text.slice(text.indexOf('Rollout impact'), text.indexOf('Issues that rose'));
    expect(impact).toMatch(/cfg_quiet@1\.0\.0 .*\(no events\)/);
    expect(impact).toMatch(/cfg_busy@1\.0\.0 .*blue\s+100\.0\s+200\.0\s+0\.500/);
  });

  it('shows the time of a measured span that does not start or end at midnight UTC, and the date alone when it does', () => {
    const midday = { ...busy, before_from: '2026-09-08T12:00:00.000Z', after_until: '2026-09-11T12:00:00.000Z' };
    const text = volumeText(report([quiet, midday]));
    expect(text).toMatch(/cfg_quiet@1\.0\.0 .*\s2026-09-03\.\.2026-09-17\s/);
    expect(text).toMatch(/cfg_busy@1\.0\.0 .*\s2026-09-08 12:00 UTC\.\.2026-09-11 12:00 UTC\s/);
  });

  it('gives the deploy time as the spans beside it read, not as a raw ISO string', () => {
    const text = volumeText(report([{ ...busy, deployed_at: '2026-09-10T09:30:00.000Z' }]));
    expect(text).toMatch(/cfg_busy@1\.0\.0\s+2026-09-10 09:30 UTC\s+2026-09-03\.\.2026-09-17\s/);
    expect(text).not.toContain('T09:30:00.000Z');
  });

  it('says why a deploy flagged by one issue is flagged, not "0 teams rose"', () => {
    const change = (team: string) => ({ ...busy.teams[0]!, team, rose: true });
    const byIssue: RolloutImpact = {
      ...busy, teams: [{ ...busy.teams[0]!, team: 'blue' }, { ...busy.teams[0]!, team: 'red' }], teams_rising: 0, flagged: true,
      issues: [{ policy: 'pii-detector', reason_code: 'pii_detected', teams: [change('blue'), change('red')], teams_rising: 2 }],
    };
    const text = volumeText(report([byIssue]));
    expect(text).toContain('FLAGGED: 2 teams rose on one issue (below)');
    expect(text).toMatch(/pii-detector\s+pii_detected\s+2\s+blue 100\.0→200\.0, red/);
    expect(text).not.toContain('0 teams rose');
  });
});

describe('times in the other analyses as text', () => {
  it('gives the backlog\'s time and a false positive\'s resolve time as YYYY-MM-DD HH:MM UTC, not raw ISO', () => {
    const none = { escalations: 0, resolved: 0, time_to_claim_p50_minutes: null, time_to_claim_p90_minutes: null, time_to_resolve_p50_minutes: null, time_to_resolve_p90_minutes: null };
    const backlog: BacklogReport = { as_of: '2026-12-03T13:28:28.067Z', open: { queued: 1, claimed: 0, overdue: 0, oldest_unclaimed_minutes: 60 }, overall: none, by_reviewer: [], by_severity: [] };
    expect(backlogText(backlog)).toMatch(/^as of 2026-12-03 13:28 UTC: 1 queued/);
    const quality = {
      shallow_resolutions: [], disagreements: [],
      false_positives_without_cause: [{ escalation_id: 'esc_1', resolved_by: 'chen', resolved_at: '2026-10-02T15:48:26.139Z', policy: 'p', reason_code: 'r', config_version: '1.0.0', team: 'hr' }],
    } as unknown as QualityReport;
    const text = qualityText(quality);
    expect(text).toMatch(/esc_1\s+chen\s+2026-10-02 15:48 UTC\s+p/);
    expect(text).not.toContain('T15:48');
  });
});
