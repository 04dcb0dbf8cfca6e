import { verdicts, verdictWords } from '../domain/event.js';
import type { EventFilter } from '../events/filter.js';
import type { EventSources, EventsSummary } from '../events/summary.js';
import { formatDate } from '../render/format.js';
import { formatTable } from './table.js';

/** The human form of `kt events summary` (--json prints the summary as it is). */
export function eventsSummaryText(summary: EventsSummary, filter: EventFilter): string {
  const all = verdicts.reduce((sum, v) => sum + summary.by_verdict[v], 0);
  const out = [`${summary.events.toLocaleString('en-US')} event${summary.events === 1 ? '' : 's'} match${summary.events === 1 ? 'es' : ''}${describe(filter)}.\n`];
  if (all === 0) return out.join('');
  const verdictRows = verdicts.map((v) => ({
    verdict: v,
    events: summary.by_verdict[v],
    share: `${((summary.by_verdict[v] / all) * 100).toFixed(1)}%`,
  }));
  out.push('\n', formatTable([...verdictRows, { verdict: 'all', events: all, share: '100.0%' }]));
  if (filter.verdict) out.push(`Each verdict is counted under the other filters (--verdict ${filter.verdict} left out).\n`);

  const { bucket, buckets, deploys } = summary.over_time;
  if (buckets.length > 0) {
    // Only the verdicts that occur: a --verdict filter leaves one column, not three of zeros.
    const shown = verdicts.filter((v) => buckets.some((b) => b[v] > 0));
    const label = bucket === 'hour' ? 'hour (UTC)' : 'day (UTC)';
    const rows = buckets.map((b) => ({
      [label]: bucket === 'hour' ? b.start.slice(0, 16).replace('T', ' ') : b.start.slice(0, 10),
      ...Object.fromEntries(shown.map((v) => [v, b[v]])),
      ...(shown.length > 1 ? { all: shown.reduce((sum, v) => sum + b[v], 0) } : {}),
    }));
    out.push(`\nPer ${bucket}:\n`, formatTable(rows));
  }
  if (deploys.length > 0) {
    const rows = deploys.map((d) => ({ deployed: formatDate(d.deployed_at), config_id: d.config_id, config_version: d.config_version }));
    out.push('\nConfig versions deployed in the span:\n', formatTable(rows));
  }
  out.push(sourcesText(summary.sources, summary.by_verdict.allow > 0));
  return out.join('');
}

/** Where the events come from: a table per team, reason and config version, the biggest first. */
function sourcesText(sources: EventSources, anyAllowed: boolean): string {
  if (sources.teams.length === 0) return '';
  const what = sources.of === 'flagged' ? `Flagged events${anyAllowed ? ' (allowed left out)' : ''}` : `${verdictWords[sources.of]} events`;
  const none = (value: string | null) => value ?? '(none)';
  const lists = [
    { title: 'team', rows: sources.teams.map((r) => ({ team: none(r.team), events: r.events })), inAll: sources.in_all.teams },
    { title: 'policy and reason code', rows: sources.reasons.map((r) => ({ policy: none(r.policy), reason_code: none(r.reason_code), events: r.events })), inAll: sources.in_all.reasons },
    { title: 'config version', rows: sources.configs.map((r) => ({ config_id: none(r.config_id), config_version: none(r.config_version), events: r.events })), inAll: sources.in_all.configs },
  ];
  return lists.map(({ title, rows, inAll }) => {
    const more = inAll > rows.length ? `(the biggest ${rows.length} of ${inAll})\n` : '';
    return `\n${what} by ${title}:\n${formatTable(rows)}${more}`;
  }).join('');
}

/** The filter in words, e.g. ` (since 2026-09-14 00:00 UTC, team support)`, or nothing. */
function describe(filter: EventFilter): string {
  const parts = [
    filter.since && `since ${formatDate(filter.since)}`,
    filter.until && `until ${formatDate(filter.until)}`,
    filter.verdict && `verdict ${filter.verdict}`,
    filter.policy && `policy ${filter.policy}`,
    filter.reason_code && `reason code ${filter.reason_code}`,
    filter.team && `team ${filter.team}`,
    filter.config_id && `config ${filter.config_id}`,
    filter.config_version && `version ${filter.config_version}`,
  ].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
