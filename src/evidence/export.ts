import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { listValue } from '@duckdb/node-api';
import type { z } from 'zod';
import type { Viewer } from '../analytics/scope.js';
import { badInput, conflict, forbidden, notFound } from '../errors.js';
import { htmlFileToPdf, Printer, type PdfOptions } from '../render/pdf.js';
import { joinPdfParts } from '../render/pdf-merge.js';
import { formatDate } from '../render/format.js';
import { appendAudit, chainHead } from '../store/audit.js';
import type { Store } from '../store/database.js';
import { query } from '../store/queries.js';
import { packageVersion } from '../version.js';
import { copyTable, createEvidenceTable, dropEvidenceTables, type EvidenceTable } from './copy.js';
import { writeEvidenceDocument } from './document.js';
import { fileDigest, manifestName, type Manifest, type ManifestFile } from './manifest.js';
import type { SigningKey } from '../signing/keys.js';
import { signManifest, writeSignature } from './signature.js';
import { evidenceRequestSchema, type EvidenceRequest, type EvidenceRequestInput } from './request.js';
import { emptyOrAbsent, publishStaged, settleAbandonedExports, stagingDir } from './staging.js';
import { refuseUnknownTeams } from '../analytics/known-scope.js';

export interface EvidenceExportOptions {
  /** The pack folder: created, or an existing empty folder. The pack is staged beside it (see stagingDir). */
  outDir: string;
  /** Who exports (recorded in the manifest and the audit log). */
  actor: string;
  /** Whose team limits apply ('everyone' for the local CLI). */
  viewer: Viewer;
  /** Print evidence.pdf (needs Chromium); evidence.html is always written. */
  pdf?: boolean;
  /** Prints evidence.pdf on this browser (the server's); without one a browser is started for the pack. */
  printer?: Printer;
  now?: Date;
  /** Told as each step of the export begins (the web export's progress page shows them). */
  onStep?: (step: EvidenceExportStep) => void;
  /** Escalations per separately printed part of evidence.pdf (default 2,000; see joinPdfParts). */
  printPartSize?: number;
  /** Signs manifest.json into manifest.sig with this key (see signature.ts); unsigned without one. */
  signingKey?: SigningKey;
}

/** About 500 A4 pages a part: where Chromium's print time still grows in step with the length. */
const defaultPrintPartSize = 2_000;

/**
 * The steps of an export, in order: the scope is selected in one snapshot, the data
 * files are written (`done` of `of` so far), the HTML document, the PDF, then each
 * file's SHA-256, the audit entry, and the finished pack moved into its folder.
 * `escalations` is known from the data step on.
 */
export type EvidenceExportStep =
  | { step: 'select' }
  | { step: 'data'; done: number; of: number; escalations: number }
  | { step: 'document'; escalations: number }
  | { step: 'pdf'; escalations: number; parts: number; printed: number }
  | { step: 'digest' }
  | { step: 'audit' }
  | { step: 'publish' };

export interface EvidenceExportResult {
  pack_id: string;
  dir: string;
  manifest: Manifest;
  manifest_sha256: string;
  audit_seq: number;
  /** The fingerprint of the key that signed manifest.json (manifest.sig); null when unsigned. */
  signing_key: string | null;
}

const dataSets: Array<{ table: EvidenceTable; name: string; description: string }> = [
  { table: 'evidence_escalations', name: 'escalations', description: 'the resolved escalations in scope' },
  { table: 'evidence_events', name: 'events', description: 'the events linked to those escalations' },
  { table: 'evidence_audit', name: 'audit', description: 'the audit entries of those escalations, up to the chain head' },
  { table: 'evidence_configs', name: 'configs', description: 'the configuration versions named by those events' },
];

export const scopeDefinition =
  'Escalations with status resolved whose resolved_at lies in [from, to), limited to the listed teams (by the linked event\'s team) and escalation ids when given, and to the teams the exporter may see.';

