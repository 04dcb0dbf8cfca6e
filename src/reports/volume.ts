import { z } from 'zod';
import { backlog } from '../analytics/backlog.js';
import { scopeParams, type Viewer } from '../analytics/scope.js';
import { answerTable } from '../analytics/tables.js';
import { reviewVolume, volumeQuerySchema, type VolumePoint, type VolumeReport } from '../analytics/volume.js';
import { badInput } from '../errors.js';
import { lineChart, maxSeries } from '../render/charts.js';
import { formatDate } from '../render/format.js';
import type { Store } from '../store/database.js';
import type { Provenance } from './provenance.js';
import { zeroFilled } from './series.js';
import { rolloutSections } from './volume-rollout.js';
import { configVersions, describeConfigVersion, describeTeams, describeWindow, type ScopeStatement } from './scope.js';

export const volumeReportSchema = volumeQuerySchema.extend({
  /** A calendar quarter such as 2026Q3; the default when neither since nor until is given. */
  quarter: z.string().regex(/^\d{4}-?Q[1-4]$/i, 'must be a quarter such as 2026Q3').optional(),
});

export type VolumeReportInput = z.input<typeof volumeReportSchema>;

/** [start, end) of a calendar quarter in UTC. */
export function quarterWindow(text: string): { since: string; until: string; label: string } {
  const match = /^(\d{4})-?Q([1-4])$/i.exec(text);
  const problem = `${JSON.stringify(text)} must be a quarter such as 2026Q3`;
  if (!match) throw badInput(`--quarter ${problem}.`, { quarter: text, field: 'quarter', option: 'quarter', problem });
  const year = Number(match[1]);
  const quarter = Number(match[2]);
  const since = new Date(Date.UTC(year, (quarter - 1) * 3, 1));
  const until = new Date(Date.UTC(year, quarter * 3, 1));
  return { since: since.toISOString(), until: until.toISOString(), label: `${year} Q${quarter}` };
}

