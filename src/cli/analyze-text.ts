import type { BacklogReport } from '../analytics/backlog.js';
import type { FalsePositiveCluster } from '../analytics/false-positives.js';
import type { QualityReport } from '../analytics/quality.js';
import type { TuningComparison } from '../analytics/tuning.js';
import type { VolumeReport } from '../analytics/volume.js';
import { formatDate, pStatement, signOf } from '../render/format.js';
import { formatTable } from './table.js';

/** The human forms of `kt analyze …` (the JSON forms are the results as they are). */

const percent = (v: number | null) => (v === null ? '' : `${(v * 100).toFixed(1)}%`);
const number = (v: number | null, digits = 1) => (v === null ? '' : v.toFixed(digits));
const pValue = (v: number | null) => (v === null ? 'n/a' : v < 0.001 ? '<0.001' : v.toFixed(3));
const pPhrase = (v: number | null) => (v === null ? 'no test possible' : pStatement(v));

export function falsePositivesText(clusters: FalsePositiveCluster[]): string {
  const rows = clusters.map((c) => ({
    policy: c.policy,
    reason_code: c.reason_code,
    config: `${c.config_id ?? ''}@${c.config_version ?? ''}`,
    ...('team' in c ? { team: c.team } : {}),
    ...('provider' in c ? { provider: c.provider } : {}),
    ...('model' in c ? { model: c.model } : {}),
    escalations: c.escalations,
    resolved: c.resolved,
    fp: c.false_positives,
    fp_rate: percent(c.false_positive_rate),
    ci95: c.ci_low === null ? '' : `${percent(c.ci_low)}–${percent(c.ci_high)}`,
    top_terms: c.top_terms.map((t) => t.term).join(', '),
  }));
  return formatTable(rows);
}

export function tuningText(result: TuningComparison): string {
  const rows = [result.before, result.after].map((v) => ({
    version: v.config_version,
    events: v.events,
    escalations: v.escalations,
    per_1k: number(v.escalations_per_1k),
    resolved: v.resolved,
    fp: v.false_positives,
    fp_rate: percent(v.false_positive_rate),
    ci95: v.ci_low === null ? '' : `${percent(v.ci_low)}–${percent(v.ci_high)}`,
    tp: v.true_positives,
    median_min_to_resolve: number(v.median_minutes_to_resolve),
  }));
  const c = result.change;
  return (
    formatTable(rows) +
    `\nescalations per 1k: ${signed(c.escalations_per_1k, 1)} (${pPhrase(c.escalation_rate_p_value)})` +
    `\nfalse-positive rate: ${c.false_positive_rate === null ? 'n/a' : `${signed(c.false_positive_rate * 100, 1)} points`} (${pPhrase(c.false_positive_rate_p_value)})` +
    `\nmedian minutes to resolve: ${signed(c.median_minutes_to_resolve, 1)}` +
    `\nverdict: ${result.verdict}\n`
  );
}

export function volumeText(report: VolumeReport): string {
  const series = report.series.map((p) => ({ [report.bucket]: p.bucket_start, [report.by]: p[report.by] ?? '', escalations: p.escalations, resolved: p.resolved, false_positives: p.false_positives }));
  const impact = report.rollout_impact.flatMap((d) => {
    const deploy = {
      deploy: `${d.config_id}@${d.config_version}`,
      deployed_at: formatDate(d.deployed_at),
      measured: `${formatDate(d.before_from, 'dateOrTime')}..${formatDate(d.after_until, 'dateOrTime')}${d.ongoing ? ' (so far)' : ''}`,
    };
    // A deploy without traffic (of the teams in view) in its span stays listed, as in --json and the report.
    if (d.teams.length === 0) return [{ ...deploy, team: '(no events)', before_per_1k: '', after_per_1k: '', p: '', rose: '', flagged: '' }];
    return d.teams.map((t) => ({
      ...deploy,
      team: t.team,
      before_per_1k: number(t.before_per_1k),
      after_per_1k: number(t.after_per_1k),
      p: pValue(t.p_value),
      rose: t.rose ? 'yes' : '',
      flagged: flagText(d),
    }));
  });
  const issues = report.rollout_impact.flatMap((d) =>
    d.issues.map((i) => ({
      deploy: `${d.config_id}@${d.config_version}`,
      policy: i.policy,
      reason_code: i.reason_code,
      teams_rising: i.teams_rising,
      teams: i.teams.filter((t) => t.rose).map((t) => `${t.team} ${number(t.before_per_1k)}→${number(t.after_per_1k)}`).join(', '),
    })),
  );
  return (
    `${formatTable(series)}\nRollout impact (${report.window} before vs after each deploy, cut at the deploys next to it; per 1k events):\n${formatTable(impact)}` +
    `\nIssues that rose after a deploy:\n${formatTable(issues)}`
  );
}

