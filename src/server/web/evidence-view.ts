import { KtError, phraseInWords } from '../../errors.js';
import { exportStepDetail, exportStepLabel, exportStepStates } from '../../evidence/export-steps.js';
import { fileDigest, manifestName, type Manifest } from '../../evidence/manifest.js';
import { signatureName } from '../../evidence/signature.js';
import { checkEvidencePack, evidencePackFiles, packTeams, type EvidencePack } from '../../evidence/packs.js';
import { readManifest, type EvidenceProblem } from '../../evidence/verify.js';
import { formatDate, formatNumber } from '../../render/format.js';
import type { Executor } from '../../store/database.js';
import type { ExportJob } from '../export-jobs.js';
import { refusalInLabels } from './field-errors.js';

const apiPath = (pack: EvidencePack) => `/api/evidence/${encodeURIComponent(pack.pack_id)}`;

function teamsText(pack: EvidencePack): string {
  return packTeams(pack.scope)?.join(', ') ?? 'All teams';
}

/** [from, to) as people read it: whole days as first – last day included, other instants as they are. */
export function periodText(from: string, to: string): string {
  const midnight = (iso: string) => iso.endsWith('T00:00:00.000Z');
  if (!midnight(from) || !midnight(to)) return `${formatDate(from)} up to ${formatDate(to)}`;
  const first = formatDate(from, 'date');
  const last = formatDate(new Date(Date.parse(to) - 86_400_000), 'date');
  return first === last ? first : `${first} – ${last}`;
}

