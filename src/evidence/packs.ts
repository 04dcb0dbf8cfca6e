import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { z } from 'zod';
import type { Viewer } from '../analytics/scope.js';
import { notFound } from '../errors.js';
import { canonicalJson, genesisHash } from '../store/audit.js';
import type { Executor } from '../store/database.js';
import { query } from '../store/queries.js';
import { evidenceRoot } from './location.js';
import { manifestName, manifestSchema, type Manifest } from './manifest.js';
import { packEntry } from './pack-entry.js';
import { signatureName, type SignatureCheck } from './signature.js';
import { readManifest, verifyEvidence, type AuditEntryRef, type EvidenceProblem, type EvidenceVerification } from './verify.js';

/** A pack id as exportEvidence makes them: `evd_`, the export's time and a random suffix. */
export const packIdSchema = z.string().regex(/^evd_[0-9A-Za-z_]{1,100}$/, 'must be an evidence pack id like evd_20261001T090000Z_1a2b3c');

/** What an evidence_export audit entry records about its pack (see exportEvidence). */
const exportRecordSchema = z.object({
  pack_id: z.string(),
  dir: z.string(),
  reason: z.string().nullable(),
  scope: manifestSchema.shape.scope,
  counts: manifestSchema.shape.counts,
  audit_chain_head: manifestSchema.shape.audit_chain_head.optional(),
  manifest_sha256: z.string(),
  /** The fingerprint of the key the export signed with (absent: unsigned, or exported before packs were signed). */
  signing_key: z.string().optional(),
});

/** The manifest's fields its export entry records too: an edited manifest is named by the ones that differ. */
const recordedFields = ['reason', 'scope', 'counts', 'audit_chain_head'] as const;

/** An exported pack as the audit log knows it, and where this store's evidence folder holds it. */
export interface EvidencePack {
  pack_id: string;
  audit_seq: number;
  exported_at: string;
  exported_by: string;
  reason: string | null;
  scope: Manifest['scope'];
  counts: Manifest['counts'];
  /** The manifest hash recorded when the pack was made: a pack whose manifest.json hashes otherwise was altered. */
  manifest_sha256: string;
  /** Where the export wrote the pack. */
  dir: string;
  /**
   * The folder the server offers the pack's files from: the pack inside this store's
   * evidence folder (found by its folder name, so a store moved with its evidence folder
   * still finds it). Null for a pack written elsewhere (`kt evidence export --out …`).
   */
  served_dir: string | null;
}

interface ExportEntry {
  seq: number;
  recorded_at: string;
  actor: string;
  after: string;
}

/** The teams a pack's data may hold; null when it may hold any team (and events without one). */
export function packTeams(scope: Manifest['scope']): string[] | null {
  if (scope.teams.length > 0) return scope.visible_teams ? scope.teams.filter((t) => scope.visible_teams!.includes(t)) : scope.teams;
  return scope.visible_teams;
}

/** A team-limited viewer sees a pack only when everything it may hold is of their teams. */
function visibleTo(viewer: Viewer, scope: Manifest['scope']): boolean {
  if (viewer === 'everyone' || viewer.teams.length === 0) return true;
  const teams = packTeams(scope);
  return teams !== null && teams.every((t) => viewer.teams.includes(t));
}

function servedDir(root: string, dir: string, packId: string): string | null {
  const inside = relative(root, resolve(dir));
  const candidate = inside && !inside.startsWith('..') && !isAbsolute(inside) ? resolve(dir) : join(root, basename(dir));
  const manifest = join(candidate, manifestName);
  if (!existsSync(manifest) || !statSync(candidate).isDirectory()) return null;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { pack_id?: unknown }).pack_id === packId ? candidate : null;
  } catch {
    return null;
  }
}

function toPack(entry: ExportEntry, root: string): EvidencePack {
  const record = exportRecordSchema.parse(JSON.parse(entry.after));
  return {
    pack_id: record.pack_id,
    audit_seq: Number(entry.seq),
    exported_at: entry.recorded_at,
    exported_by: entry.actor,
    reason: record.reason,
    scope: record.scope,
    counts: record.counts,
    manifest_sha256: record.manifest_sha256,
    dir: record.dir,
    served_dir: servedDir(root, record.dir, record.pack_id),
  };
}

