import { Hono } from 'hono';
import { auditActions, changeText, type AuditEntry } from '../../domain/audit.js';
import { can, type Principal } from '../../domain/user.js';
import { KtError } from '../../errors.js';
import { formatDate } from '../../render/format.js';
import { verifyAuditFor, type AuditVerification } from '../../store/audit.js';
import { attestAuditFor, checkAttestationFor, parseAttestation, type AttestationCheck } from '../../store/audit-attestation.js';
import { mismatchText } from '../../store/audit-state.js';
import { userMismatchText } from '../../store/audit-users.js';
import { auditActors, auditFilterSchema, searchAudit, type AuditPage } from '../../store/audit-search.js';
import { alsoMarked, everyFieldErrorOf, fieldErrorsOf, refusalInLabels, refusedField } from './field-errors.js';
import { label } from './labels.js';
import { verifyCsrf } from './csrf.js';
import { renderPage, requireCapability } from './page.js';
import type { WebEnv } from './session.js';

/** The filter form's fields; an empty one means "any". */
const formFields = ['actor', 'action', 'target', 'since', 'until', 'before'] as const;
type AuditForm = Partial<Record<(typeof formFields)[number], string>>;

/** The filter's fields as the form labels them; searchAudit's refusals name the flags (`--since`), its schema the keys. */
const formLabels: Record<string, string> = { actor: 'Who', action: 'What', target: 'About', since: 'Since', until: 'Until' };


function auditHref(params: Record<string, string>): string {
  const query = new URLSearchParams(params).toString();
  return query ? `/audit?${query}` : '/audit';
}

/** Where an entry's target lives in the web UI, for those who may open it. */
function targetHref(target: string, viewer: Principal): string | undefined {
  if (target.startsWith('esc_')) return `/escalations/${encodeURIComponent(target)}`;
  if (target.startsWith('evidence:') && can(viewer, 'evidence')) return `/evidence/${encodeURIComponent(target.slice('evidence:'.length))}`;
  return undefined;
}

function entryRow(entry: AuditEntry, viewer: Principal) {
  const change = changeText(entry.before, entry.after);
  return {
    seq: entry.seq,
    at: formatDate(entry.recorded_at),
    actor: entry.actor,
    action: label(entry.action),
    target: entry.target,
    targetHref: targetHref(entry.target, viewer),
    filterHref: auditHref({ target: entry.target }),
    change: change.length > 240 ? `${change.slice(0, 239)}…` : change,
    hash: entry.hash,
  };
}

/**
 * GET /audit: the audit trail for compliance and admins, newest first, 50 a page, filtered by
 * who, what, about what and when (the same searchAudit as GET /api/audit). `verify=1` also
 * recomputes the whole hash chain, as `kt audit verify`, and says where it breaks; a caller
 * limited to teams is refused that, as by GET /api/audit/verify, and is not offered the button.
 * GET /audit/attestation downloads the head signed by the server's key (GET /api/audit/attestation);
 * POST /audit/attestation/check holds an uploaded one against the chain.
 */
