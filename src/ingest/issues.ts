import type { z } from 'zod';

/** A validation failure as one field and one sentence about it. */
export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * Turns zod's issues into sentences a person fixing the file can act on:
 * "score must be between 0 and 1", "reason_code is required when verdict is block".
 * Messages the schemas word themselves are used as they are.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown, raw?: string): FieldProblem {
  const problems = issues.map((issue) => describeIssue(issue, input, raw));
  const first = problems[0] ?? { field: '', reason: 'is invalid' };
  return { field: first.field, reason: problems.map((p) => p.reason).join('; ') };
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown, raw: string | undefined): FieldProblem {
  const field = issue.path.map(String).join('.') || 'row';
  const value = valueAt(input, issue.path);
  // JSON.parse reads 1e400 as Infinity, which JSON.stringify would show as null: say what it is, as written.
  if (typeof value === 'number' && !Number.isFinite(value)) return { field, reason: `${field} ${outOfRange(numberAsWritten(raw, issue.path))}` };
  return { field, reason: `${field} ${phrase(issue, value)}` };
}

/** Why a number too large for a double is refused, with its text when known. */
export function outOfRange(written: string | undefined): string {
  return written === undefined ? 'is out of range (not a finite number)' : `is out of range (${written} is not a finite number)`;
}

/**
 * The number a top-level field was given in the NDJSON line, as written, when the line holds
 * that field with a number just once (nested fields and other formats: undefined).
 */
function numberAsWritten(raw: string | undefined, path: readonly PropertyKey[]): string | undefined {
  if (raw === undefined || path.length !== 1 || typeof path[0] !== 'string') return undefined;
  const key = JSON.stringify(path[0]).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = [...raw.matchAll(new RegExp(`${key}\\s*:\\s*(-?[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)`, 'g'))];
  return found.length === 1 ? found[0]![1] : undefined;
}

function phrase(issue: z.core.$ZodIssue, value: unknown): string {
  if (!issue.message.startsWith('Invalid input') && !issue.message.startsWith('Too ') && !issue.message.startsWith('Invalid ')) {
    return issue.message;
  }
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined || value === null) return 'is required';
      if (issue.expected === 'int') return `must be a whole number (got ${JSON.stringify(value)})`;
      return `must be ${article(issue.expected)} ${issue.expected} (got ${describeValue(value)})`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)} (got ${describeValue(value)})`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)} (got ${describeValue(value)})`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    default:
      return `is invalid: ${issue.message}`;
  }
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
