import { zValidator } from '@hono/zod-validator';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { evidencePackArchive } from '../../evidence/archive.js';
import { exportEvidence } from '../../evidence/export.js';
import { checkEvidencePack, evidencePackFile, evidencePackFiles, findEvidencePack, listEvidencePacks, packIdSchema } from '../../evidence/packs.js';
import { newServerPackDir } from '../../evidence/location.js';
import { authenticate, requireCapability } from '../auth.js';
import type { AppEnv } from '../env.js';
import { downloadResponse, fileDownload } from '../file-response.js';
import { validationHook } from '../errors.js';
import { jsonBody } from '../json-body.js';
import { noQuery } from '../query.js';
import { exportJobJson } from '../export-job-json.js';
import { jobIdSchema, type ExportJob } from '../export-jobs.js';
import { notFound } from '../../errors.js';

/**
 * Evidence packs for compliance and admins. POST /api/evidence exports a pack into the
 * server's evidence folder (see evidenceRoot); the answer names the folder and carries
 * the manifest, or with `Prefer: respond-async` is the job to follow (GET /jobs/:job).
 * GET lists the packs exported so far (from the audit log), shows one with its
 * integrity checked now, and downloads its files or the whole pack as a zip. The
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

const asList = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** RFC 7240: the client would rather poll a job than hold the request open. */
const prefersAsync = (prefer: string | undefined) => (prefer ?? '').split(',').some((p) => p.trim().toLowerCase() === 'respond-async');

function exported(c: Context<AppEnv>, job: ExportJob): Response {
  const outcome = job.outcome!;
  if (!outcome.ok) throw outcome.error;
  const result = outcome.result;
  return c.json({ pack_id: result.pack_id, dir: result.dir, manifest_sha256: result.manifest_sha256, audit_seq: result.audit_seq, signing_key: result.signing_key, manifest: result.manifest }, 201);
}

/**
 * Exports a pack. The answer is the pack (201) once it is written, which for a large
 * pack is most of a minute; with `Prefer: respond-async` an export still running after
 * a moment answers 202 with its job instead (Location: /api/evidence/jobs/:job).
 * Either way the export runs as a job of the server's, at most two at once (503 beyond).
 */
evidenceRouter.post('/', noQuery, jsonBody(exportBodySchema), async (c) => {
  const body = c.req.valid('json');
  const store = c.get('store');
  const principal = c.get('principal');
  const jobs = c.get('exportJobs');
  const draft = { from: body.from, to: body.to, team: asList(body.team), escalation: asList(body.escalation).join(' '), reason: body.reason ?? '', pdf: body.pdf };
  const job = jobs.start(principal.id, draft, (onStep) => exportEvidence(store, body,
    { outDir: newServerPackDir(store.path), actor: principal.id, viewer: principal, pdf: body.pdf, printer: c.get('printer'), signingKey: c.get('signingKey'), onStep }));
  if (!prefersAsync(c.req.header('prefer'))) {
    await job.settled;
    return exported(c, job);
  }
  if (await jobs.endsWithin(job, jobs.waitMs)) return exported(c, job);
  c.header('Location', `/api/evidence/jobs/${job.id}`);
  c.header('Preference-Applied', 'respond-async');
  c.header('Retry-After', '2');
  return c.json({ job: exportJobJson(job) }, 202);
});

/** The caller's export jobs kept now (running, or ended within the hour), newest first. */
evidenceRouter.get('/jobs', noQuery, (c) => c.json({ jobs: c.get('exportJobs').list(c.get('principal').id).map((job) => exportJobJson(job)) }));

/** An export job of the caller's: running (poll again after Retry-After), done with its pack, or failed with its error. */
evidenceRouter.get('/jobs/:job', zValidator('param', z.object({ job: jobIdSchema }), validationHook('path')), noQuery, (c) => {
  const id = c.req.valid('param').job;
  const job = c.get('exportJobs').find(id, c.get('principal').id);
  if (!job) throw notFound(`No evidence export ${id} of yours: a job is kept for an hour after it ends, and not after the server restarts; exported packs are listed at /api/evidence.`, { job: id });
  if (!job.outcome) c.header('Retry-After', '2');
  return c.json({ job: exportJobJson(job) });
});

evidenceRouter.get('/', noQuery, async (c) => c.json({ packs: await listEvidencePacks(c.get('store'), c.get('principal')) }));

const packParams = z.object({ id: packIdSchema });

evidenceRouter.get('/:id', zValidator('param', packParams, validationHook('path')), noQuery, async (c) => {
  const pack = await findEvidencePack(c.get('store'), c.get('principal'), c.req.valid('param').id);
  if (!pack.served_dir) return c.json({ pack, check: null, files: [] });
  return c.json({ pack, check: await checkEvidencePack(c.get('store'), pack), files: evidencePackFiles(pack).map(({ name, bytes, contentType }) => ({ name, bytes, content_type: contentType })) });
});

evidenceRouter.get('/:id/files/:name', zValidator('param', packParams.extend({ name: z.string().min(1).max(200, 'must be at most 200 characters') }), validationHook('path')), noQuery, async (c) => {
  const { id, name } = c.req.valid('param');
  const pack = await findEvidencePack(c.get('store'), c.get('principal'), id);
  return fileDownload(c, evidencePackFile(pack, name));
});

evidenceRouter.get('/:id/archive', zValidator('param', packParams, validationHook('path')), noQuery, async (c) => {
  const pack = await findEvidencePack(c.get('store'), c.get('principal'), c.req.valid('param').id);
  const archive = evidencePackArchive(pack);
  return downloadResponse(c, { stream: archive.stream, name: archive.name, contentType: 'application/zip' });
});
