import type { z } from 'zod';
import { describeIssues } from './issues.js';
import type { Rejection, SourceRecord } from './types.js';
import { malformedTextPath, mayHoldSurrogates } from './well-formed.js';

export type Checked = { ok: true; line: number; raw: string; doc: Record<string, unknown> } | { ok: false; rejection: Rejection };

/**
 * Validates one record with a domain schema and shapes it for staging: the
 * contract's fields (normalised by the schema, nulls dropped) plus `attributes`,
 * the unknown fields kept as they came (keys sorted, so the same row always
 * stages the same text).
 */
export function checkRecord(
  file: string,
  record: SourceRecord,
  schema: z.ZodType<Record<string, unknown>>,
  known: ReadonlySet<string>,
  /** Adjusts the staged document with the input at hand (e.g. to keep nested extras). */
  finish?: (doc: Record<string, unknown>, input: unknown) => void,
): Checked {
  if ('unreadable' in record) {
    return { ok: false, rejection: { file, line: record.line, field: record.field, reason: record.unreadable, raw: record.raw } };
  }
  const malformed = mayHoldSurrogates(record.raw) ? malformedTextPath(record.value) : undefined;
  if (malformed) {
    const reason = `${malformed} is not valid Unicode text (it holds a lone surrogate such as \\ud800)`;
    return { ok: false, rejection: { file, line: record.line, field: malformed, reason, raw: record.raw } };
  }
  const parsed = schema.safeParse(record.value);
  if (!parsed.success) {
    const problem = describeIssues(parsed.error.issues, record.value, record.raw);
    return { ok: false, rejection: { file, line: record.line, field: problem.field, reason: problem.reason, raw: record.raw } };
  }
  const doc: Record<string, unknown> = {};
  const extras: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed.data)) {
    if (!known.has(key)) extras[key] = value;
    else if (value !== null && value !== undefined) doc[key] = value;
  }
  if (Object.keys(extras).length > 0) doc.attributes = sortedKeys(extras);
  finish?.(doc, record.value);
  return { ok: true, line: record.line, raw: record.raw, doc };
}

/** A rejection as the one line the CLI prints: `events.ndjson:17: verdict must be one of …`. */
export function rejectionLine(rejection: Rejection): string {
  return `${rejection.file}:${rejection.line}: ${rejection.reason}`;
}

/** The same fields in name order, so a row whose extras come in another order stages the same text. */
function sortedKeys(value: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(value);
  if (keys.length < 2) return value;
  const out: Record<string, unknown> = {};
  for (const key of keys.sort()) out[key] = value[key];
  return out;
}
