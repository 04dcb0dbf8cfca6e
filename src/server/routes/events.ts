import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { arrowStreamMediaType, eventFilterSchema, eventsToArrowIPC, parseEventFilter, tailEvents } from '../../events/index.js';
import type { AppEnv } from '../env.js';
import { validationHook } from '../errors.js';

export const ndjsonMediaType = 'application/x-ndjson';

/** The tail filters a client may send; the team limits come from the caller, never the query. */
const tailQuerySchema = eventFilterSchema.omit({ visibleTeams: true });

/**
 * GET: the newest events matching the tail filters, within the caller's teams, as
 * a JSON array, NDJSON (`Accept: application/x-ndjson`) or an Arrow IPC stream
 * (`Accept: application/vnd.apache.arrow.stream`).
 */
export const eventsRouter = new Hono<AppEnv>()
  .get('/', zValidator('query', tailQuerySchema, validationHook('query')), async (c) => {
    const filter = parseEventFilter({ ...c.req.query(), visibleTeams: c.get('principal').teams }, { naming: 'param' });
    const rows = await tailEvents(c.get('store'), filter);
    const accept = c.req.header('Accept') ?? '';
    if (accept.includes(arrowStreamMediaType)) {
      // A copy on a plain ArrayBuffer, the body type fetch accepts.
      return c.body(new Uint8Array(eventsToArrowIPC(rows)), 200, { 'Content-Type': arrowStreamMediaType });
    }
    if (accept.includes(ndjsonMediaType)) {
      return c.body(rows.map((r) => JSON.stringify(r) + '\n').join(''), 200, { 'Content-Type': `${ndjsonMediaType}; charset=utf-8` });
    }
    return c.json(rows);
  });
