/**
 * What an escalation's fields must agree on, whatever wrote them: the review workflow
 * (queued → claimed by someone → resolved with an outcome and a category) and time
 * (created, then claimed, then resolved, none of it in the future). An upstream export
 * row that breaks these would show as an owned queued item or a negative time to resolve.
 */
import type { EscalationStatus } from './escalation.js';

/** The workflow fields of a row, as read (absent or null when not given). */
export interface WorkflowFields {
  status?: EscalationStatus | null;
  claimed_by?: string | null;
  claimed_at?: string | null;
  resolved_by?: string | null;
  resolved_at?: string | null;
  outcome?: string | null;
  category?: string | null;
  cause?: string | null;
}

/** One field that does not fit, and why (the sentence follows the field's name). */
export interface FieldIssue {
  field: string;
  message: string;
}

/** Only a claim sets these. */
const claimFields = ['claimed_by', 'claimed_at'] as const;
/** Only a resolution sets these (`cause` with a false positive). */
const resolutionFields = ['resolved_by', 'resolved_at', 'outcome', 'category', 'cause'] as const;
/** What a resolution always has. */
const requiredWhenResolved = ['resolved_by', 'resolved_at', 'outcome', 'category'] as const;

/** Timestamps ahead of now by more than this are refused as wrong, not as clock skew. */
export const clockSkewAllowanceMs = 24 * 60 * 60 * 1000;

/** The status a row states, or the one its fields imply when it states none. */
export function statusOf(row: WorkflowFields): EscalationStatus {
  if (row.status) return row.status;
  if (resolutionFields.some((f) => row[f])) return 'resolved';
  if (claimFields.some((f) => row[f])) return 'claimed';
  return 'queued';
}

/** The fields that contradict the row's status: a queued item has no owner and no resolution, a claimed one an owner and no resolution. */
export function workflowIssues(row: WorkflowFields): FieldIssue[] {
  const status = statusOf(row);
  const issues: FieldIssue[] = [];
  const notAllowed = (fields: readonly (keyof WorkflowFields)[]) => {
    for (const field of fields) if (row[field]) issues.push({ field, message: `is not allowed when status is ${status}` });
  };
  if (status === 'queued') notAllowed([...claimFields, ...resolutionFields]);
  if (status === 'claimed') {
    if (!row.claimed_by) issues.push({ field: 'claimed_by', message: 'is required when status is claimed' });
    notAllowed(resolutionFields);
  }
  if (status === 'resolved') {
    for (const field of requiredWhenResolved) if (!row[field]) issues.push({ field, message: 'is required when status is resolved' });
  }
  if (row.cause && row.category && row.category !== 'false_positive') {
    issues.push({ field: 'cause', message: 'is only allowed when category is false_positive' });
  }
  return issues;
}

/** The times of one escalation; `created_at` may be the event's time, which `createdAtIs` then says. */
export interface WorkflowTimes {
  created_at?: string | null;
  claimed_at?: string | null;
  resolved_at?: string | null;
}

/**
 * The times out of order (claimed before created, resolved before claimed or created) or
 * more than the clock-skew allowance ahead of `now`. `createdAtIs` words a created_at that
 * was not given, e.g. "the event's time".
 */
export function timeIssues(times: WorkflowTimes, now: number, createdAtIs?: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const field of ['created_at', 'claimed_at', 'resolved_at'] as const) {
    const value = times[field];
    if (createdAtIs && field === 'created_at') continue; // not the row's own
    if (value && Date.parse(value) > now + clockSkewAllowanceMs) {
      issues.push({ field, message: `is in the future (${value}): more than a day ahead of now` });
    }
  }
  const createdAt = createdAtIs ? `created_at (${createdAtIs}, ${times.created_at})` : `created_at (${times.created_at})`;
  const before = (field: 'claimed_at' | 'resolved_at', earlier: string | null | undefined, name: string) => {
    const value = times[field];
    if (value && earlier && Date.parse(value) < Date.parse(earlier)) issues.push({ field, message: `(${value}) must not be before ${name}` });
  };
  before('claimed_at', times.created_at, createdAt);
  if (times.claimed_at) before('resolved_at', times.claimed_at, `claimed_at (${times.claimed_at})`);
  else before('resolved_at', times.created_at, createdAt);
  return issues;
}