/**
 * evidence.pdf is printed untagged: on the 2,597-page document of 10k escalations
 * tagging took 25-40 % of Chromium's CPU (38-41 s tagged, 22-35 s untagged) and
 * doubled the file (36.5 → 16.5 MB). The pack's evidence.html carries the same
 * content with its structure (headings, lists, tables) for assistive technology.
 */
function evidencePdfOptions(packId: string, now: Date): PdfOptions {
  return { title: `Evidence pack ${packId}`, headerNote: `made ${formatDate(now)}`, tagged: false };
}

/** The option an issue's problem ends by naming (`must be before` … `to`), if any. */
function versusOf(issue: z.core.$ZodIssue): string | undefined {
  const versus: unknown = issue.code === 'custom' ? issue.params?.versus : undefined;
  return typeof versus === 'string' ? versus : undefined;
}

/**
 * The request checked, or its first problem refused in the command line's words (`--from must be
 * before --to.`, `--to "soon" must be a day like …`). The option, the problem and the option it
 * is compared with are carried apart (details.option, problem, versus): the API says them with
 * its body fields (`from must be before to`), the web form with its labels (see refusalInWords).
 */
function parseRequest(input: EvidenceRequestInput): EvidenceRequest {
  const parsed = evidenceRequestSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  // Each issue carries its option and problem apart, so a form can mark every refused field in its words.
  const issues = parsed.error.issues.map((i) => {
    const versus = versusOf(i);
    return { field: i.path.join('.'), message: [i.message, versus].filter(Boolean).join(' '), option: String(i.path[0] ?? 'from'), problem: i.message, ...(versus ? { versus } : {}) };
  });
  const { option, problem, versus } = issues[0]!;
  throw badInput(`--${option} ${problem}${versus ? ` --${versus}` : ''}.`, { field: option, option, problem, ...(versus ? { versus } : {}), issues });
}

/**
 * The folder the pack is staged in, made new. The pack folder must be new or empty; what
 * an export killed before into the same folder left is settled first (see
 * settleAbandonedExports), so running the export again after a crash just works.
 */
async function prepareStaging(store: Store, dir: string): Promise<string> {
  // A link at the pack's place would have the pack land (or be judged empty) wherever it points.
  if (lstatSync(dir, { throwIfNoEntry: false })?.isSymbolicLink()) {
    throw conflict(`${dir} is a symbolic link; an evidence pack needs a new or empty folder, and kt does not write through links.`, { out: dir });
  }
  const settled = await settleAbandonedExports(store, dirname(dir), basename(dir));
  if (!emptyOrAbsent(dir)) {
    const why = settled.completed.length > 0 ? ': it holds the pack of an export that was cut short after it was recorded, moved into place just now' : '';
    throw conflict(`${dir} is not empty${why}; an evidence pack needs a new or empty folder.`, { out: dir });
  }
  const staging = stagingDir(dir);
  const there = lstatSync(staging, { throwIfNoEntry: false });
  if (there?.isSymbolicLink()) throw conflict(`${staging}, where the pack for ${dir} is staged, is a symbolic link; kt does not write through links. Remove it and export again.`, { out: dir, staged: staging });
  if (there) throw conflict(`An evidence export into ${dir} is already running in this process.`, { out: dir });
  mkdirSync(dirname(staging), { recursive: true });
  // Not recursive: made here and now, or the export stops (nothing placed there in between is written through).
  mkdirSync(staging);
  return staging;
}

/**
 * Writes an evidence pack: the data (CSV and Parquet, written by DuckDB COPY from one
 * consistent snapshot), evidence.html and evidence.pdf, and manifest.json with every
 * file's SHA-256 and row count. Then records the export in the audit log and moves the
 * pack into its folder. The store must have been opened with the pack folder's parent
 * among its allowedDirectories (the pack is staged there). On any failure the files
 * written so far are removed and nothing is audited; a process killed mid-way leaves
 * only its staging folder, which the next export into the folder (or `kt serve`) settles.
 */
