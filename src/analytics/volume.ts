import { z } from 'zod';
import type { Executor } from '../store/database.js';
import { runQuestion } from './run.js';
import { countSchema, parseOptions, scopeSchema, shareSchema, type Viewer } from './scope.js';
import { knownScopeParams } from './known-scope.js';
import { durationMs } from '../domain/time-window.js';
import { per1k, twoProportionPValue } from './stats.js';

export const volumeDimensions = ['team', 'policy', 'reason_code'] as const;
export type VolumeDimension = (typeof volumeDimensions)[number];
export const buckets = ['day', 'week'] as const;

export const volumeQuerySchema = scopeSchema.extend({
  by: z.enum(volumeDimensions, { error: `must be one of ${volumeDimensions.join(', ')}` }).default('team'),
  bucket: z.enum(buckets, { error: `must be one of ${buckets.join(', ')}` }).default('day'),
  window: z.string().min(1).default('7d'),
  /** How many teams must rise together for a deploy to be flagged. */
  min_teams: countSchema({ min: 1 }).default(2),
  alpha: shareSchema.default(0.05),
});

export type VolumeQuery = z.input<typeof volumeQuerySchema>;

export interface VolumePoint {
  bucket_start: string;
  team?: string | null;
  policy?: string | null;
  reason_code?: string | null;
  escalations: number;
  resolved: number;
  false_positives: number;
}

export interface ConfigDeploy {
  config_id: string;
  config_version: string;
  deployed_at: string;
  /** Where the rollout's before span starts: the window before the deploy, or the config's previous deploy if later. */
  before_from: string;
  /** Where its after span ends: the window after the deploy, or the config's next deploy if sooner, or now if sooner still. */
  after_until: string;
  /** The after span was cut at now: the window after the deploy has not ended. */
  ongoing: boolean;
}

export interface TeamRateChange {
  team: string;
  before_events: number;
  before_escalations: number;
  before_per_1k: number | null;
  after_events: number;
  after_escalations: number;
  after_per_1k: number | null;
  change_per_1k: number | null;
  p_value: number | null;
  /** The rate went up and the rise is significant (two-proportion test, p < alpha). */
  rose: boolean;
}

/** One issue (policy + reason code) after a deploy: each team's rate of it, before vs after. */
export interface IssueRise {
  policy: string | null;
  reason_code: string | null;
  teams: TeamRateChange[];
  teams_rising: number;
}

export interface RolloutImpact extends ConfigDeploy {
  /** Each team's overall escalation rate before vs after. */
  teams: TeamRateChange[];
  teams_rising: number;
  /** Issues whose rate rose for at least one team, most teams first. */
  issues: IssueRise[];
  /** At least min_teams teams rose together, overall or on the same issue. */
  flagged: boolean;
}

export interface VolumeReport {
  bucket: (typeof buckets)[number];
  by: VolumeDimension;
  window: string;
  series: VolumePoint[];
  deploys: ConfigDeploy[];
  rollout_impact: RolloutImpact[];
}

interface SeriesRow {
  bucket_start: string;
  group_value: string | null;
  escalations: number;
  resolved: number;
  false_positives: number;
}

interface ImpactRow extends ConfigDeploy {
  team: string;
  before_events: number;
  before_escalations: number;
  after_events: number;
  after_escalations: number;
}

interface IssueRow extends ImpactRow {
  policy: string | null;
  reason_code: string | null;
}

/** A row of volume_rollout.sql: a team's totals around a deploy, or one issue of that team. */
interface RolloutRow extends IssueRow {
  kind: 'team' | 'issue';
}

async function volumeParams(db: Executor, input: VolumeQuery, viewer: Viewer, now: Date, policy: string | null = null) {
  const q = parseOptions(volumeQuerySchema, input);
  return { q, params: { ...(await knownScopeParams(db, q, viewer, now)), by: q.by, bucket: q.bucket, window_ms: durationMs(q.window, 'window'), policy, now: now.toISOString() } };
}

