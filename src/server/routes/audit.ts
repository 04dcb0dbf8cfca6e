import { Hono } from 'hono';
import { verifyAuditFor } from '../../store/audit.js';
import { attestAuditFor } from '../../store/audit-attestation.js';
import { auditFilterSchema, searchAudit } from '../../store/audit-search.js';
import { requireCapability } from '../auth.js';
import type { AppEnv } from '../env.js';
import { noQuery, queryOf } from '../query.js';

/**
 * Compliance and admin: GET /api/audit reads the log, newest first, a page at a time
 * (`actor`, `action`, `target`, `since`, `until`, `before`, `limit`); GET /api/audit/verify
 * checks the whole hash chain; GET /api/audit/attestation verifies it and signs its head with the
 * server's key (kt serve --signing-key), as `kt audit attest`. A caller limited to teams reads
 * their teams' escalations' entries and may neither verify nor attest (each reads, and its answer
 * describes, every team's entries).
 */
export const auditRouter = new Hono<AppEnv>()
  .use(requireCapability('audit'))
  .get('/', queryOf(auditFilterSchema), async (c) =>
    c.json(await searchAudit(c.get('store'), c.get('principal'), c.req.valid('query'))))
  .get('/verify', noQuery, async (c) => c.json(await verifyAuditFor(c.get('store'), c.get('principal'))))
  .get('/attestation', noQuery, async (c) => c.json(await attestAuditFor(c.get('store'), c.get('principal'), c.get('signingKey'))));
