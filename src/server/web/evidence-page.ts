import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { exportEvidence } from '../../evidence/export.js';
import { newServerPackDir } from '../../evidence/location.js';
import { findEvidencePack, listEvidencePacks, packIdSchema } from '../../evidence/packs.js';
import { KtError } from '../../errors.js';
import { quarterOf, quarterWindow } from '../../reports/volume.js';
import { queueFilterChoices } from '../../store/filter-choices.js';
import { verifyCsrf } from './csrf.js';
import { alsoMarked, everyFieldErrorOf, laterIssuesOf, refusedField, type FieldErrors } from './field-errors.js';
import { evidencePackView, exportJobRow, exportJobView, inFormWords, issueInFormWords, packRow } from './evidence-view.js';
import { jobIdSchema, type ExportDraft, type ExportJob } from '../export-jobs.js';
import { renderPage, requireCapability } from './page.js';
import type { WebEnv } from './session.js';

/** The export form as the browser sends it: text fields, a checkbox per team, a checkbox for the PDF. */
const exportFormSchema = z.object({
  from: z.string().max(100).default(''),
  to: z.string().max(100).default(''),
  team: z.union([z.string(), z.array(z.string())]).optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter(Boolean)),
  escalation: z.string().max(20_000).default(''),
  reason: z.string().max(5_000).default(''),
  pdf: z.string().max(10).optional(),
});

const jobPath = (job: ExportJob) => `/evidence/jobs/${job.id}`;

/** The refusals a person can act on are shown on the form as sent; anything else is a server error. */
function refuseOrThrow(c: Context<WebEnv>, draft: ExportDraft, error: unknown): Promise<Response> {
  if (error instanceof KtError && ['bad_input', 'forbidden', 'not_found', 'conflict', 'unavailable'].includes(error.code)) {
    const why = inFormWords(error);
    const refused = [{ field: refusedField(error), message: why }, ...laterIssuesOf(error).map((issue) => ({ field: issue.field, message: issueInFormWords(issue) }))];
    const marked = everyFieldErrorOf('evidence', refused);
    return showEvidence(c, draft, { refusal: `Not exported: ${why}${alsoMarked(marked)}`, ...marked }, error.httpStatus);
  }
  throw error;
}

/** An export that has ended: its pack, or the form again with the reason it was refused. */
async function endedJob(c: Context<WebEnv>, job: ExportJob): Promise<Response> {
  const outcome = job.outcome!;
  if (outcome.ok) return c.redirect(`/evidence/${encodeURIComponent(outcome.result.pack_id)}?done=exported`, 303);
  return refuseOrThrow(c, job.draft, outcome.error);
}

/** The last full calendar quarter before `now`: what a quarterly evidence pack covers. */
export function lastQuarter(now: Date): { from: string; to: string } {
  const current = quarterWindow(quarterOf(now));
  const previous = quarterWindow(quarterOf(new Date(Date.parse(current.since) - 1)));
  return { from: previous.since.slice(0, 10), to: previous.until.slice(0, 10) };
}

async function showEvidence(c: Context<WebEnv>, draft: ExportDraft, messages: { refusal?: string } & FieldErrors = {}, status = 200): Promise<Response> {
  const principal = c.var.principal;
  const [packs, choices] = await Promise.all([listEvidencePacks(c.var.store, principal), queueFilterChoices(c.var.store, principal)]);
  return renderPage(c, 'pages/evidence', {
    title: 'Evidence packs',
    section: 'evidence',
    ...messages,
    draft,
    teams: choices.team.map((team) => ({ value: team, checked: draft.team.includes(team) })),
    exports: c.var.exportJobs.list(principal.id).filter((job) => !job.outcome?.ok).map((job) => exportJobRow(job, Date.now())),
    packs: packs.map(packRow),
  }, status);
}

/**
 * The evidence pages for compliance and admins: /evidence lists the packs exported so far
 * and exports a new one (the same exportEvidence as `kt evidence export` and POST
 * /api/evidence, into the server's evidence folder); /evidence/ID shows a pack with its
 * integrity checked now and links to download its files or the whole pack as a zip.
 */
export function evidencePageRouter(): Hono<WebEnv> {
  const router = new Hono<WebEnv>();

  router.get('/evidence', async (c) => {
    requireCapability(c, 'evidence', 'export or read evidence packs');
    return showEvidence(c, { ...lastQuarter(new Date()), team: [], escalation: '', reason: '', pdf: true });
  });

  router.post('/evidence', verifyCsrf, async (c) => {
    requireCapability(c, 'evidence', 'export or read evidence packs');
    const form = exportFormSchema.parse(await c.req.parseBody({ all: true }));
    const draft: ExportDraft = { from: form.from, to: form.to, team: form.team, escalation: form.escalation, reason: form.reason, pdf: form.pdf === 'yes' };
    const principal = c.var.principal;
    const jobs = c.var.exportJobs;
    let job: ExportJob;
    try {
      job = jobs.start(principal.id, draft, (onStep) => exportEvidence(c.var.store, {
        from: form.from,
        to: form.to,
        team: form.team,
        // One id per line (a pasted column) reads as a comma-separated list does.
        escalation: form.escalation.replace(/\r?\n/g, ','),
        reason: form.reason.trim() || undefined,
      }, { outDir: newServerPackDir(c.var.store.path), actor: principal.id, viewer: principal, pdf: draft.pdf, printer: c.var.printer, signingKey: c.var.signingKey, onStep }));
    } catch (error) {
      return refuseOrThrow(c, draft, error);
    }
    // A small pack is done in a moment: answer with it. A large one goes on while its progress is shown.
    if (await jobs.endsWithin(job, jobs.waitMs)) return endedJob(c, job);
    return c.redirect(jobPath(job), 303);
  });

  router.get('/evidence/jobs/:job', async (c) => {
    requireCapability(c, 'evidence', 'export or read evidence packs');
    const id = jobIdSchema.safeParse(c.req.param('job'));
    const job = id.success ? c.var.exportJobs.find(id.data, c.var.principal.id) : undefined;
    if (!job) {
      throw new KtError('not_found', `No evidence export ${c.req.param('job').slice(0, 200)} of yours: an export is shown for an hour after it ends, and not after kt serve restarts. Exported packs are listed under Evidence packs.`);
    }
    if (job.outcome) return endedJob(c, job);
    return renderPage(c, 'pages/evidence-job', {
      title: 'Exporting an evidence pack',
      section: 'evidence',
      refreshSeconds: 2,
      job: exportJobView(job, Date.now()),
    });
  });

  router.get('/evidence/:id', async (c) => {
    requireCapability(c, 'evidence', 'export or read evidence packs');
    const id = packIdSchema.safeParse(c.req.param('id'));
    if (!id.success) throw new KtError('not_found', `No evidence pack ${c.req.param('id').slice(0, 200)}.`);
    const pack = await findEvidencePack(c.var.store, c.var.principal, id.data);
    const view = await evidencePackView(c.var.store, pack, c.var.signingKey?.fingerprint);
    const notice = c.req.query('done') === 'exported'
      ? `Evidence pack exported and recorded in the audit trail (entry ${pack.audit_seq}). Download it below.`
      : undefined;
    return renderPage(c, 'pages/evidence-pack', { title: `Evidence pack ${pack.pack_id}`, section: 'evidence', notice, pack: view });
  });

  return router;
}
