import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { KtError } from '../errors.js';
import type { AppEnv } from './env.js';

/** Turns zod issues into one sentence naming the fields, plus the full list as details. */
export function fromZodError(error: ZodError, where = 'request'): KtError {
  const issues = error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
  const first = issues[0];
  const message = first ? `Invalid ${where}: ${first.field} ${first.message}` : `Invalid ${where}`;
  return new KtError('bad_input', message, { issues });
}

/** The one place every API error gets its shape: {error: {code, message, details}}. */
export const onError: ErrorHandler<AppEnv> = (error, c) => {
  const kt = toKtError(error);
  if (kt.code === 'internal') console.error(error);
  return c.json(kt.toJSON(), kt.httpStatus as 400);
};

export function toKtError(error: unknown): KtError {
  if (error instanceof KtError) return error;
  if (error instanceof ZodError) return fromZodError(error);
  if (error instanceof HTTPException) {
    const code = error.status === 401 ? 'unauthorized' : error.status === 403 ? 'forbidden' : error.status === 404 ? 'not_found' : error.status < 500 ? 'bad_input' : 'internal';
    return new KtError(code, error.message || 'Request refused');
  }
  return new KtError('internal', 'Internal error; the server log has the details.');
}

/** Hook for @hono/zod-validator: invalid input becomes our error shape, naming the field. */
export function validationHook(target: string) {
  return (result: { success: boolean; error?: unknown }, _c: Context): void => {
    if (!result.success && result.error instanceof ZodError) throw fromZodError(result.error, target);
  };
}
