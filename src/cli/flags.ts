import type { z } from 'zod';
import { expectedNumber } from '../domain/numbers.js';
import { badInput, type KtError } from '../errors.js';

/** The flag a schema field is typed as: `min_resolved` → `--min-resolved`. */
export function flagName(field: string): string {
  return `--${field.replaceAll('_', '-')}`;
}

/**
 * The refusal of one flag value, the same for every command:
 * `--limit: expected a whole number from 1 to 10000, got "many"`.
 */
export function flagRefusal(flag: string, given: unknown, expected: string): KtError {
  return badInput(`${flag}: expected ${expected}, got ${JSON.stringify(given ?? '')}`, { field: flag.replace(/^--/, '').replaceAll('-', '_'), flag, value: given ?? null, expected });
}

/** One number flag checked against the schema the API uses for the same parameter. */
export function numberFlag<S extends z.ZodType>(flag: string, given: string | undefined, schema: S): z.output<S> {
  const result = schema.safeParse(given);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw flagRefusal(flag, given, expectedNumber(issue) ?? issue.message.replace(/^must be /, ''));
}

/**
 * Checks a command's flags (snake_case keys, as the API names them) against the
 * schema the command's function will parse them with, before the store is opened
 * or a request sent, so a refusal names the flag rather than the API's field.
 * Number fields get the shared wording; other fields keep their schema's sentence.
 */
export function checkFlags(schema: z.ZodType, values: Record<string, unknown>): void {
  const result = schema.safeParse(values);
  if (result.success) return;
  const issue = result.error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  const flag = flagName(field);
  const given = values[field];
  const expected = expectedNumber(issue);
  if (expected) throw flagRefusal(flag, given, expected);
  const issues = result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  if (given === undefined && issue.code === 'invalid_type') throw badInput(`${flag} is required.`, { field, flag, issues });
  const shown = given === undefined || given === '' ? '' : ` ${JSON.stringify(given)}`;
  const sentence = /[.!?]$/.test(issue.message) ? issue.message : `${issue.message}.`;
  throw badInput(`Invalid ${flag}${shown}: ${sentence}`, { field, flag, value: given ?? null, issues });
}
