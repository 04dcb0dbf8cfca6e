import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import { evidencePackArchive } from '../../evidence/archive.js';
import { exportEvidence } from '../../evidence/export.js';
import { checkEvidencePack, evidencePackFile, evidencePackFiles, findEvidencePack, listEvidencePacks, packIdSchema } from '../../evidence/packs.js';
import { newServerPackDir } from '../../evidence/location.js';
import { authenticate, requireCapability } from '../auth.js';
import type { AppEnv } from '../env.js';
import { downloadResponse, fileDownload } from '../file-response.js';
import { validationHook } from '../errors.js';

/**
 * Evidence packs for compliance and admins. POST /api/evidence exports a pack into the
 * server's evidence folder (see evidenceRoot); the answer names the folder and carries
 * the manifest. GET lists the packs exported so far (from the audit log), shows one with
 * its integrity checked now, and downloads its files or the whole pack as a zip. The
 * caller's team limits bound what a pack holds and which packs they see.
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
  const result = await exportEvidence(store, body, { outDir: newServerPackDir(store.path), actor: principal.id, viewer: principal, pdf: body.pdf, printer: c.get('printer') });
  return c.json({ pack_id: result.pack_id, dir: result.dir, manifest_sha256: result.manifest_sha256, audit_seq: result.audit_seq, manifest: result.manifest }, 201);
});

evidenceRouter.get('/', async (c) => c.json({ packs: await listEvidencePacks(c.get('store'), c.get('principal')) }));

const packParams = z.object({ id: packIdSchema });

evidenceRouter.get('/:id', zValidator('param', packParams, validationHook('path')), async (c) => {
  const pack = await findEvidencePack(c.get('store'), c.get('principal'), c.req.valid('param').id);
  if (!pack.served_dir) return c.json({ pack, check: null, files: [] });
  return c.json({ pack, check: await checkEvidencePack(pack), files: evidencePackFiles(pack).map(({ name, bytes, contentType }) => ({ name, bytes, content_type: contentType })) });
});

evidenceRouter.get('/:id/files/:name', zValidator('param', packParams.extend({ name: z.string().min(1).max(200) }), validationHook('path')), async (c) => {
  const { id, name } = c.req.valid('param');
  const pack = await findEvidencePack(c.get('store'), c.get('principal'), id);
  return fileDownload(c, evidencePackFile(pack, name));
});

evidenceRouter.get('/:id/archive', zValidator('param', packParams, validationHook('path')), async (c) => {
  const pack = await findEvidencePack(c.get('store'), c.get('principal'), c.req.valid('param').id);
  const archive = evidencePackArchive(pack);
  return downloadResponse(c, { stream: archive.stream, name: archive.name, contentType: 'application/zip' });
});
