import type { FalsePositiveCluster } from '../../analytics/false-positives.js';
import { formatDate, formatNumber, formatPercent } from '../../render/format.js';
import type { Suggestion } from '../../tune/suggest.js';
import type { SideNumbers, WhatifResult } from '../../tune/whatif.js';

/** Ids listed in full before "and N more". */
const listed = 25;

/** A noisy rule the page offers to narrow, with the link that asks for a suggestion. */
export function clusterRow(cluster: FalsePositiveCluster, minResolved: number) {
  const params = new URLSearchParams({
    config_id: cluster.config_id ?? '',
    policy: cluster.policy ?? '',
    reason_code: cluster.reason_code ?? '',
    version: cluster.config_version ?? '',
    // The list below the suggestion keeps the threshold it was shown with.
    min_resolved: String(minResolved),
  });
  return {
    rule: `${cluster.policy ?? '—'} / ${cluster.reason_code ?? '—'}`,
    config: `${cluster.config_id ?? '—'} ${cluster.config_version ?? ''}`.trim(),
    resolved: formatNumber(cluster.resolved),
    falsePositives: formatNumber(cluster.false_positives),
    rate: formatPercent(cluster.false_positive_rate),
    teams: cluster.teams.join(', '),
    suggestHref: `/tune?${params}#draft`,
    // A cluster without a config or rule cannot be narrowed by a config change.
    narrowable: Boolean(cluster.config_id && cluster.config_version && cluster.policy && cluster.reason_code),
  };
}

export function suggestionView(s: Suggestion) {
  return {
    ...s,
    terms: s.terms.map((t) => ({ term: t.term, fp: t.suppresses_false_positives, tp: t.suppresses_true_positives })),
    coverageText: `Together they suppress ${s.coverage.false_positives} of the cluster's ${s.coverage.of_false_positives} resolved false positives and ${s.coverage.true_positives} of its ${s.coverage.of_true_positives} true positives.`,
  };
}

function per1k(side: SideNumbers): string {
  if (side.escalations_per_1k === null) return 'n/a';
  const ci = side.escalations_per_1k_ci;
  return `${side.escalations_per_1k.toFixed(1)}${ci ? ` (95% CI ${ci[0].toFixed(1)}–${ci[1].toFixed(1)})` : ''}`;
}

function fpRate(side: SideNumbers): string {
  if (side.false_positive_rate === null) return 'n/a (nothing resolved)';
  const ci = side.false_positive_rate_ci;
  return `${formatPercent(side.false_positive_rate)}${ci ? ` (95% CI ${formatPercent(ci[0])}–${formatPercent(ci[1])})` : ''} of ${formatNumber(side.resolved)} resolved`;
}

/** Event ids (the replay works on events; an imported escalation may carry another id). */
function idList(ids: readonly string[]) {
  return { shown: ids.slice(0, listed), more: ids.length > listed ? ids.length - listed : 0 };
}

/** Everything the replay's result section shows. */
export function whatifView(r: WhatifResult) {
  return {
    ...r,
    scope: r.window.config_version ? `version ${r.window.config_version}` : 'every version',
    since: r.window.since ? formatDate(r.window.since) : 'the start',
    until: r.window.until ? formatDate(r.window.until) : undefined,
    current: { escalations: formatNumber(r.current.escalations), per1k: per1k(r.current), fpRate: fpRate(r.current) },
    projected: { escalations: formatNumber(r.projected.escalations), per1k: per1k(r.projected), fpRate: fpRate(r.projected) },
    falsePositivesRemoved: formatNumber(r.removed.false_positives.length),
    truePositivesLost: r.removed.true_positives.length,
    lostIds: idList(r.removed.true_positives),
    otherResolved: Object.entries(r.removed.other_resolved).map(([category, n]) => ({ category, n })),
    addedByReason: Object.entries(r.added.by_reason_code).map(([reason, n]) => ({ reason, n })),
    addedIds: idList(r.added.sample_ids),
    byRule: r.by_rule.map((b) => ({
      rule: `${b.policy} / ${b.reason_code}`,
      escalations: `${formatNumber(b.current.escalations)} → ${formatNumber(b.projected.escalations)}`,
      per1k: `${b.current.escalations_per_1k?.toFixed(1) ?? 'n/a'} → ${b.projected.escalations_per_1k?.toFixed(1) ?? 'n/a'}`,
      fpRate: `${formatPercent(b.current.false_positive_rate)} → ${formatPercent(b.projected.false_positive_rate)}`,
    })),
    verifyCommand: `kt tune verify --config-id ${r.config_id} --config-version ${r.draft_version}`,
  };
}
