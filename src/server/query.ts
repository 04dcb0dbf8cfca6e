import { zValidator } from '@hono/zod-validator';
import { z } from 'zod';
import { validationHook } from './errors.js';

/**
 * A route's query string checked against its schema, unknown parameters refused (as
 * GET /api/escalations and /api/events always did): a misspelt filter such as
 * `reasoncode` must be a 400 naming it, not an answer for every reason code.
 * The schemas stay as they are for the CLI, the reports and the web pages.
 */
export function queryOf<Shape extends z.core.$ZodShape>(schema: z.ZodObject<Shape, z.core.$ZodObjectConfig>) {
  return zValidator('query', schema.strict(), validationHook('query', Object.keys(schema.shape)));
}

/** For routes that take no query parameters: any parameter is unknown. */
export const noQuery = queryOf(z.object({}));