/** The calendar quarter a moment falls in, as quarterWindow reads it (2026Q3). */
export function quarterOf(date: Date): string {
  return `${date.getUTCFullYear()}Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}

/**
 * The calendar quarters from the one `newest` falls in back to the one `oldest` falls in,
 * newest first, at most `max` of them: the quarters a volume report can be asked for.
 */
export function quartersBetween(oldest: Date, newest: Date, max = 20): string[] {
  const first = quarterWindow(quarterOf(oldest)).since;
  const quarters: string[] = [];
  for (let at = newest; quarters.length < max; ) {
    const quarter = quarterOf(at);
    const window = quarterWindow(quarter);
    if (window.until <= first) break;
    quarters.push(quarter);
    at = new Date(Date.parse(window.since) - 1);
  }
  return quarters;
}

/** The template context of the volume report (templates/reports/volume.hbs). */
export async function volumeReport(store: Store, input: Record<string, unknown>, viewer: Viewer, now: Date, provenance: Provenance) {
  const parsed = volumeReportSchema.parse(input);
  // Quarterly by default: the calendar quarter of the newest event in view (or of now).
  let quarterLabel: string | null = null;
  let q = parsed;
  if (parsed.since === undefined && parsed.until === undefined) {
    const quarter = quarterWindow(parsed.quarter ?? quarterOf(provenance.newest_event ? new Date(provenance.newest_event) : now));
    // A quarter of daily points is noise to a leader: weeks, unless a bucket was asked for.
    q = { ...parsed, since: quarter.since, until: quarter.until, bucket: input.bucket === undefined ? 'week' : parsed.bucket };
    quarterLabel = quarter.label;
  } else if (parsed.quarter !== undefined) {
    // Said apart (option, problem, versus) so the API names its query keys and the web page its words.
    const other = parsed.since !== undefined ? 'since' : 'until';
    const problem = 'cannot be given with';
    const after = '(give one or the other)';
    throw badInput(`--quarter ${problem} --${other} ${after}.`, { quarter: parsed.quarter, field: 'quarter', option: 'quarter', problem, versus: other, after_versus: after });
  }
  const window = scopeParams(q, viewer, now);
  const volume = await reviewVolume(store, q, viewer, now);
  const queue = await backlog(store, q, viewer, now);
  const known = await configVersions(store, q.config_id ?? null);
  const scope: ScopeStatement = {
    window: (quarterLabel ? `${quarterLabel}: ` : '') + describeWindow(window.since, window.until, provenance),
    teams: describeTeams(q.team, viewer),
    config_versions: volume.deploys.map((d) => describeConfigVersion(known.find((k) => k.config_id === d.config_id && k.version === d.config_version) ?? { ...d, version: d.config_version })),
    filters: [
      { label: 'Config', value: q.config_id ?? 'all configs' },
      { label: 'Counted per', value: `${volume.bucket}, per ${volume.by.replace('_', ' ')}` },
      { label: 'Rollout window', value: `${volume.window} before and after each deploy` },
      { label: 'Teams rising together to flag a deploy', value: String(q.min_teams) },
      { label: 'Significance level', value: String(q.alpha) },
    ],
  };
  return {
    scope,
    data_table: answerTable('volume', volume, q),
    quarter: quarterLabel,
    by: volume.by,
    by_label: volume.by.replace('_', ' '),
    bucket: volume.bucket,
    // reports/volume.yaml: "counted in the {bucket} …, per {by}" as this report was made.
    definition_words: { by: volume.by.replace('_', ' '), bucket: volume.bucket },
    totals: totalsPerGroup(volume),
    deploys: volume.deploys,
    rollout_impact: rolloutSections(volume.rollout_impact, q.min_teams),
    flagged_deploys: volume.rollout_impact.filter((d) => d.flagged).length,
    backlog: queue,
    charts: charts(volume, window.since, window.until, now),
  };
}

function groupOf(point: VolumePoint, by: VolumeReport['by']): string {
  return point[by] ?? '(none)';
}

function totalsPerGroup(volume: VolumeReport) {
  const groups = new Map<string, { group: string; escalations: number; resolved: number; false_positives: number }>();
  for (const point of volume.series) {
    const name = groupOf(point, volume.by);
    const total = groups.get(name) ?? { group: name, escalations: 0, resolved: 0, false_positives: 0 };
    total.escalations += point.escalations;
    total.resolved += point.resolved;
    total.false_positives += point.false_positives;
    groups.set(name, total);
  }
  const rows = [...groups.values()].map((g) => ({ ...g, fp_share: g.resolved > 0 ? g.false_positives / g.resolved : null })).sort((a, b) => b.escalations - a.escalations || a.group.localeCompare(b.group));
  const all = rows.reduce((t, r) => ({ escalations: t.escalations + r.escalations, resolved: t.resolved + r.resolved, false_positives: t.false_positives + r.false_positives }),
    { escalations: 0, resolved: 0, false_positives: 0 });
  return { rows, all };
}

function charts(volume: VolumeReport, since: string | null, until: string | null, now: Date) {
  if (volume.series.length === 0) return [];
  const markers = volume.deploys.map((d) => ({ date: d.deployed_at, label: `${d.config_id} ${d.config_version}` }));
  // The window's last instant is exclusive; end the axis on its last day, or at the report time
  // when the window (the current quarter) has not ended: weeks to come would be blank axis.
  const to = until ? new Date(Math.min(new Date(until).getTime() - 86_400_000, now.getTime())).toISOString() : undefined;
  const extent = { from: since ?? undefined, to: since && to ? to : undefined };
  const per = volume.bucket === 'week' ? 'per week' : 'per day';
  const step = volume.bucket === 'week' ? 7 : 1;
  const groups = new Set(volume.series.map((p) => groupOf(p, volume.by))).size;
  const folded = groups > maxSeries ? ` (beyond ${maxSeries}, the smallest ${groups - maxSeries + 1} summed as one grey line, "other")` : '';
  return [
    {
      title: `Escalations ${per} by ${volume.by.replace('_', ' ')}`,
      caption: `Escalations ${per}, counted by event time, one line per ${volume.by.replace('_', ' ')}${folded}; dashed lines are config deploys${markers.length ? ` (${markers.map((m) => `${m.label} on ${formatDate(m.date, 'date')}`).join(', ')})` : ''}.`,
      svg: lineChart(zeroFilled(volume.series.map((p) => ({ date: p.bucket_start, value: p.escalations, series: groupOf(p, volume.by) })), step), { markers, yLabel: `escalations ${per}`, ...extent }),
    },
    {
      title: `False positives ${per} by ${volume.by.replace('_', ' ')}`,
      caption: `Resolved escalations categorised false_positive, ${per} by event time${folded}.`,
      svg: lineChart(zeroFilled(volume.series.map((p) => ({ date: p.bucket_start, value: p.false_positives, series: groupOf(p, volume.by) })), step), { markers, yLabel: `false positives ${per}`, ...extent }),
    },
  ];
}
