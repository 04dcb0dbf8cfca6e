import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { KtError, refusalInWords } from '../errors.js';
import type { AppEnv } from './env.js';

/**
 * Turns zod issues into one sentence naming the fields, plus the full list as details.
 * Unknown parameters or fields (a strict schema's) come first: a misspelt name is
 * usually why a required one is missing too.
 */
export function fromZodError(error: ZodError, where = 'request', known?: readonly string[]): KtError {
  const issues = error.issues.map((i) => ({ field: i.path.join('.') || `(${where})`, message: issueMessage(i) }));
  const unknown = error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys.map((key) => [...i.path, key].join('.')) : []));
  if (unknown.length > 0) {
    const noun = where === 'query' ? 'parameter' : 'field';
    const takes = known === undefined ? '' : known.length === 0 ? ` (this route takes no ${where} ${noun}s)` : ` (known: ${known.join(', ')})`;
    const message = `Invalid ${where}: unknown ${noun}${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}${takes}.`;
    return new KtError('bad_input', message, { unknown, ...(known ? { known } : {}), issues });
  }
  const first = issues[0];
  // A message that names its field already ("note is too short: …") is not prefixed with it twice.
  const text = first && (first.message.startsWith(`${first.field} `) ? first.message : `${first.field} ${first.message}`);
  const message = text ? `Invalid ${where}: ${text}` : `Invalid ${where}`;
  return new KtError('bad_input', message, { issues });
}

/**
 * zod's own wording for the common cases, in kt's: a field or parameter left out "is required"
 * (as the reports say it), not "Invalid input: expected string, received undefined"; one of the
 * wrong type "must be a boolean, not a string"; an empty or
 * overlong text "must not be empty" or "must be at most N characters", not "Too small: expected
 * string to have >=1 characters". A schema's own message is kept.
 */
function issueMessage(issue: ZodError['issues'][number]): string {
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return 'is required';
  const type = issue.code === 'invalid_type' ? /^Invalid input: expected (\w+), received (\w+)$/.exec(issue.message) : null;
  if (type) return `must be ${withArticle(type[1]!)}, not ${withArticle(type[2]!)}`;
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1 && issue.message.startsWith('Too small:')) return 'must not be empty';
  if (issue.code === 'too_big' && issue.origin === 'string' && issue.message.startsWith('Too big:')) return `must be at most ${String(issue.maximum)} characters`;
  return issue.message;
}

/** "a string", "an array"; null stays null. */
const withArticle = (type: string) => (type === 'null' ? 'null' : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`);

/** The one place every API error gets its shape: {error: {code, message, details}}. */
export const onError: ErrorHandler<AppEnv> = (error, c) => errorJson(error, c);

/** The JSON error answer, for any router's error handler (the web UI's report links use it for scripts). */
export function errorJson(error: unknown, c: Context): Response {
  const kt = apiError(error);
  if (kt.code === 'internal') console.error(error);
  // RFC 9110: a 401 names the scheme that would be accepted; HTTP clients and proxies read it.
  if (kt.code === 'unauthorized') c.header('WWW-Authenticate', 'Bearer realm="kt"');
  return c.json(kt.toJSON(), kt.httpStatus as 400);
}

/** Any error as the API answers it, in the API's words (see inQueryWords); the export jobs' errors too. */
export function apiError(error: unknown): KtError {
  return inQueryWords(toKtError(error));
}

/**
 * A refusal the shared code words for the command line (`--since "x" is neither …`, `--from must
 * be before --to`) names the query key or body field over HTTP (`since "x" is neither …`, `from
 * must be before to`): it carries the option and the problem apart, and its message leads with the flag.
 */
function inQueryWords(kt: KtError): KtError {
  const { option } = kt.details;
  const flagged = typeof option === 'string' && kt.message.startsWith(`--${option} `);
  const message = flagged ? refusalInWords(kt, (name) => name) : undefined;
  return message === undefined ? kt : new KtError(kt.code, message, kt.details);
}

export function toKtError(error: unknown): KtError {
  if (error instanceof KtError) return error;
  if (error instanceof ZodError) return fromZodError(error);
  if (error instanceof HTTPException) {
    const code = error.status === 401 ? 'unauthorized' : error.status === 403 ? 'forbidden' : error.status === 404 ? 'not_found' : error.status < 500 ? 'bad_input' : 'internal';
    return new KtError(code, error.message || 'Request refused');
  }
  return new KtError('internal', 'Internal error; the server log has the details.');
}

/** Hook for @hono/zod-validator: invalid input becomes our error shape, naming the field (and the known names, when given). */
export function validationHook(target: string, known?: readonly string[]) {
  return (result: { success: boolean; error?: unknown }, _c: Context): void => {
    if (!result.success && result.error instanceof ZodError) throw fromZodError(result.error, target, known);
  };
}