export async function exportEvidence(store: Store, input: EvidenceRequestInput, options: EvidenceExportOptions): Promise<EvidenceExportResult> {
  const request = parseRequest(input);
  const visible = options.viewer !== 'everyone' && options.viewer.teams.length > 0 ? options.viewer.teams : null;
  const hidden = visible ? request.team.filter((t) => !visible.includes(t)) : [];
  if (hidden.length > 0) throw forbidden(`You may not export team ${hidden[0]}; your teams are ${visible!.join(', ')}.`, { team: hidden[0] });
  await refuseUnknownTeams(store, request.team, options.viewer);
  const now = options.now ?? new Date();
  const packId = `evd_${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}_${randomBytes(3).toString('hex')}`;
  const dir = resolve(options.outDir);
  const staging = await prepareStaging(store, dir);
  // Without the server's browser, start one now: it comes up while the data is copied.
  const ownPrinter = options.pdf !== false && !options.printer ? new Printer({ maxPages: 2 }) : undefined;
  ownPrinter?.warm();
  // The parts evidence.pdf is printed from: beside evidence.html, in a folder of their own, removed once printed.
  const partsDir = options.pdf !== false ? join(staging, '.print-parts') : undefined;
  if (partsDir) mkdirSync(partsDir);
  let printParts: string[] = [];
  let recorded = false;
  const step = options.onStep ?? (() => undefined);
  try {
    const header = {
      pack_id: packId,
      created_at: now.toISOString(),
      created_by: options.actor,
      reason: request.reason ?? null,
      scope: { from: request.from, to: request.to, teams: request.team, escalations: request.escalation, visible_teams: visible, definition: scopeDefinition },
    };
    const files: ManifestFile[] = [];
    step({ step: 'select' });
    const snapshot = await store.transaction(async (tx) => {
      const head = await chainHead(tx);
      try {
        const params = {
          from: request.from,
          to: request.to,
          teams: request.team.length > 0 ? listValue(request.team) : null,
          visible_teams: visible ? listValue(visible) : null,
          ids: request.escalation.length > 0 ? listValue(request.escalation) : null,
          head_seq: head.seq,
        };
        const counts = {
          escalations: await createEvidenceTable(tx, 'evidence_escalations', query('evidence_scope_escalations'), params),
          events: await createEvidenceTable(tx, 'evidence_events', query('evidence_scope_events'), params),
          audit: await createEvidenceTable(tx, 'evidence_audit', query('evidence_scope_audit'), params),
          configs: await createEvidenceTable(tx, 'evidence_configs', query('evidence_scope_configs'), params),
        };
        if (request.escalation.length > 0) {
          const found = new Set((await tx.all<{ id: string }>('SELECT id FROM evidence_escalations')).map((r) => r.id));
          const absent = request.escalation.find((id) => !found.has(id));
          if (absent) {
            throw notFound(`Escalation ${absent} is not a resolved escalation in the scope (resolved from ${formatDate(request.from)} to ${formatDate(request.to)}${request.team.length ? `, teams ${request.team.join(', ')}` : ''}).`, { escalation: absent, field: 'escalation' });
          }
        }
        for (const set of dataSets) {
          for (const format of ['csv', 'parquet'] as const) {
            step({ step: 'data', done: files.length, of: dataSets.length * 2, escalations: counts.escalations });
            const name = `${set.name}.${format}`;
            await copyTable(tx, set.table, format, join(staging, name));
            files.push({ path: name, sha256: '', bytes: 0, rows: counts[set.name as keyof typeof counts], description: `${set.description} (${format === 'csv' ? 'CSV with a header row' : 'Parquet'})` });
          }
        }
        const doc = { ...header, counts, audit_chain_head: head, generator: `kt ${packageVersion}` };
        step({ step: 'document', escalations: counts.escalations });
        // Parts only when there is more than one part's worth: a smaller pack is printed whole, from evidence.html.
        const partSize = options.printPartSize ?? defaultPrintPartSize;
        printParts = await writeEvidenceDocument(tx, join(staging, 'evidence.html'), doc,
          partsDir && counts.escalations > partSize ? { dir: partsDir, size: partSize } : undefined);
        return { head, counts };
      } finally {
        await dropEvidenceTables(tx);
      }
    });
    files.push({ path: 'evidence.html', sha256: '', bytes: 0, rows: null, description: 'the evidence document (HTML, the source of evidence.pdf)' });
    if (options.pdf !== false) {
      await printEvidencePdf(join(staging, 'evidence.html'), printParts, join(staging, 'evidence.pdf'), evidencePdfOptions(packId, now), options.printer ?? ownPrinter!,
        (printed) => step({ step: 'pdf', escalations: snapshot.counts.escalations, parts: Math.max(1, printParts.length), printed }));
      await ownPrinter?.close();
      rmSync(partsDir!, { recursive: true, force: true });
      files.push({ path: 'evidence.pdf', sha256: '', bytes: 0, rows: null, description: 'the evidence document (PDF)' });
    }
    step({ step: 'digest' });
    for (const file of files) Object.assign(file, await fileDigest(join(staging, file.path)));
    files.sort((a, b) => a.path.localeCompare(b.path));
    const manifest: Manifest = {
      format: 'kt-evidence-pack/1',
      pack_id: packId,
      generator: { name: 'kt', version: packageVersion },
      created_at: header.created_at,
      created_by: header.created_by,
      reason: header.reason,
      scope: header.scope,
      counts: snapshot.counts,
      audit_chain_head: snapshot.head,
      files,
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
    writeFileSync(join(staging, manifestName), manifestBytes, { flag: 'wx' }); // a new file: never through a link
    const manifestSha = (await fileDigest(join(staging, manifestName))).sha256;
    if (options.signingKey) writeSignature(staging, signManifest(manifestBytes, manifestSha, options.signingKey));
    step({ step: 'audit' });
    const [entry] = await store.transaction((tx) =>
      appendAudit(tx, [{
        actor: options.actor,
        action: 'evidence_export',
        target: `evidence:${packId}`,
        after: { pack_id: packId, dir, reason: header.reason, scope: header.scope, counts: snapshot.counts, audit_chain_head: snapshot.head, manifest_sha256: manifestSha,
          // The key is recorded, so that a signature removed from the pack later is named against the log.
          ...(options.signingKey && { signing_key: options.signingKey.fingerprint }) },
        at: now,
      }]));
    recorded = true;
    step({ step: 'publish' });
    try {
      publishStaged(staging, dir);
    } catch (error) {
      throw conflict(`Evidence pack ${packId} is recorded in the audit log (entry ${entry!.seq}) but could not be moved into ${dir} (${(error as Error).message}); it is whole in ${staging}.`, { out: dir, staged: staging });
    }
    return { pack_id: packId, dir, manifest, manifest_sha256: manifestSha, audit_seq: entry!.seq, signing_key: options.signingKey?.fingerprint ?? null };
  } catch (error) {
    // Nothing half-written: remove what this export put there (a recorded pack stays, staged).
    if (!recorded) rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    await ownPrinter?.close();
  }
}

/**
 * evidence.pdf: a pack of one part's worth is printed whole; a longer one part by part
 * (as many at once as the printer has tabs), joined and numbered by joinPdfParts.
 * `printed` is told how many parts are done, from 0.
 */
async function printEvidencePdf(html: string, parts: string[], out: string, pdf: PdfOptions, printer: Printer, printed: (done: number) => void): Promise<void> {
  printed(0);
  if (parts.length <= 1) return htmlFileToPdf(html, out, pdf, printer);
  const printedParts = parts.map((part) => part.replace(/\.html$/, '.pdf'));
  let done = 0;
  await Promise.all(parts.map(async (part, i) => {
    await printer.print(part, printedParts[i]!, { ...pdf, pageNumbers: false });
    printed(++done);
  }));
  await joinPdfParts(printedParts, out, { title: pdf.title, creator: `kt ${packageVersion}` });
}