async function seriesOf(db: Executor, q: z.output<typeof volumeQuerySchema>, params: Awaited<ReturnType<typeof volumeParams>>['params']): Promise<VolumeReport['series']> {
  const rows = await runQuestion<SeriesRow>(db, 'volume_by_bucket', params);
  return rows.map((row) => ({
    bucket_start: row.bucket_start,
    [q.by]: row.group_value,
    escalations: row.escalations,
    resolved: row.resolved,
    false_positives: row.false_positives,
  }));
}

/** Review volume over time, config deploys as markers, and each deploy's effect per team. */
export async function reviewVolume(db: Executor, input: VolumeQuery, viewer: Viewer, now: Date = new Date()): Promise<VolumeReport> {
  const { q, params } = await volumeParams(db, input, viewer, now);
  const series = await seriesOf(db, q, params);
  const deploys = await runQuestion<ConfigDeploy>(db, 'volume_config_deploys', params);
  const rollout = await runQuestion<RolloutRow>(db, 'volume_rollout', params);
  const impact: ImpactRow[] = rollout.filter((r) => r.kind === 'team');
  const issues: IssueRow[] = rollout.filter((r) => r.kind === 'issue');
  return {
    bucket: q.bucket,
    by: q.by,
    window: q.window,
    series,
    deploys,
    rollout_impact: deploys.map((deploy) => rolloutImpact(deploy, impact, issues, q.min_teams, q.alpha)),
  };
}

/**
 * The volume series alone (reviewVolume's `series`), for a chart that needs no
 * rollout analysis: the tuning report's daily lines. Same options and same rows;
 * `policy` keeps only that policy's escalations, so that lines by reason code
 * count one policy's reason code, as the tuning question does (two policies may
 * use the same reason code).
 */
export async function reviewVolumeSeries(
  db: Executor,
  input: VolumeQuery,
  viewer: Viewer,
  now: Date = new Date(),
  policy: string | null = null,
): Promise<VolumeReport['series']> {
  const { q, params } = await volumeParams(db, input, viewer, now, policy);
  return seriesOf(db, q, params);
}

function rolloutImpact(deploy: ConfigDeploy, teamRows: ImpactRow[], issueRows: IssueRow[], minTeams: number, alpha: number): RolloutImpact {
  const ofDeploy = <R extends ConfigDeploy>(r: R) => r.config_id === deploy.config_id && r.config_version === deploy.config_version;
  const teams = teamRows.filter(ofDeploy).map((r) => rateChange(r, alpha));
  const byIssue = new Map<string, IssueRise>();
  for (const row of issueRows.filter(ofDeploy)) {
    const key = JSON.stringify([row.policy, row.reason_code]);
    const issue = byIssue.get(key) ?? { policy: row.policy, reason_code: row.reason_code, teams: [], teams_rising: 0 };
    const change = rateChange(row, alpha);
    issue.teams.push(change);
    if (change.rose) issue.teams_rising += 1;
    byIssue.set(key, issue);
  }
  const issues = [...byIssue.values()].filter((i) => i.teams_rising > 0).sort((a, b) => b.teams_rising - a.teams_rising);
  const rising = teams.filter((t) => t.rose).length;
  return {
    ...deploy,
    teams,
    teams_rising: rising,
    issues,
    flagged: rising >= minTeams || issues.some((i) => i.teams_rising >= minTeams),
  };
}

/** A team's rate per 1,000 events before vs after, and whether it rose significantly. */
function rateChange(r: ImpactRow, alpha: number): TeamRateChange {
  const before = per1k(r.before_escalations, r.before_events);
  const after = per1k(r.after_escalations, r.after_events);
  const pValue = twoProportionPValue(r.before_escalations, r.before_events, r.after_escalations, r.after_events);
  return {
    team: r.team,
    before_events: r.before_events,
    before_escalations: r.before_escalations,
    before_per_1k: before,
    after_events: r.after_events,
    after_escalations: r.after_escalations,
    after_per_1k: after,
    change_per_1k: before === null || after === null ? null : after - before,
    p_value: pValue,
    rose: before !== null && after !== null && after > before && pValue !== null && pValue < alpha,
  };
}
