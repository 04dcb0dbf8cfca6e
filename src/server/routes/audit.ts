import { Hono } from 'hono';
import { verifyAuditFor } from '../../store/audit.js';
import { auditFilterSchema, searchAudit } from '../../store/audit-search.js';
import { requireCapability } from '../auth.js';
import type { AppEnv } from '../env.js';
import { noQuery, queryOf } from '../query.js';

/**
 * Compliance and admin: GET /api/audit reads the log, newest first, a page at a time
 * (`actor`, `action`, `target`, `since`, `until`, `before`, `limit`); GET /api/audit/verify
 * checks the whole hash chain. A caller limited to teams reads their teams' escalations' entries
 * and may not verify (it reads, and its answer counts, every team's entries).
 */
export const auditRouter = new Hono<AppEnv>()
  .use(requireCapability('audit'))
  .get('/', queryOf(auditFilterSchema), async (c) =>
    c.json(await searchAudit(c.get('store'), c.get('principal'), c.req.valid('query'))))
  .get('/verify', noQuery, async (c) => c.json(await verifyAuditFor(c.get('store'), c.get('principal'))));