export function auditPageRouter(): Hono<WebEnv> {
  const router = new Hono<WebEnv>();
  router.get('/audit', async (c) => {
    requireCapability(c, 'audit', 'read the audit trail');
    const principal = c.var.principal;
    const form: AuditForm = {};
    for (const field of formFields) {
      const value = c.req.query(field);
      if (value !== undefined && value.trim() !== '') form[field] = value;
    }
    const parsed = auditFilterSchema.safeParse(form);
    if (!parsed.success) {
      // Every refused field in the form's words (the cursor, which has no label, by its key).
      const refused = parsed.error.issues.map((issue) => {
        const field = String(issue.path[0]);
        return { field, message: `${formLabels[field] ?? field} ${issue.message}.` };
      });
      const marked = everyFieldErrorOf('audit', refused);
      return renderAudit(c, form, { refusal: `The filter was not understood: ${refused[0]!.message}${alsoMarked(marked)}`, ...marked }, 400);
    }
    let page: AuditPage;
    try {
      page = await searchAudit(c.var.store, principal, parsed.data);
    } catch (error) {
      if (error instanceof KtError && error.code === 'bad_input') {
        const message = refusalInLabels(error, formLabels);
        return renderAudit(c, form, { refusal: `The filter was not understood: ${message}`, ...fieldErrorsOf('audit', refusedField(error), message) }, 400);
      }
      throw error;
    }
    let verification: AuditVerification | undefined;
    let refusal: string | undefined;
    let status = 200;
    if (c.req.query('verify') === '1') {
      try {
        verification = await verifyAuditFor(c.var.store, principal);
      } catch (error) {
        if (!(error instanceof KtError && error.code === 'forbidden')) throw error;
        refusal = error.message;
        status = error.httpStatus;
      }
    }
    const newer = { ...form };
    delete newer.before;
    return renderAudit(c, form, {
      searched: true,
      canAttest: c.var.signingKey !== undefined,
      signingKey: c.var.signingKey?.fingerprint,
      entries: page.entries.map((e) => entryRow(e, principal)),
      olderHref: page.next_before === null ? undefined : auditHref({ ...newer, before: String(page.next_before) }),
      newestHref: form.before ? auditHref(newer) : undefined,
      verification: verification && { ...verification, mismatches: [...(verification.state?.first.map(mismatchText) ?? []), ...(verification.users?.first.map(userMismatchText) ?? [])] },
      refusal,
    }, status);
  });
  // The chain's head signed by the server's key, as a file to keep outside kt (kt audit attest does the same on the store).
  router.get('/audit/attestation', async (c) => {
    requireCapability(c, 'audit', 'read the audit trail');
    const attestation = await attestAuditFor(c.var.store, c.var.principal, c.var.signingKey);
    const stamp = attestation.attested_at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    return c.body(JSON.stringify(attestation, null, 2) + '\n', 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="kt-audit-attestation-${stamp}.json"`,
      'Cache-Control': 'no-store',
    });
  });
  // An attestation kept outside kt, uploaded (or pasted) and held against the chain, as kt audit verify --attestation.
  router.post('/audit/attestation/check', verifyCsrf, async (c) => {
    requireCapability(c, 'audit', 'read the audit trail');
    const principal = c.var.principal;
    const field = (await c.req.parseBody()).attestation;
    const text = typeof field === 'string' ? field : field instanceof File ? await field.text() : '';
    const source = field instanceof File && field.name ? field.name : 'The attestation';
    let check: AttestationCheck | undefined;
    let refusal: string | undefined;
    let status = 200;
    try {
      if (text.trim() === '') throw new KtError('bad_input', 'Choose an attestation file to check: the one kt audit attest or “Download a signed attestation” wrote.', { field: 'attestation' });
      const signingKey = c.var.signingKey;
      check = await checkAttestationFor(c.var.store, principal, parseAttestation(text, source), signingKey && { key: signingKey.publicKey, fingerprint: signingKey.fingerprint });
    } catch (error) {
      if (!(error instanceof KtError) || !['bad_input', 'bad_file', 'forbidden'].includes(error.code)) throw error;
      refusal = error.message;
      status = error.httpStatus;
    }
    const page = await searchAudit(c.var.store, principal, auditFilterSchema.parse({}));
    return renderAudit(c, {}, {
      searched: true,
      canAttest: c.var.signingKey !== undefined,
      signingKey: c.var.signingKey?.fingerprint,
      entries: page.entries.map((e) => entryRow(e, principal)),
      olderHref: page.next_before === null ? undefined : auditHref({ before: String(page.next_before) }),
      attestationCheck: check && { ...check, file: source, attestedAt: formatDate(check.attestation.attested_at), byThisServer: check.signature.trusted === true },
      refusal,
    }, status);
  });
  return router;
}

async function renderAudit(c: Parameters<typeof renderPage>[0], form: AuditForm, view: Record<string, unknown>, status = 200): Promise<Response> {
  const actors = await auditActors(c.var.store, c.var.principal);
  const option = (value: string, text: string, selected: boolean) => ({ value, text, selected });
  return renderPage(c, 'pages/audit', {
    title: 'Audit trail',
    section: 'audit',
    form,
    // An actor asked for by a link or by hand stays shown, also when no entry has it.
    actors: [option('', 'Anyone', !form.actor), ...[...new Set([...actors, ...(form.actor ? [form.actor] : [])])].sort().map((a) => option(a, a, a === form.actor))],
    actions: [option('', 'Any action', !form.action), ...auditActions.map((a) => option(a, label(a), a === form.action))],
    filtered: Object.keys(form).some((k) => k !== 'before'),
    limitedToTeams: c.var.principal.teams.length > 0,
    ...view,
  }, status);
}
