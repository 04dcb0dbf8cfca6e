import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { KtError } from '../errors.js';
import { runQuestion } from '../analytics/run.js';
import { openStore, type Store } from '../store/database.js';
import { fileDigest, manifestName, manifestSchema, type Manifest } from './manifest.js';
import { packEntry, packListing } from './pack-entry.js';
import { checkSignature, signatureName, type SignatureCheck } from './signature.js';
import type { KeyObject } from 'node:crypto';

export interface EvidenceProblem {
  file: string;
  /**
   * `audit`: the manifest disagrees with the audit log of the store it was exported from.
   * `not_a_file`: a symbolic link (or a pipe, a device…) where a pack holds only regular files.
   * `signature`: manifest.sig does not check, is by another key than the one trusted, or is missing though a key was given.
   */
  problem: 'missing' | 'changed' | 'added' | 'row_count' | 'audit' | 'not_a_file' | 'signature';
  detail: string;
}

export interface EvidenceVerification {
  ok: boolean;
  dir: string;
  files_checked: number;
  /** Hash of manifest.json itself: compare with the evidence_export entry in the audit log. */
  manifest_sha256: string;
  audit_chain_head: Manifest['audit_chain_head'];
  /** The newest entry of the pack's audit.parquet, when that file checks out (null otherwise, or when it holds none). */
  audit_newest: AuditEntryRef | null;
  /** manifest.sig, checked against manifest.json (and against the trusted key, when one was given). */
  signature: SignatureCheck;
  problems: EvidenceProblem[];
}

export interface AuditEntryRef {
  seq: number;
  hash: string;
}

/** The pack's manifest.json, checked against the manifest schema. */
export function readManifest(dir: string): Manifest {
  const path = join(dir, manifestName);
  const entry = packEntry(dir, manifestName);
  if (entry.kind === 'not_a_file') throw new KtError('bad_file', `${path} ${entry.detail}.`, { file: path });
  if (entry.kind === 'missing') throw new KtError('bad_file', `${path} does not exist: ${dir} is not an evidence pack (or its manifest was removed).`, { file: path });
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new KtError('bad_file', `${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`, { file: path });
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new KtError('bad_file', `${path} is not a kt evidence manifest: ${issue.path.join('.') || '(top)'} ${issue.message}.`, { file: path });
  }
  return parsed.data;
}

/**
 * Re-checks a pack against its manifest: every listed file exists with the same
 * SHA-256 and (data files) the same row count, no file was added, nothing in the
 * folder is a link or other non-regular entry (named, never followed), and the
 * manifest's signature, when there is one, checks (see signature.ts). Row counts
 * are read back with DuckDB (CSV with its header, Parquet) in a throwaway in-memory
 * database that may only read the pack's folder.
 */
