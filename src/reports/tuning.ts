import { stringify } from 'yaml';
import { z } from 'zod';
import { scopeParams, type Viewer } from '../analytics/scope.js';
import { answerTable } from '../analytics/tables.js';
import { tuningComparison, tuningQuerySchema, type TuningComparison } from '../analytics/tuning.js';
import { reviewVolumeSeries } from '../analytics/volume.js';
import { configurationSchema } from '../domain/configuration.js';
import { lineChart, type SeriesPoint } from '../render/charts.js';
import { formatNumber, formatPercent, pStatement } from '../render/format.js';
import type { Store } from '../store/database.js';
import type { Provenance } from './provenance.js';
import { zeroFilled } from './series.js';
import { whatifSection } from './tuning-whatif.js';
import { configVersions, describeConfigVersion, describeTeams, describeWindow, type ConfigVersion, type ScopeStatement } from './scope.js';

export const tuningReportSchema = tuningQuerySchema;
export type TuningReportInput = z.input<typeof tuningReportSchema>;

/** The template context of the tuning report (templates/reports/tuning.hbs). */
export async function tuningReport(store: Store, input: Record<string, unknown>, viewer: Viewer, now: Date, provenance: Provenance) {
  const q = tuningReportSchema.parse(input);
  const window = scopeParams(q, viewer, now);
  const comparison = await tuningComparison(store, q, viewer, now);
  const versions = await configVersions(store, q.config_id);
  const before = versions.find((v) => v.version === q.before);
  const after = versions.find((v) => v.version === q.after);
  const scope: ScopeStatement = {
    window: describeWindow(window.since, window.until, provenance),
    teams: describeTeams(q.team, viewer),
    config_versions: [q.before, q.after].map((version) => {
      const known = versions.find((v) => v.version === version);
      return known ? describeConfigVersion(known) : `${q.config_id} ${version} (no configuration file ingested)`;
    }),
    filters: [
      { label: 'Policy', value: q.policy },
      { label: 'Reason code', value: q.reason_code ?? 'all reason codes of the policy' },
      { label: 'Significance level', value: String(q.alpha) },
    ],
  };
  return {
    scope,
    data_table: answerTable('tuning', comparison, q),
    policy: q.policy,
    reason_code: q.reason_code ?? null,
    comparison,
    verdict_sentence: verdictSentence(comparison, q.alpha),
    rules: {
      before: { version: q.before, deployed_at: before?.deployed_at ?? null, text: ruleText(before, q.policy, q.reason_code) },
      after: { version: q.after, deployed_at: after?.deployed_at ?? null, text: ruleText(after, q.policy, q.reason_code) },
    },
    chart: await dailyChart(store, q, viewer, now, [before, after]),
    whatif: await whatifSection(store, {
      config_id: q.config_id,
      policy: q.policy,
      reason_code: q.reason_code,
      team: q.team,
      viewer,
      after: { version: q.after, deployed_at: after?.deployed_at ?? null },
      window_text: scope.window,
      teams_text: scope.teams,
    }, comparison),
  };
}

/** The verdict in words, with the numbers that decided it. */
export function verdictSentence(c: TuningComparison, alpha: number): string {
  const moved = (label: string, from: string, to: string, p: number | null) => {
    const significance = p === null ? 'no test possible' : `${pStatement(p)}${p < alpha ? '' : ', not significant'}`;
    const direction = from === to ? 'stayed at' : 'went from';
    return from === to ? `${label} ${direction} ${from} (${significance})` : `${label} ${direction} ${from} to ${to} (${significance})`;
  };
  const escalations = moved(
    'escalations per 1,000 events',
    formatNumber(c.before.escalations_per_1k, 1), formatNumber(c.after.escalations_per_1k, 1),
    c.change.escalation_rate_p_value,
  );
  const falsePositives = moved(
    'the false-positive rate',
    formatPercent(c.before.false_positive_rate), formatPercent(c.after.false_positive_rate),
    c.change.false_positive_rate_p_value,
  );
  const lead = {
    improved: `Improved: version ${c.after.config_version} escalates less or is wrong less often than ${c.before.config_version}, and nothing got significantly worse.`,
    regressed: `Regressed: under version ${c.after.config_version} a rate rose significantly compared with ${c.before.config_version}.`,
    inconclusive: `Inconclusive: the data do not show a significant change between ${c.before.config_version} and ${c.after.config_version}.`,
  }[c.verdict];
  return `${lead} ${capitalise(escalations)}; ${falsePositives}.`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The policy's block of a config version as YAML (only the reason code's rules when one is given). */
function ruleText(config: ConfigVersion | undefined, policy: string, reasonCode: string | undefined): string {
  if (!config) return 'No configuration file for this version was ingested.';
  const parsed = configurationSchema.safeParse(JSON.parse(config.document));
  const block = parsed.success ? parsed.data.policies?.policy?.[policy] : undefined;
  if (!block) return `Policy ${policy} is not defined in this version.`;
  const rules = (block.rules ?? []).filter((r) => reasonCode === undefined || r.reason_code === reasonCode);
  const shown = reasonCode === undefined ? block : { ...block, rules };
  return stringify({ [policy]: shown }, { lineWidth: 60 }).trimEnd();
}

async function dailyChart(
  store: Store,
  q: z.output<typeof tuningReportSchema>,
  viewer: Viewer,
  now: Date,
  versions: Array<ConfigVersion | undefined>,
) {
  // With a reason code the daily lines follow that reason code of the policy, else the whole policy.
  const by = q.reason_code ? 'reason_code' : 'policy';
  // The series alone: the chart needs no rollout analysis (which read a third of a 5M-event report's time).
  const series = await reviewVolumeSeries(store, { since: q.since, until: q.until, team: q.team, config_id: q.config_id, by, bucket: 'day' }, viewer, now, q.policy);
  const wanted = q.reason_code ?? q.policy;
  const rows = series.filter((p) => (by === 'policy' ? p.policy : p.reason_code) === wanted);
  if (rows.length === 0) return null;
  const points: SeriesPoint[] = rows.flatMap((p) => [
    { date: p.bucket_start, value: p.escalations, series: 'escalations' },
    { date: p.bucket_start, value: p.false_positives, series: 'false positives' },
  ]);
  const markers = versions
    .filter((v): v is ConfigVersion => v !== undefined && v.deployed_at !== null)
    .map((v) => ({ date: v.deployed_at!, label: `${v.version} deployed` }));
  return {
    caption: `Escalations and false positives per day for policy ${q.policy}${q.reason_code ? `, reason code ${q.reason_code}` : ''} under ${q.config_id} (all its versions), by event day; dashed lines mark the deploys of ${q.before} and ${q.after}.`,
    svg: lineChart(zeroFilled(points, 1), { markers, yLabel: 'per day', title: 'Daily escalations and false positives' }),
  };
}
