import { defaultSeverity, dueAt, type ImportedEscalation, type Severity } from '../domain/escalation.js';
import { timeIssues } from '../domain/escalation-workflow.js';
import { canonicalJson } from '../store/audit.js';

/** An escalation's stored fields, as kt keeps them (timestamps RFC 3339 in UTC, attributes JSON text). */
export interface EscalationFields {
  id: string;
  event_id: string;
  created_at: string;
  status: string;
  severity: string | null;
  due_at: string | null;
  claimed_by: string | null;
  claimed_at: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  outcome: string | null;
  category: string | null;
  cause: string | null;
  note: string | null;
  follow_up: string | null;
  attributes: string | null;
}

/** The escalation the event already has, and whether someone worked it in kt. */
export interface CurrentEscalation extends Omit<EscalationFields, 'event_id'> {
  origin: string;
  worked: boolean;
}

export type Decision =
  | { action: 'insert' | 'update' | 'replace'; row: EscalationFields; before: EscalationFields | null; replaces?: string }
  | { action: 'same' }
  | { action: 'reject'; field: string; reason: string };

const comparedFields = [
  'created_at', 'status', 'severity', 'due_at', 'claimed_by', 'claimed_at', 'resolved_by', 'resolved_at',
  'outcome', 'category', 'cause', 'note', 'follow_up', 'attributes',
] as const;

/**
 * What to do with one imported escalation. An event has at most one escalation:
 * an import takes the place of the event's automatic escalation while that is
 * untouched (queued, never claimed or routed), updates an escalation with its id
 * that nobody worked in kt, and is refused otherwise, with the reason.
 */
export function decide(
  imported: ImportedEscalation,
  attributes: Record<string, unknown> | undefined,
  eventTimestamp: string | null,
  current: CurrentEscalation | null,
  idTakenBy: string | null,
): Decision {
  if (eventTimestamp === null) {
    return { action: 'reject', field: 'event_id', reason: `event_id ${imported.event_id} names no known event (ingest the events first)` };
  }
  if (idTakenBy !== null) {
    return { action: 'reject', field: 'id', reason: `id ${imported.id} already belongs to the escalation of event ${idTakenBy}` };
  }
  const row = storedFields(imported, attributes, eventTimestamp);
  if (!imported.created_at) {
    // The schema checked the row's own times; created_at is the event's time, known only here.
    const [issue] = timeIssues(row, Date.now(), "the event's time");
    if (issue) return { action: 'reject', field: issue.field, reason: `${issue.field} ${issue.message}` };
  }
  if (!current) return { action: 'insert', row, before: null };
  const before: EscalationFields = { ...current, event_id: imported.event_id };
  const untouchedAuto = current.origin === 'auto' && current.status === 'queued' && !current.worked;
  if (current.id === imported.id && sameFields(before, row)) return { action: 'same' };
  if (current.worked || (!untouchedAuto && current.origin !== 'import')) {
    return { action: 'reject', field: 'event_id', reason: `event ${imported.event_id} already has escalation ${current.id}, ${workedState(current)} in kt; an import cannot overwrite work done in kt` };
  }
  if (current.id === imported.id) return { action: 'update', row, before };
  if (untouchedAuto) return { action: 'replace', row, before, replaces: current.id };
  return { action: 'reject', field: 'event_id', reason: `event ${imported.event_id} already has the imported escalation ${current.id}; an event has at most one escalation` };
}

function workedState(current: CurrentEscalation): string {
  if (current.status === 'resolved') return `resolved by ${current.resolved_by ?? 'a reviewer'}`;
  if (current.status === 'claimed') return `claimed by ${current.claimed_by ?? 'a reviewer'}${current.origin === 'routed' ? ' (routed)' : ''}`;
  return 'claimed and put back';
}

/** The row kt stores for an import (its status as the schema derived it): created at the event's time by default, due by severity. */
function storedFields(e: ImportedEscalation, attributes: Record<string, unknown> | undefined, eventTimestamp: string): EscalationFields {
  const createdAt = iso(e.created_at) ?? iso(eventTimestamp) ?? eventTimestamp;
  const severity: Severity = e.severity ?? defaultSeverity;
  return {
    id: e.id,
    event_id: e.event_id,
    created_at: createdAt,
    status: e.status,
    severity,
    due_at: dueAt(new Date(createdAt), severity).toISOString(),
    claimed_by: e.claimed_by ?? null,
    claimed_at: iso(e.claimed_at),
    resolved_by: e.resolved_by ?? null,
    resolved_at: iso(e.resolved_at),
    outcome: e.outcome ?? null,
    category: e.category ?? null,
    cause: e.cause ?? null,
    note: e.note ?? null,
    follow_up: e.follow_up ?? null,
    attributes: attributes ? canonicalJson(attributes) : null,
  };
}

function sameFields(a: EscalationFields, b: EscalationFields): boolean {
  return comparedFields.every((f) => normalised(f, a[f]) === normalised(f, b[f]));
}

function normalised(field: (typeof comparedFields)[number], value: string | null): string | null {
  if (value === null) return null;
  if (field === 'attributes') return canonicalJson(JSON.parse(value));
  if (field.endsWith('_at')) return iso(value);
  return value;
}

function iso(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? value : time.toISOString();
}