/**
 * Why a deploy is flagged: several teams rising overall, or on one issue (issues come
 * most teams first). The larger count is the true reason whatever --min-teams was.
 */
function flagText(d: VolumeReport['rollout_impact'][number]): string {
  if (!d.flagged) return '';
  const issue = d.issues[0];
  if (!issue || d.teams_rising >= issue.teams_rising) return `FLAGGED: ${d.teams_rising} teams rose`;
  // The issue is named in the table below, where a long policy / reason code is not cut at 60 characters.
  return `FLAGGED: ${issue.teams_rising} teams rose on one issue (below)`;
}

export function backlogText(report: BacklogReport): string {
  const o = report.open;
  const head =
    `as of ${formatDate(report.as_of)}: ${o.queued} queued, ${o.claimed} claimed, ${o.overdue} overdue` +
    (o.oldest_unclaimed_minutes === null ? '' : `; oldest unclaimed ${number(o.oldest_unclaimed_minutes / 60)} h`) + '\n';
  const times = (r: BacklogReport['overall']) => ({
    resolved: r.resolved,
    claim_p50: number(r.time_to_claim_p50_minutes), claim_p90: number(r.time_to_claim_p90_minutes),
    resolve_p50: number(r.time_to_resolve_p50_minutes), resolve_p90: number(r.time_to_resolve_p90_minutes),
  });
  return (
    head +
    `\nOverall (minutes):\n${formatTable([{ escalations: report.overall.escalations, ...times(report.overall) }])}` +
    `\nPer reviewer (minutes):\n${formatTable(report.by_reviewer.map((r) => ({ reviewer: r.reviewer, items: r.items, open: r.open, ...times({ ...r, escalations: r.items }) })))}` +
    `\nPer severity (minutes):\n${formatTable(report.by_severity.map((s) => ({ severity: s.severity ?? '(none)', queued: s.queued, claimed: s.claimed, overdue: s.overdue, ...times(s) })))}`
  );
}

export function qualityText(report: QualityReport): string {
  const shallow = report.shallow_resolutions.map((r) => ({ ...r, shallow_share: percent(r.shallow_share) }));
  const split = report.disagreements.map((d) => ({
    policy: d.policy, reason_code: d.reason_code, config: `${d.config_id ?? ''}@${d.config_version ?? ''}`,
    approved: d.approved, denied: d.denied, minority: percent(d.minority_share),
    reviewers: d.by_reviewer.map((r) => `${r.reviewer ?? '?'} ${r.approved}/${r.denied}`).join(', '),
  }));
  const noCause = report.false_positives_without_cause.map((r) => ({ ...r, resolved_at: formatDate(r.resolved_at) }));
  return (
    `Shallow resolutions per reviewer:\n${formatTable(shallow)}` +
    `\nClusters where reviewers split (approved/denied):\n${formatTable(split)}` +
    `\nFalse positives without a cause:\n${formatTable(noCause, ['escalation_id', 'resolved_by', 'resolved_at', 'policy', 'reason_code', 'config_version', 'team'])}`
  );
}

/** A change as the reports sign it (no sign when it rounds to zero), with a terminal's `-`. */
function signed(v: number | null, digits: number): string {
  if (v === null) return 'n/a';
  const text = Math.abs(v).toFixed(digits);
  return signOf(v, text, '-') + text;
}
