import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { exportEvidence, type EvidenceExportStep } from '../evidence/export.js';
import { exportStepDetail, exportStepLabel } from '../evidence/export-steps.js';
import { againstAuditLog, listEvidencePacks, packTeams, type AuditCrossCheck } from '../evidence/packs.js';
import { formatDate, formatNumber } from '../render/format.js';
import { formatTable } from './table.js';
import { readManifest, verifyEvidence, type AuditEntryRef, type EvidenceProblem } from '../evidence/verify.js';
import type { SignatureCheck } from '../evidence/signature.js';
import { createSigningKey, loadPublicKey, signingKeyOf } from '../signing/keys.js';
import { KtError } from '../errors.js';
import { withStore } from '../store/database.js';
import { globalOptions, interactive, type GlobalOptions } from './context.js';
import { localActor } from './users.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

interface ExportFlags {
  from: string;
  to: string;
  team: string[];
  escalation: string[];
  reason?: string;
  out: string;
  pdf: boolean;
  signingKey?: string;
}

/** On a terminal, one line on stderr as each step of an export begins (a large pack takes most of a minute). */
function stepPrinter(g: GlobalOptions): ((step: EvidenceExportStep) => void) | undefined {
  if (!interactive(g)) return undefined;
  let last: string | undefined;
  return (step) => {
    // A long PDF is printed in parts: a line as each is done shows the longest step moving.
    if (step.step === 'pdf' && last === 'pdf') {
      if (step.printed > 0) process.stderr.write(`kt evidence:   part ${step.printed} of ${step.parts} printed\n`);
      return;
    }
    // The data step reports each file: one line is enough.
    if (step.step === last) return;
    last = step.step;
    const detail = step.step === 'data' ? undefined
      : step.step === 'pdf' ? `${formatNumber(step.escalations)} escalations${step.parts > 1 ? ` in ${step.parts} parts` : ''}` : exportStepDetail(step);
    process.stderr.write(`kt evidence: ${exportStepLabel(step.step)}${detail ? ` (${detail})` : ''}…\n`);
  };
}