/** Every pack exported from this store that the viewer may see, newest first (from the audit log). */
export async function listEvidencePacks(db: Executor & { path: string }, viewer: Viewer): Promise<EvidencePack[]> {
  const root = evidenceRoot(db.path);
  const entries = await db.all<ExportEntry>(query('evidence_packs'));
  return entries.map((e) => toPack(e, root)).filter((p) => visibleTo(viewer, p.scope));
}

/** One pack by id; a pack the viewer may not see is reported as absent, like an escalation of another team. */
export async function findEvidencePack(db: Executor & { path: string }, viewer: Viewer, packId: string): Promise<EvidencePack> {
  const entry = await db.one<ExportEntry>(query('evidence_pack'), { target: `evidence:${packId}` });
  const pack = entry ? toPack(entry, evidenceRoot(db.path)) : undefined;
  if (!pack || !visibleTo(viewer, pack.scope)) throw notFound(`No evidence pack ${packId}.`, { pack: packId });
  return pack;
}

function servedFolder(pack: EvidencePack): string {
  if (!pack.served_dir) {
    throw notFound(`Evidence pack ${pack.pack_id} was written to ${pack.dir}, outside this server's evidence folder; its files are there.`, { pack: pack.pack_id, dir: pack.dir });
  }
  return pack.served_dir;
}

/** The pack checked now: every file against its manifest, and the manifest against what the audit log recorded. */
export async function checkEvidencePack(db: Executor, pack: EvidencePack): Promise<EvidenceVerification & { manifest_matches_audit: boolean }> {
  const verification = await verifyEvidence(servedFolder(pack));
  const against = await againstAuditLog(db, readManifest(servedFolder(pack)), verification.manifest_sha256, verification.audit_newest, verification.signature);
  const problems = [...against.problems, ...verification.problems];
  return { ...verification, ok: problems.length === 0, problems, manifest_matches_audit: against.entry !== null && against.problems.every((p) => p.detail !== hashDetail) };
}

/** What a store's audit log says of a pack: the export entry that recorded it (null when none did), and what disagrees. */
export interface AuditCrossCheck {
  entry: number | null;
  problems: EvidenceProblem[];
}

const hashDetail = 'hashes otherwise than the audit log recorded';

/**
 * A pack's manifest against the audit log of the store it was exported from: the manifest must
 * hash as its evidence_export entry recorded (a file rewritten together with its manifest line
 * shows here), and the chain head it names must still be in the chain (entries removed or
 * rewritten since the export show here).
 */
