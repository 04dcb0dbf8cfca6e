import type { Context, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { badInput } from '../errors.js';
import type { AppEnv } from './env.js';
import { fromZodError } from './errors.js';

export const jsonMediaType = 'application/json';

/** application/json, or a structured type such as application/merge-patch+json; parameters (charset) aside. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return media === jsonMediaType || /^application\/[\w.-]+\+json$/.test(media);
}

/**
 * The request's body as a JSON object. A body sent under another Content-Type (or
 * none) is refused, not read as `{}`: a route would otherwise act on defaults the
 * caller never chose (a reassign without `to` requeues the item).
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const contentType = c.req.header('Content-Type');
  if (!isJsonMediaType(contentType)) {
    const sent = contentType ? `as ${contentType}` : 'without a Content-Type';
    throw badInput(`The body was sent ${sent}; this route needs Content-Type: ${jsonMediaType}.`, { content_type: contentType ?? null, expected: jsonMediaType });
  }
  const text = await c.req.text();
  if (text.trim() === '') throw badInput('The body is empty; this route needs a JSON object.', { content_type: contentType });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badInput(`The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`, { content_type: contentType });
  }
  // Said as plainly as an empty body, not as zod's "(body) Invalid input: expected object, received array".
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw badInput(`The body is ${kind}; this route needs a JSON object.`, { content_type: contentType });
  }
  return value;
}

/**
 * Validates a JSON body against a schema, as zValidator('json', …) does (the route reads
 * it with `c.req.valid('json')`), but through readJsonBody: the one place every JSON
 * route checks the Content-Type and the syntax. Failures name the field.
 */
export function jsonBody<S extends z.ZodType>(schema: S): MiddlewareHandler<AppEnv, string, { in: { json: z.input<S> }; out: { json: z.output<S> } }> {
  return async (c, next) => {
    const result = schema.safeParse(await readJsonBody(c));
    if (!result.success) throw fromZodError(result.error, 'body');
    c.req.addValidatedData('json', result.data as object);
    await next();
  };
}
