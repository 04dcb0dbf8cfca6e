import type { AuditEntry } from '../domain/audit.js';
import type { Executor } from './database.js';
import { query } from './queries.js';
import { entryFields, Mismatches } from './audit-compare.js';

/** The workflow fields every escalation change records in its audit entry's `after`. */
export const auditedEscalationFields = ['status', 'claimed_by', 'resolved_by', 'outcome', 'category', 'cause', 'note', 'follow_up'] as const;

/**
 * Fields held only once an entry names them: create and import entries record event_id (the
 * event the escalation is about, never changed by kt: re-pointed, it would show another event's
 * request beside this decision in an evidence pack), created_at,
 * severity and due_at; import, claim, route and reassign entries claimed_at; import and resolve
 * entries resolved_at. A create entry names neither claimed_at nor resolved_at, and the imports
 * of stores written by hand (tests) may name none of them: such a field is not held until an
 * entry records it, rather than guessed.
 */
export const recordedEscalationFields = ['event_id', 'created_at', 'severity', 'due_at', 'claimed_at', 'resolved_at'] as const;

/** Timestamps are held as instants: the store's TIMESTAMPTZ and the entries' ISO text spell them differently. */
const timeFields = new Set<string>(['created_at', 'due_at', 'claimed_at', 'resolved_at']);

const comparedFields = [...auditedEscalationFields, ...recordedEscalationFields] as const;
const alwaysRecorded = new Set<string>(auditedEscalationFields);
type AuditedField = (typeof comparedFields)[number];
type AuditedState = Record<AuditedField, unknown>;

/** A field no entry about the escalation has recorded yet (so it is not compared). */
const notRecorded = Symbol('not recorded');

/** An escalation whose stored row says something its audit entries do not. */
export interface StateMismatch {
  escalation: string;
  /** The field that differs, or `row` when the row itself is missing or has no entry. */
  field: AuditedField | 'row';
  stored: unknown;
  audited: unknown;
  /** The last audit entry about the escalation (null when there is none). */
  seq: number | null;
}

const escalationActions = new Set<AuditEntry['action']>(['create', 'route', 'import', 'claim', 'unclaim', 'reassign', 'resolve']);

/**
 * What the audit log says each escalation is now: its entries' `after` values applied in
 * order (a create or import starts from nothing; claim, resolve and the rest change some
 * fields). The hash chain alone cannot show that its newest entries were cut off, or that a
 * row was edited outside kt; comparing this with the stored rows can, for every escalation
 * such an entry or edit touched.
 */
export class AuditedEscalations {
  private readonly states = new Map<string, { state: AuditedState; seq: number }>();

  add(entry: AuditEntry): void {
    if (!escalationActions.has(entry.action)) return;
    const after = entryFields(entry.after);
    const replaced = entryFields(entry.before).id;
    // An import that replaced an untouched automatic escalation of the same event removed that row.
    if (entry.action === 'import' && typeof replaced === 'string' && replaced !== entry.target) this.states.delete(replaced);
    const known = entry.action === 'create' || entry.action === 'import' ? undefined : this.states.get(entry.target)?.state;
    const state = { ...(known ?? emptyState()) };
    for (const field of comparedFields) if (field in after) state[field] = after[field] ?? null;
    // Unclaim and reassign-to-queue clear the claim time; their entries from before they said so (claimed_at: null) leave it unrecorded.
    if (after.claimed_by === null && !('claimed_at' in after)) state.claimed_at = notRecorded;
    this.states.set(entry.target, { state, seq: entry.seq });
  }

  /** Every stored escalation against its audited state; at most `limit` mismatches are listed, all are counted. */
  async compare(db: Executor, limit = 10): Promise<{ escalations: number; mismatched: number; first: StateMismatch[] }> {
    const rows = await db.all<AuditedState & { id: string }>(query('audit_escalation_states'));
    const mismatches = new Mismatches<StateMismatch>(limit);
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      const audited = this.states.get(row.id);
      if (!audited) {
        mismatches.note({ escalation: row.id, field: 'row', stored: 'present', audited: 'no entry', seq: null });
        continue;
      }
      const field = comparedFields.find((f) => audited.state[f] !== notRecorded && !sameValue(f, row[f] ?? null, audited.state[f]));
      if (field) mismatches.note({ escalation: row.id, field, stored: row[field] ?? null, audited: audited.state[field], seq: audited.seq });
    }
    for (const [id, audited] of this.states) {
      if (!seen.has(id)) mismatches.note({ escalation: id, field: 'row', stored: 'missing', audited: audited.state.status, seq: audited.seq });
    }
    return { escalations: rows.length, mismatched: mismatches.count, first: mismatches.first };
  }
}

function emptyState(): AuditedState {
  return Object.fromEntries(comparedFields.map((f) => [f, alwaysRecorded.has(f) ? null : notRecorded])) as AuditedState;
}

function sameValue(field: AuditedField, stored: unknown, audited: unknown): boolean {
  return timeFields.has(field) ? instant(stored) === instant(audited) : stored === audited;
}

/** Milliseconds since the epoch (kt's entries record milliseconds); text that is no time is compared as text. */
function instant(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : ms;
}


/** One sentence about a mismatch, for the CLI and the web UI. */
export function mismatchText(m: StateMismatch): string {
  if (m.field === 'row') {
    return m.stored === 'missing'
      ? `escalation ${m.escalation} is gone from the store, though its audit entries (last ${m.seq}) leave it ${String(m.audited)}`
      : `escalation ${m.escalation} has no audit entry`;
  }
  return `escalation ${m.escalation} has ${m.field} ${shown(m.stored)} in the store, but its last audit entry (${m.seq}) leaves it ${shown(m.audited)}`;
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  const text = String(value);
  return text.length > 40 ? `"${text.slice(0, 40)}…"` : `"${text}"`;
}
