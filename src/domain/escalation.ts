import { z } from 'zod';
import { rfc3339 } from './event.js';
import { statusOf, timeIssues, workflowIssues } from './escalation-workflow.js';

export const escalationStatuses = ['queued', 'claimed', 'resolved'] as const;
export const severities = ['critical', 'high', 'medium', 'low'] as const;
export const outcomes = ['approved', 'denied'] as const;
export const categories = ['false_positive', 'benign_positive', 'true_positive', 'duplicate', 'undetermined'] as const;
export const causes = ['policy_logic', 'detector_data'] as const;
export const followUps = ['none', 'policy_tuning', 'evidence_export', 'incident'] as const;

export type EscalationStatus = (typeof escalationStatuses)[number];
export type Severity = (typeof severities)[number];
export type Outcome = (typeof outcomes)[number];
export type Category = (typeof categories)[number];
export type Cause = (typeof causes)[number];
export type FollowUp = (typeof followUps)[number];

/** How long a review may take before it is overdue (the SLA), by severity. */
export const slaMinutes: Record<Severity, number> = {
  critical: 60,
  high: 4 * 60,
  medium: 24 * 60,
  low: 72 * 60,
};

/** Severity given to escalations that arrive without one. */
export const defaultSeverity: Severity = 'medium';

export function dueAt(createdAt: Date, severity: Severity | null | undefined): Date {
  return new Date(createdAt.getTime() + slaMinutes[severity ?? defaultSeverity] * 60_000);
}

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });

/** The id kt gives an event's escalation: the automatic one's, and an imported row's without an id. */
export function escalationIdOf(eventId: string): string {
  return `esc_${eventId}`;
}

/**
 * An escalation id as a URL path or a CLI argument names it: not blank (an empty
 * id would turn GET /api/escalations/ID into the queue listing), at most 200 characters.
 */
export const escalationIdSchema = z
  .string()
  .max(200, 'must be at most 200 characters')
  .refine((id) => id.trim() !== '', 'must not be empty');

/** The fields of an imported escalation row, as the contract names them (any other field is kept as an extra). */
const importedEscalationFields = z
  .object({
    id: z.string().regex(/^esc_/, 'must start with esc_').nullish(),
    event_id: z.string().min(1, 'is required'),
    created_at: rfc3339.nullish(),
    status: oneOf(escalationStatuses).nullish(),
    severity: oneOf(severities).nullish(),
    claimed_by: z.string().nullish(),
    claimed_at: rfc3339.nullish(),
    resolved_by: z.string().nullish(),
    resolved_at: rfc3339.nullish(),
    outcome: oneOf(outcomes).nullish(),
    category: oneOf(categories).nullish(),
    cause: oneOf(causes).nullish(),
    note: z.string().nullish(),
    follow_up: oneOf(followUps).nullish(),
  })
  .catchall(z.unknown());

export const importedEscalationFieldNames: readonly string[] = Object.keys(importedEscalationFields.shape);

/** An escalation row as imported from an upstream export; without an id it is the event's escalation, esc_<event id>. */
export const importedEscalationSchema = importedEscalationFields
  .superRefine((row, ctx) => {
    // Every row is checked against the clock as it is read: a created_at days ahead is a wrong zone or a bug upstream.
    for (const { field, message } of [...workflowIssues(row), ...timeIssues(row, Date.now())]) {
      ctx.addIssue({ code: 'custom', path: [field], message });
    }
  })
  .transform((row) => ({ ...row, id: row.id ?? escalationIdOf(row.event_id), status: statusOf(row) }));

export type ImportedEscalation = z.output<typeof importedEscalationSchema>;

/** Notes must explain the decision: shorter than this, or without words, is refused. */
export const minimumNoteLength = 15;

/** …and hold this many words, a word being two or more letters in a row (queries/quality_shallow_notes.sql counts alike). */
export const minimumNoteWords = 3;

const noteWords = (s: string) => s.match(/\p{L}{2,}/gu)?.length ?? 0;

/** The web form's limit too: a reasoning, not a document (a 1 MB note was accepted by the API). */
export const maximumNoteLength = 20_000;

export const noteSchema = z
  .string({ error: 'note is required' })
  .max(maximumNoteLength, `note is too long: at most ${maximumNoteLength} characters`)
  .transform((s) => s.trim())
  .refine((s) => s.length > 0, 'note is empty: say why this outcome is right')
  // Each message says what is counted: "1 2 3 4 5 6 7 8 9 10" has 20 characters but no word.
  .superRefine((s, ctx) => {
    if (s.length === 0) return;
    if (s.length < minimumNoteLength) {
      ctx.addIssue({ code: 'custom', message: `note is too short: write at least ${minimumNoteLength} characters (it has ${s.length}) explaining the decision` });
    } else if (noteWords(s) < minimumNoteWords) {
      ctx.addIssue({ code: 'custom', message: `note is too short: write at least ${minimumNoteWords} words explaining the decision (it has ${noteWords(s)}); a word is two or more letters, so numbers and symbols do not count` });
    }
  });

/** The body of a resolve action. */
export const resolutionSchema = z
  .object({
    outcome: oneOf(outcomes),
    category: oneOf(categories),
    cause: oneOf(causes).nullish(),
    note: noteSchema,
    follow_up: oneOf(followUps).nullish(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.category === 'false_positive' && !r.cause) {
      ctx.addIssue({ code: 'custom', path: ['cause'], message: 'is required for a false positive: policy_logic (tune the rule) or detector_data (don\'t)' });
    }
    if (r.cause && r.category !== 'false_positive') {
      ctx.addIssue({ code: 'custom', path: ['cause'], message: 'is only allowed when category is false_positive' });
    }
  });

export type Resolution = z.output<typeof resolutionSchema>;
