import { zValidator } from '@hono/zod-validator';
import type { Context } from 'hono';
import { z, ZodError } from 'zod';
import { badInput } from '../errors.js';
import { validationHook } from './errors.js';

/**
 * A route's query string checked against its schema, unknown parameters refused (as
 * GET /api/escalations and /api/events always did): a misspelt filter such as
 * `reasoncode` must be a 400 naming it, not an answer for every reason code.
 * The schemas stay as they are for the CLI, the reports and the web pages.
 */
export function queryOf<Shape extends z.core.$ZodShape>(schema: z.ZodObject<Shape, z.core.$ZodObjectConfig>) {
  const known = Object.keys(schema.shape);
  const hook = validationHook('query', known);
  return zValidator('query', schema.strict(), (result, c) => {
    if (!result.success && result.error instanceof ZodError) refuseRepeated(result.error, c);
    hook(result, c);
  });
}

/**
 * A parameter given twice (`status=queued&status=claimed`) reaches the schema as a list; one
 * that takes a single value would refuse it as "must be one of queued, …" or "expected string,
 * received array", naming values that were fine. Say what is wrong instead.
 */
function refuseRepeated(error: ZodError, c: Context): void {
  // A misspelt name is refused first, as fromZodError does.
  if (error.issues.some((issue) => issue.code === 'unrecognized_keys')) return;
  const queries = c.req.queries();
  // Refused as a whole (path [name]), not item by item as a parameter that takes a list is.
  const repeated = [...new Set(error.issues.filter((issue) => issue.path.length === 1).map((issue) => String(issue.path[0])))]
    .filter((name) => (queries[name]?.length ?? 0) > 1);
  if (repeated.length === 0) return;
  const names = repeated.join(', ');
  throw badInput(`Invalid query: ${names} ${repeated.length === 1 ? 'is' : 'are'} given more than once; give ${repeated.length === 1 ? 'it' : 'each'} once.`, { repeated });
}

/** For routes that take no query parameters: any parameter is unknown. */
export const noQuery = queryOf(z.object({}));