/** kt evidence export|verify */
export function registerEvidence(program: Command): void {
  const evidence = program.command('evidence').description('evidence packs for auditors: PDF + data files + integrity manifest');

  evidence
    .command('export')
    .description('write an evidence pack of the escalations resolved in [--from, --to)')
    .requiredOption('--from <time>', 'first day or instant (2026-07-01 or RFC 3339)')
    .requiredOption('--to <time>', 'end, exclusive (2026-10-01 or RFC 3339)')
    .option('--team <team>', 'only this team (repeatable)', collect, [])
    .option('--escalation <id>', 'only this escalation (repeatable)', collect, [])
    .option('--reason <text>', 'why the pack is made (printed on its first page)')
    .requiredOption('--out <dir>', 'a new or empty folder for the pack')
    .option('--no-pdf', 'skip evidence.pdf (no Chromium needed; evidence.html is always written)')
    .option('--signing-key <file>', 'sign the manifest with this Ed25519 key (kt evidence keygen; default: env KT_SIGNING_KEY)')
    .action(async (flags: ExportFlags, cmd: Command) => {
      const g = globalOptions(cmd);
      // Read before anything is written: a key that cannot be used refuses the export whole.
      const signingKey = signingKeyOf(flags.signingKey);
      // The pack is staged beside its folder (see stagingDir), so DuckDB may write in the folder's parent.
      const result = await withStore(g.db, { existing: true, allowedDirectories: [dirname(resolve(flags.out))] }, (store) =>
        exportEvidence(store, { from: flags.from, to: flags.to, team: flags.team, escalation: flags.escalation, reason: flags.reason },
          { outDir: flags.out, actor: localActor(), viewer: 'everyone', pdf: flags.pdf, onStep: stepPrinter(g), signingKey }));
      if (g.json) {
        process.stdout.write(JSON.stringify({ pack_id: result.pack_id, dir: result.dir, manifest_sha256: result.manifest_sha256, audit_seq: result.audit_seq, signing_key: result.signing_key, counts: result.manifest.counts, files: result.manifest.files }, null, 2) + '\n');
      } else {
        const c = result.manifest.counts;
        process.stdout.write(`Evidence pack ${result.pack_id} written to ${result.dir}\n` +
          `  ${formatNumber(c.escalations)} escalations, ${formatNumber(c.events)} events, ${formatNumber(c.audit)} audit entries, ${formatNumber(c.configs)} config versions; ${result.manifest.files.length} files\n` +
          `  manifest SHA-256 ${result.manifest_sha256} (audit entry ${result.audit_seq})\n` +
          (result.signing_key ? `  signed (manifest.sig) with key ${result.signing_key}\n` : ''));
      }
    });

  evidence
    .command('keygen')
    .description('make an Ed25519 key to sign evidence packs with: the private key in --out (mode 0600, keep it off the store\'s disk and its backups), the public key beside it as .pub.pem, for auditors')
    .requiredOption('--out <file>', 'where to write the private key (PEM); never overwritten')
    .action((flags: { out: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      const key = createSigningKey(flags.out);
      if (g.json) process.stdout.write(JSON.stringify({ private_key: key.privateFile, public_key: key.publicFile, fingerprint: key.fingerprint }, null, 2) + '\n');
      else {
        process.stdout.write(`Signing key ${key.fingerprint}\n  private: ${key.privateFile} (sign with kt evidence export --signing-key, or KT_SIGNING_KEY for kt serve)\n` +
          `  public:  ${key.publicFile} (give it to auditors: kt evidence verify PACK --public-key ${key.publicFile})\n`);
      }
    });

  evidence
    .command('list')
    .description('the packs exported from this store, newest first (from the audit log), and where each lies')
    .action(async (_flags: unknown, cmd: Command) => {
      const g = globalOptions(cmd);
      const packs = await withStore(g.db, { readOnly: true }, (store) => listEvidencePacks(store, 'everyone'));
      if (g.json) {
        process.stdout.write(JSON.stringify(packs, null, 2) + '\n');
        return;
      }
      process.stdout.write(formatTable(packs.map((p) => ({
        pack: p.pack_id,
        exported: formatDate(p.exported_at),
        by: p.exported_by,
        resolved_from: formatDate(p.scope.from, 'date'),
        to: formatDate(p.scope.to, 'date'),
        teams: packTeams(p.scope)?.join(', ') ?? 'all',
        escalations: p.counts.escalations,
        dir: p.dir,
      }))));
    });

  evidence
    .command('verify')
    .description('re-check every file of a pack against its manifest (hash and row count), and the manifest against the audit log of the store (--db) when it holds the export; names each problem')
    .argument('<dir>', 'the pack folder')
    .option('--public-key <file>', 'also require manifest.sig to be by this Ed25519 public key (the .pub.pem kt evidence keygen wrote)')
    .action(async (dir: string, flags: { publicKey?: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      const trusted = flags.publicKey === undefined ? undefined : loadPublicKey(flags.publicKey);
      const files = await verifyEvidence(dir, trusted);
      const audit = await auditCheck(g.db, dir, files.manifest_sha256, files.audit_newest, files.signature);
      const problems = [...audit.problems, ...files.problems];
      const result = { ...files, ok: problems.length === 0, problems, audit: { db: resolve(g.db), checked: audit.checked, entry: audit.entry, note: audit.note } };
      if (g.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      else if (result.ok) {
        process.stdout.write(`OK: ${result.files_checked} files match the manifest of ${result.dir} (manifest SHA-256 ${result.manifest_sha256}).\n`);
        process.stdout.write(`${signatureNote(files.signature)}\n`);
        process.stdout.write(`${audit.note}\n`);
      } else for (const p of problems) process.stdout.write(`${p.problem.toUpperCase()}: ${p.file} ${p.detail}\n`);
      if (!result.ok) {
        const first = problems[0]!;
        throw new KtError('bad_file', `Evidence pack ${result.dir} does not verify: ${problems.length} problem(s), first ${first.file} (${first.problem}).`, { problems });
      }
    });
}

/** One line on the pack's signature, after OK. */
function signatureNote(signature: SignatureCheck): string {
  if (signature.status === 'unsigned') return 'Unsigned: the pack has no manifest.sig (an export signs with --signing-key).';
  return signature.trusted
    ? `Signed by the key given (${signature.key_fingerprint}): manifest.sig checks against manifest.json.`
    : `Signed by key ${signature.key_fingerprint}: manifest.sig checks against manifest.json (pass --public-key to require that key).`;
}

/**
 * The pack against the audit log of the store it came from, when that store is at hand: a pack
 * whose files and manifest were rewritten together still verifies on its own, but not against the
 * hash its export recorded. Without the store (an auditor's copy of the pack) the files alone are checked.
 */
async function auditCheck(db: string, dir: string, manifestSha256: string, packNewest: AuditEntryRef | null, signature: SignatureCheck): Promise<{ checked: boolean; entry: number | null; problems: EvidenceProblem[]; note: string }> {
  if (!existsSync(db)) return { checked: false, entry: null, problems: [], note: `Not checked against an audit log: no kt store at ${db} (pass --db with the store the pack was exported from).` };
  let cross: AuditCrossCheck;
  try {
    cross = await withStore(db, { readOnly: true }, (store) => againstAuditLog(store, readManifest(dir), manifestSha256, packNewest, signature));
  } catch (error) {
    if (error instanceof KtError && error.code === 'unavailable') {
      return { checked: false, entry: null, problems: [], note: `Not checked against an audit log: ${error.message}` };
    }
    throw error;
  }
  if (cross.entry === null && cross.problems.length === 0) {
    return { checked: false, entry: null, problems: [], note: `Not checked against an audit log: the store ${db} has no record of exporting this pack (pass --db with the store it came from).` };
  }
  // The note is printed only when all is well, but --json always carries it: it must not say the log agrees when it does not.
  const note = cross.problems.length === 0 ? `The audit log of ${db} recorded this manifest (entry ${cross.entry}) and still holds the chain head it names.`
    : `Checked against the audit log of ${db}${cross.entry === null ? ', which no longer records the export' : ` (entry ${cross.entry})`}: it disagrees with the pack (the audit problems).`;
  return { checked: true, entry: cross.entry, problems: cross.problems, note };
}