/** One row of the list of packs. */
export function packRow(pack: EvidencePack) {
  return {
    id: pack.pack_id,
    href: `/evidence/${encodeURIComponent(pack.pack_id)}`,
    exportedAt: formatDate(pack.exported_at),
    exportedBy: pack.exported_by,
    period: periodText(pack.scope.from, pack.scope.to),
    teams: teamsText(pack),
    escalations: formatNumber(pack.counts.escalations),
    reason: pack.reason,
    served: pack.served_dir !== null,
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const problemWords: Record<EvidenceProblem['problem'], string> = {
  missing: 'Missing',
  changed: 'Changed',
  added: 'Not in the manifest',
  row_count: 'Row count differs',
  audit: 'Disagrees with the audit log',
  not_a_file: 'Not a regular file',
  signature: 'Signature does not check',
};

/** The pack's check, made now; a pack whose manifest is gone or unreadable fails it with that reason. */
async function checkNow(db: Executor, pack: EvidencePack) {
  try {
    const check = await checkEvidencePack(db, pack);
    return { ok: check.ok, filesChecked: check.files_checked, signature: check.signature, problems: check.problems.map((p) => ({ ...p, what: problemWords[p.problem] })) };
  } catch (error) {
    if (!(error instanceof KtError) || error.code !== 'bad_file') throw error;
    return { ok: false, filesChecked: 0, problems: [{ file: manifestName, what: problemWords.missing, detail: error.message }] };
  }
}

function manifestOf(dir: string): Manifest | undefined {
  try {
    return readManifest(dir);
  } catch {
    return undefined;
  }
}

/** Everything the pack page shows: who made it and why, what it covers, the check, and its files. */
export async function evidencePackView(db: Executor, pack: EvidencePack, serverKey?: string) {
  const manifest = pack.served_dir ? manifestOf(pack.served_dir) : undefined;
  const listed = new Map(manifest?.files.map((f) => [f.path, f]) ?? []);
  const files = manifest
    ? await Promise.all(evidencePackFiles(pack, manifest).map(async (file) => {
      const entry = listed.get(file.name);
      // The two files the manifest cannot list: itself (hashed in the audit log) and its signature (hashed now).
      const unlisted = file.name === signatureName
        ? { description: 'the Ed25519 signature of manifest.json', sha256: file.bytes === null ? '' : (await fileDigest(file.path)).sha256 }
        : { description: 'the list of every file with its SHA-256, size and row count', sha256: pack.manifest_sha256 };
      return {
        name: file.name,
        description: entry?.description ?? unlisted.description,
        rows: entry?.rows === null || entry?.rows === undefined ? '' : formatNumber(entry.rows),
        size: file.bytes === null ? 'missing' : formatBytes(file.bytes),
        sha256: entry?.sha256 ?? unlisted.sha256,
        href: file.bytes === null ? undefined : `${apiPath(pack)}/files/${encodeURIComponent(file.name)}`,
      };
    }))
    : [];
  const check = pack.served_dir ? await checkNow(db, pack) : undefined;
  const signature = check?.signature;
  return {
    ...packRow(pack),
    scopeDefinition: pack.scope.definition,
    onlyEscalations: pack.scope.escalations.join(', '),
    counts: {
      escalations: formatNumber(pack.counts.escalations),
      events: formatNumber(pack.counts.events),
      audit: formatNumber(pack.counts.audit),
      configs: formatNumber(pack.counts.configs),
    },
    auditSeq: pack.audit_seq,
    manifestSha: pack.manifest_sha256,
    chainHead: manifest?.audit_chain_head,
    generator: manifest ? `${manifest.generator.name} ${manifest.generator.version}` : undefined,
    dir: pack.dir,
    check,
    signature: signature && {
      ...signature,
      signed: signature.status !== 'unsigned',
      byThisServer: serverKey !== undefined && signature.key_fingerprint === serverKey,
    },
    files,
    archiveHref: manifest ? `${apiPath(pack)}/archive` : undefined,
  };
}

/** Whole seconds as people read a wait: "8 s", "1 min 12 s". */
export function elapsedText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** The form sends days; an export started from the API may name an instant. */
const dayOrInstant = (text: string) => (/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00.000Z` : text);

/** The progress page of an export still running: every step, done, current or to come. */
export function exportJobView(job: ExportJob, nowMs: number) {
  const states = exportStepStates(job.draft.pdf, job.step.step);
  const at = states.findIndex((s) => s.state === 'current');
  return {
    period: job.draft.from && job.draft.to ? periodText(dayOrInstant(job.draft.from), dayOrInstant(job.draft.to)) : '',
    teams: job.draft.team.length > 0 ? job.draft.team.join(', ') : 'all teams you may see',
    startedAt: formatDate(new Date(job.startedMs).toISOString()),
    elapsed: elapsedText(nowMs - job.startedMs),
    steps: states.map(({ name, state, position }) => {
      const detail = state === 'current' ? exportStepDetail(job.step) : undefined;
      // Not `label` or `number`: those are helpers in the templates.
      return { what: exportStepLabel(name), detail, state, current: state === 'current', done: state === 'done', position };
    }),
    stepCount: states.length,
    stepNumber: at + 1,
  };
}

/** The export form's labels (To's "(not included)" is a note, not its name), by the option a refusal names. */
const formLabels: Record<string, string> = { from: 'From', to: 'To', team: 'Teams', escalation: 'Only these escalations', reason: 'Reason' };

/** A refusal of the export in the form's words: its message names command-line flags (`--from must be before --to`). */
export function inFormWords(error: KtError): string {
  return refusalInLabels(error, formLabels);
}

/** One issue of a refusal that named several fields, in the form's words; its own message when it has none. */
export function issueInFormWords(issue: Record<string, unknown>): string {
  return phraseInWords(issue, (option) => formLabels[option]) ?? (typeof issue.message === 'string' ? issue.message : '');
}

/**
 * A row of the list of the caller's exports not yet in the pack list: running (with
 * the step it is on), or failed within the hour (with why: whoever left the progress
 * page would not learn it otherwise). A finished export is its pack, listed below.
 */
export function exportJobRow(job: ExportJob, nowMs: number) {
  const view = exportJobView(job, nowMs);
  const current = view.steps[view.stepNumber - 1];
  const error = job.outcome && !job.outcome.ok ? job.outcome.error : undefined;
  return {
    href: `/evidence/jobs/${job.id}`,
    period: view.period,
    teams: view.teams,
    startedAt: view.startedAt,
    failed: error !== undefined,
    where: current ? `Step ${view.stepNumber} of ${view.stepCount}: ${current.what}${current.detail ? ` (${current.detail})` : ''}` : '',
    elapsed: view.elapsed,
    why: error === undefined ? undefined : error instanceof KtError && error.code !== 'internal' ? inFormWords(error) : 'The server failed to export it; its log has the details.',
  };
}

