import { Hono } from 'hono';
import { verifyAuditFor } from '../../store/audit.js';
import { attestAuditFor, attestationOf, checkAttestationFor } from '../../store/audit-attestation.js';
import { readJsonBody } from '../json-body.js';
import { auditFilterSchema, searchAudit } from '../../store/audit-search.js';
import { requireCapability } from '../auth.js';
import type { AppEnv } from '../env.js';
import { noQuery, queryOf } from '../query.js';

/**
 * Compliance and admin: GET /api/audit reads the log, newest first, a page at a time
 * (`actor`, `action`, `target`, `since`, `until`, `before`, `limit`); GET /api/audit/verify
 * checks the whole hash chain; GET /api/audit/attestation verifies it and signs its head with the
 * server's key (kt serve --signing-key), as `kt audit attest`; POST /api/audit/attestation/check
 * holds an attestation (the body) against the chain, as `kt audit verify --attestation`. A caller limited to teams reads
 * their teams' escalations' entries and may neither verify nor attest (each reads, and its answer
 * describes, every team's entries).
 */
export const auditRouter = new Hono<AppEnv>()
  .use(requireCapability('audit'))
  .get('/', queryOf(auditFilterSchema), async (c) =>
    c.json(await searchAudit(c.get('store'), c.get('principal'), c.req.valid('query'))))
  .get('/verify', noQuery, async (c) => c.json(await verifyAuditFor(c.get('store'), c.get('principal'))))
  .get('/attestation', noQuery, async (c) => c.json(await attestAuditFor(c.get('store'), c.get('principal'), c.get('signingKey'))))
  .post('/attestation/check', noQuery, async (c) => {
    const attestation = attestationOf(await readJsonBody(c), 'The body');
    const key = c.get('signingKey');
    return c.json(await checkAttestationFor(c.get('store'), c.get('principal'), attestation, key && { key: key.publicKey, fingerprint: key.fingerprint }));
  });