export async function verifyEvidence(dirInput: string, trusted?: { key: KeyObject; fingerprint: string }): Promise<EvidenceVerification> {
  const given = resolve(dirInput);
  if (!existsSync(given) || !statSync(given).isDirectory()) throw new KtError('not_found', `No evidence pack folder at ${given}.`, { dir: given });
  // The folder named may itself be a link to the pack; inside it, nothing is followed.
  const dir = realpathSync(given);
  const manifest = readManifest(dir);
  const problems: EvidenceProblem[] = [];
  const listed = new Set(manifest.files.map((f) => f.path));
  const reported = new Set<string>();
  const listing = packListing(dir);
  for (const entry of listing) {
    if (!entry.regular) {
      problems.push({ file: entry.name, problem: 'not_a_file', detail: entry.detail });
      reported.add(entry.name);
    } else if (entry.name !== manifestName && entry.name !== signatureName && !listed.has(entry.name)) problems.push({ file: entry.name, problem: 'added', detail: 'is not listed in the manifest' });
  }
  // Every kt pack holds each data set in both formats and the document's HTML (the PDF may be skipped):
  // one gone together with its manifest line would otherwise leave nothing to compare.
  const present = new Set(listing.map((e) => e.name));
  for (const name of [...Object.keys(manifest.counts).flatMap((set) => [`${set}.csv`, `${set}.parquet`]), 'evidence.html']) {
    if (!listed.has(name) && !present.has(name)) problems.push({ file: name, problem: 'missing', detail: 'is neither in the folder nor in the manifest, though every kt evidence pack holds it: it was removed with its manifest line' });
  }
  /** Data files whose rows were counted and agree with their manifest line. */
  const counted = new Map<string, number>();
  let auditNewest: AuditEntryRef | null = null;
  const reader = await openStore(':memory:', { allowedDirectories: [dir] });
  try {
    for (const entry of manifest.files) {
      const path = join(dir, ...entry.path.split('/'));
      if (resolve(path) !== path || !path.startsWith(dir + sep)) {
        problems.push({ file: entry.path, problem: 'changed', detail: 'the manifest names a path outside the pack' });
        continue;
      }
      const found = packEntry(dir, entry.path);
      if (found.kind === 'missing') {
        problems.push({ file: entry.path, problem: 'missing', detail: 'is listed in the manifest but not in the folder' });
        continue;
      }
      if (found.kind === 'not_a_file') {
        if (!reported.has(entry.path)) problems.push({ file: entry.path, problem: 'not_a_file', detail: found.detail });
        continue;
      }
      const digest = await fileDigest(path);
      if (digest.sha256 !== entry.sha256) {
        problems.push({ file: entry.path, problem: 'changed', detail: `SHA-256 is ${digest.sha256}, the manifest says ${entry.sha256}` });
        continue;
      }
      // The file is as hashed, so a size that disagrees is the manifest's line edited, not the file.
      if (digest.bytes !== entry.bytes) {
        problems.push({ file: manifestName, problem: 'changed', detail: `says ${entry.path} is ${entry.bytes} bytes; it is ${digest.bytes} and matches its SHA-256, so the manifest was edited` });
      }
      if (entry.rows !== null) {
        const rows = await rowCount(reader, path);
        if (rows !== entry.rows) problems.push({ file: entry.path, problem: 'row_count', detail: `holds ${rows ?? 'unreadable'} rows, the manifest says ${entry.rows}` });
        else counted.set(entry.path, rows);
      }
      if (entry.path === 'audit.parquet') auditNewest = await newestAuditEntry(reader, path);
    }
  } finally {
    reader.close();
  }
  problems.push(...countProblems(manifest, counted));
  const signature = checkSignature(dir, trusted);
  problems.push(...signature.problems);
  return {
    ok: problems.length === 0,
    dir: given,
    files_checked: manifest.files.length,
    manifest_sha256: (await fileDigest(join(dir, manifestName))).sha256,
    audit_chain_head: manifest.audit_chain_head,
    audit_newest: auditNewest,
    signature: signature.check,
    problems,
  };
}

/**
 * The manifest's counts (printed on the document's first page) against the rows its data files
 * were found to hold (`escalations.csv` holds the escalations…): a count edited on its own would
 * otherwise pass without the store. A file whose own row count is off is reported already.
 */
function countProblems(manifest: Manifest, counted: ReadonlyMap<string, number>): EvidenceProblem[] {
  const problems: EvidenceProblem[] = [];
  for (const [name, count] of Object.entries(manifest.counts)) {
    // Both files of the set are named: a CSV edited with its line shows as the one that differs from its Parquet twin.
    const files = [...counted].filter(([path]) => path.replace(/\.(csv|parquet)$/, '') === name);
    if (files.some(([, rows]) => rows !== count)) {
      problems.push({ file: manifestName, problem: 'changed', detail: `counts ${count} ${name}, but ${files.map(([path, rows]) => `${path} holds ${rows}`).join(' and ')} rows, so the manifest (or a file with its line) was edited` });
    }
  }
  return problems;
}

async function newestAuditEntry(reader: Store, path: string): Promise<AuditEntryRef | null> {
  try {
    const [row] = await runQuestion<{ seq: number; hash: string }>(reader, 'evidence_pack_audit_newest', { path });
    return row ? { seq: Number(row.seq), hash: row.hash } : null;
  } catch {
    return null;
  }
}

async function rowCount(reader: Store, path: string): Promise<number | null> {
  try {
    const [row] = await runQuestion<{ n: number }>(reader, path.endsWith('.parquet') ? 'evidence_parquet_row_count' : 'evidence_csv_row_count', { path });
    return row ? Number(row.n) : null;
  } catch {
    return null;
  }
}