export async function againstAuditLog(db: Executor, manifest: Manifest, manifestSha256: string, packNewest: AuditEntryRef | null = null, signature?: SignatureCheck): Promise<AuditCrossCheck> {
  const head = manifest.audit_chain_head;
  const headHeld = await holdsHead(db, head);
  const entry = await db.one<ExportEntry>(query('evidence_pack'), { target: `evidence:${manifest.pack_id}` });
  if (!entry) {
    // Holding the very head the pack names, the store is the one it came from: its export entry is gone
    // (a backup taken before the export looks the same, and cannot vouch for the pack either).
    if (headHeld && head.seq > 0) {
      return { entry: null, problems: [{ file: manifestName, problem: 'audit', detail: `names audit chain head ${head.seq}, which this store's audit log holds, but the log has no record of the export: the entry was removed (or the store is a copy made before the export)` }] };
    }
    // Cut back past the head too, the log still holds the pack's own newest audit entry: the same log, its end removed.
    if (packNewest && await holdsHead(db, packNewest)) {
      return { entry: null, problems: [{ file: manifestName, problem: 'audit', detail: `names audit chain head ${head.seq}, which this store's audit log no longer holds, though it holds entry ${packNewest.seq} of the pack's audit data: the entries after it, the export's among them, were removed or rewritten (or the store is a copy older than the export)` }] };
    }
    return { entry: null, problems: [] };
  }
  const recorded = exportRecordSchema.parse(JSON.parse(entry.after));
  const problems: EvidenceProblem[] = [];
  const edited = recordedFields.filter((field) => recorded[field] !== undefined && canonicalJson(recorded[field]) !== canonicalJson(manifest[field]));
  if (recorded.manifest_sha256 !== manifestSha256) {
    const what = edited.length > 0 ? `what differs from the entry: ${edited.join(', ')}`
      : 'its reason, scope, counts and chain head are as the entry recorded, so its list of files (or another field) was edited';
    problems.push({ file: manifestName, problem: 'audit', detail: `${hashDetail}: SHA-256 is ${manifestSha256}, entry ${entry.seq} recorded ${recorded.manifest_sha256}; ${what}` });
  }
  // A head edited in the manifest is named above, not blamed on the log: the log is held to the head the export recorded.
  const logHead = edited.includes('audit_chain_head') ? recorded.audit_chain_head! : head;
  if (!(logHead === head ? headHeld : await holdsHead(db, logHead))) {
    problems.push({ file: manifestName, problem: 'audit', detail: `${logHead === head ? 'names' : 'was exported at'} audit chain head ${logHead.seq} (${logHead.hash.slice(0, 12)}…), which the audit log no longer holds: entries were removed or rewritten since the export` });
  }
  // A signature taken away (or replaced by another key's) leaves a pack that checks on its own: the log recorded which key signed.
  if (recorded.signing_key && signature && signature.key_fingerprint !== recorded.signing_key) {
    const found = signature.status === 'unsigned' ? 'the pack has no manifest.sig' : signature.key_fingerprint ? `manifest.sig is by key ${signature.key_fingerprint}` : 'manifest.sig cannot be read';
    problems.push({ file: signatureName, problem: 'audit', detail: `entry ${entry.seq} recorded a signature by key ${recorded.signing_key}, but ${found}: the signature was removed or replaced` });
  }
  return { entry: Number(entry.seq), problems };
}

/** Whether the chain still holds this entry (seq and hash). */
async function holdsHead(db: Executor, head: AuditEntryRef): Promise<boolean> {
  const held = head.seq === 0 ? { hash: genesisHash } : await db.one<{ hash: string }>(query('audit_entry_hash'), { seq: head.seq });
  return held?.hash === head.hash;
}

export interface PackFile {
  name: string;
  path: string;
  /** Null when the file is missing from the folder or is not a regular file, e.g. a link (the check reports it): such a file is never served. */
  bytes: number | null;
  contentType: string;
}

const contentTypes: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  json: 'application/json',
  sig: 'application/json',
};

/** The manifest and every file it lists that lies inside the pack folder (the manifest first); pass the manifest when it is read already. */
export function evidencePackFiles(pack: EvidencePack, manifest?: Manifest): PackFile[] {
  const dir = servedFolder(pack);
  // The signature, when the pack has one, travels with it (the zip an auditor is given holds it).
  const signed = packEntry(dir, signatureName).kind !== 'missing';
  const names = [manifestName, ...(signed ? [signatureName] : []), ...(manifest ?? readManifest(dir)).files.map((f) => f.path)];
  return names.flatMap((name) => {
    const path = resolve(dir, ...name.split('/'));
    if (!path.startsWith(dir + sep)) return []; // a manifest edited to point outside the pack: the check reports it
    const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    const entry = packEntry(dir, name);
    return [{ name, path, bytes: entry.kind === 'file' ? entry.bytes : null, contentType: contentTypes[extension] ?? 'application/octet-stream' }];
  });
}

/** One file of a pack, only if the manifest names it and it is there (nothing else in or beside the folder is served). */
export function evidencePackFile(pack: EvidencePack, name: string): PackFile & { bytes: number } {
  const file = evidencePackFiles(pack).find((f) => f.name === name);
  if (!file || file.bytes === null) throw notFound(`Evidence pack ${pack.pack_id} has no file ${name}.`, { pack: pack.pack_id, file: name });
  return { ...file, bytes: file.bytes };
}
