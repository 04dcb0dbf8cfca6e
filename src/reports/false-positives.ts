import { z } from 'zod';
import { falsePositiveClusters, falsePositiveQuerySchema, type FalsePositiveCluster } from '../analytics/false-positives.js';
import { countSchema, scopeParams, type Viewer } from '../analytics/scope.js';
import { answerTable } from '../analytics/tables.js';
import { rateIntervalChart } from '../render/charts.js';
import type { Store } from '../store/database.js';
import type { Provenance } from './provenance.js';
import { configVersions, describeConfigVersion, describeTeams, describeWindow, type ScopeStatement } from './scope.js';

export const falsePositivesReportSchema = falsePositiveQuerySchema.extend({
  /** How many clusters the table and chart show (the ranking is over all of them). */
  top: countSchema({ min: 1, max: 200 }).default(20),
});

export type FalsePositivesReportInput = z.input<typeof falsePositivesReportSchema>;

/** How many bars the chart draws: beyond this the chart stops being readable on A4. */
const chartedClusters = 15;

export function clusterLabel(c: FalsePositiveCluster): string {
  const extra = [c.team, c.provider, c.model].filter((v) => v !== undefined).map((v) => v ?? '—');
  const key = `${c.policy ?? '—'} / ${c.reason_code ?? '—'} · ${c.config_id ?? '—'} ${c.config_version ?? ''}`.trim();
  return extra.length > 0 ? `${key} · ${extra.join(' · ')}` : key;
}

/** The template context of the false-positives report (templates/reports/false-positives.hbs). */
export async function falsePositivesReport(store: Store, input: Record<string, unknown>, viewer: Viewer, now: Date, provenance: Provenance) {
  const q = falsePositivesReportSchema.parse(input);
  const window = scopeParams(q, viewer, now);
  const all = await falsePositiveClusters(store, q, viewer, now);
  const shown = all.slice(0, q.top).map((cluster, index) => ({ rank: index + 1, label: clusterLabel(cluster), ...cluster }));
  const versionsInScope = new Set(all.map((c) => `${c.config_id}\u0000${c.config_version}`));
  const versions = (await configVersions(store, q.config_id ?? null)).filter((v) => versionsInScope.has(`${v.config_id}\u0000${v.version}`));
  const unknownVersions = [...versionsInScope].filter((k) => !versions.some((v) => `${v.config_id}\u0000${v.version}` === k));
  const scope: ScopeStatement = {
    window: describeWindow(window.since, window.until, provenance),
    teams: describeTeams(q.team, viewer),
    config_versions: [
      ...versions.map(describeConfigVersion),
      ...unknownVersions.map((k) => `${k.replace('\u0000', ' ')} (no configuration file ingested)`),
    ],
    filters: [
      { label: 'Clusters by', value: ['policy', 'reason code', 'config id', 'config version', ...q.by].join(', ') },
      { label: 'Minimum resolved per cluster', value: String(q.min_resolved) },
      { label: 'False positives counted', value: q.cause ? `only those with cause ${q.cause}` : 'all causes' },
      { label: 'Clusters shown', value: `top ${q.top} of ${all.length}` },
    ],
  };
  const charted = shown.slice(0, chartedClusters).filter((c) => c.resolved > 0);
  return {
    scope,
    // The report's data as one flat table (format csv): every cluster, not only the top shown.
    data_table: answerTable('false-positives', all, q),
    totals: {
      clusters: all.length,
      escalations: sum(all, 'escalations'),
      resolved: sum(all, 'resolved'),
      false_positives: sum(all, 'false_positives'),
      overall_rate: ratio(sum(all, 'false_positives'), sum(all, 'resolved')),
    },
    clusters: shown,
    dimensions: q.by,
    // Split by team, each cluster is one team: the Teams column would repeat the team column.
    show_teams: !q.by.includes('team'),
    chart: charted.length === 0 ? null : {
      caption: `False-positive rate of the ${charted.length} highest-ranked clusters with resolved escalations; whiskers are 95% Wilson intervals.`,
      svg: rateIntervalChart(
        charted.map((c) => ({ label: `${c.rank}. ${chartLabel(c)}`, rate: c.false_positive_rate, low: c.ci_low, high: c.ci_high })),
        { title: 'False-positive rate by cluster' },
      ),
    },
  };
}

function sum(rows: readonly FalsePositiveCluster[], key: 'escalations' | 'resolved' | 'false_positives'): number {
  return rows.reduce((total, row) => total + row[key], 0);
}

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** A chart row's label: policy / reason code and version, with any --by values on a second line to keep the margin narrow. */
function chartLabel(c: FalsePositiveCluster): string {
  const extra = [c.team, c.provider, c.model].filter((v) => v !== undefined).map((v) => v ?? '—');
  const key = `${c.policy ?? '—'} / ${c.reason_code ?? '—'} ${c.config_version ?? ''}`.trim();
  return extra.length > 0 ? `${key}\n${extra.join(' · ')}` : key;
}
