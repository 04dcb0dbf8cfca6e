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
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): FieldProblem {
  const problems = issues.map((issue) => describeIssue(issue, input));
  const first = problems[0] ?? { field: '', reason: 'is invalid' };
  return { field: first.field, reason: problems.map((p) => p.reason).join('; ') };
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): FieldProblem {
  const field = issue.path.map(String).join('.') || 'row';
  return { field, reason: `${field} ${phrase(issue, valueAt(input, issue.path))}` };
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
