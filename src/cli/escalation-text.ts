import { changeText, type AuditEntry } from '../domain/audit.js';
import type { EscalationDetail, QueueItem, QueuePage } from '../store/queue/index.js';
import { showBidiControls } from '../render/bidi.js';
import { formatDate } from '../render/format.js';
import { formatTable } from './table.js';

/** Human forms of the queue answers for the CLI client. */

function age(minutes: number): string {
  if (minutes < 60) return `${Math.round(minutes)}m`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)}h`;
  return `${Math.round(minutes / 1440)}d`;
}

export function queueRows(items: readonly QueueItem[]): Record<string, unknown>[] {
  return items.map((i) => ({
    id: i.id,
    status: i.status,
    severity: i.severity,
    age: age(i.age_minutes),
    due: i.due_at ? formatDate(i.due_at) : '',
    overdue: i.overdue ? 'OVERDUE' : '',
    owner: i.owner ? (i.routed ? `${i.owner} (routed)` : i.owner) : '',
    team: i.team,
    policy: i.policy,
    reason_code: i.reason_code,
    version: i.config_version,
    request: i.request_excerpt,
  }));
}

export function formatQueuePage(page: QueuePage): string {
  const counts = `queued ${page.counts.queued} · claimed ${page.counts.claimed} · resolved ${page.counts.resolved}`;
  const more = page.next_cursor ? `\nmore: --cursor ${page.next_cursor}\n` : '';
  return formatTable(queueRows(page.items)) + counts + '\n' + more;
}

export function auditRows(entries: readonly AuditEntry[]): Record<string, unknown>[] {
  return entries.map((e) => ({ seq: e.seq, at: e.recorded_at, actor: e.actor, action: e.action, target: e.target, change: changeText(e.before, e.after) }));
}

export function formatDetail(d: EscalationDetail): string {
  const x = d.escalation;
  const e = d.event;
  const lines = [
    `${x.id}  ${x.status.toUpperCase()}  severity ${x.severity ?? '–'}  age ${age(x.age_minutes)}  due ${x.due_at ? formatDate(x.due_at) : '–'}${x.overdue ? '  OVERDUE' : ''}`,
    `owner ${x.owner ?? '–'}${x.routed ? ' (routed)' : ''}  reviewer ${x.reviewer ?? '–'}  team ${x.team ?? '–'}`,
    x.status === 'resolved' ? `resolution ${x.outcome} / ${x.category}${x.cause ? ` (${x.cause})` : ''}: ${d.escalation.note ?? ''}` : '',
    '',
    `event ${e.id} at ${formatDate(e.timestamp)}: ${e.verdict} by ${e.policy ?? '–'} for ${e.reason_code ?? '–'} (score ${e.score ?? '–'})`,
    `config ${d.config.config_id ?? '–'} ${d.config.config_version ?? ''}  ${e.provider ?? ''}/${e.model ?? ''}`,
    `rule ${d.config.rule ? JSON.stringify(d.config.rule) : d.config.known ? '(none for this reason code)' : '(config version not ingested)'}`,
    `request:  ${e.request ?? ''}`,
    `response: ${e.response ?? ''}`,
    '',
    `pattern: ${d.pattern.total} escalations share ${d.pattern.policy ?? '–'} / ${d.pattern.reason_code ?? '–'} / ${d.pattern.config_version ?? '–'}` +
      `  outcomes ${JSON.stringify(d.pattern.by_outcome)}  categories ${JSON.stringify(d.pattern.by_category)}`,
    ...d.pattern.recent_notes.map((n) => `  ${n.resolved_at ? formatDate(n.resolved_at) : ''} ${n.resolved_by ?? ''} ${n.category ?? ''}: ${n.note}`),
    '',
    'audit:',
  ].filter((line, i) => line !== '' || i > 2);
  // The note, request and response are people's text: bidi controls shown, never obeyed by the terminal.
  return showBidiControls(lines.join('\n')) + '\n' + formatTable(auditRows(d.audit), ['seq', 'at', 'actor', 'action', 'change']);
}
