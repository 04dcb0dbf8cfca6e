import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import { exportEvidence } from '../../evidence/export.js';
import { evidenceRoot } from '../../evidence/location.js';
import { authenticate, requireCapability } from '../auth.js';
import type { AppEnv } from '../env.js';
import { validationHook } from '../errors.js';

/**
 * POST /api/evidence — compliance and admins export an evidence pack into the
 * server's evidence folder (see evidenceRoot); the answer names the folder and
 * carries the manifest. The caller's team limits bound the pack.
 */
export const evidenceRouter = new Hono<AppEnv>();

evidenceRouter.use('*', authenticate, requireCapability('evidence'));

const stringOrList = z.union([z.string(), z.array(z.string())]).optional();

const exportBodySchema = z.object({
  from: z.string().min(1, 'is required'),
  to: z.string().min(1, 'is required'),
  team: stringOrList,
  escalation: stringOrList,
  reason: z.string().optional(),
  pdf: z.boolean().default(true),
}).strict();

evidenceRouter.post('/', zValidator('json', exportBodySchema, validationHook('body')), async (c) => {
  const body = c.req.valid('json');
  const store = c.get('store');
  const principal = c.get('principal');
  const folder = `pack-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
  const result = await exportEvidence(store, body, { outDir: join(evidenceRoot(store.path), folder), actor: principal.id, viewer: principal, pdf: body.pdf, printer: c.get('printer') });
  return c.json({ pack_id: result.pack_id, dir: result.dir, manifest_sha256: result.manifest_sha256, audit_seq: result.audit_seq, manifest: result.manifest }, 201);
});
