import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { attestationSchema, checkAttestationSignature, signAttestation, type Attestation, type AttestationSignature } from '../domain/audit-attestation.js';
import type { Principal } from '../domain/user.js';
import { KtError } from '../errors.js';
import type { SigningKey, TrustedKey } from '../signing/keys.js';
import { requireEveryTeam, verifyAudit, type AuditVerification } from './audit.js';
import type { Executor } from './database.js';

/** Why a verification is not ok, in a clause (the chain's first break, else the first row it does not account for). */
function notOkReason(v: AuditVerification): string {
  if (v.firstBroken) return `it is broken at entry ${v.firstBroken.seq}: ${v.firstBroken.reason}`;
  if (v.state && v.state.mismatched > 0) return `it does not account for ${v.state.mismatched} escalation(s)`;
  if (v.users && v.users.mismatched > 0) return `it does not account for ${v.users.mismatched} user(s)`;
  return 'it does not verify';
}

/**
 * The chain verified whole, then its head signed. A chain that does not verify is not
 * attested: a signature would lend its authority to entries already changed.
 */
export async function attestAudit(db: Executor, key: SigningKey, now: Date = new Date()): Promise<Attestation> {
  const v = await verifyAudit(db);
  if (!v.ok) {
    throw new KtError('conflict', `The audit chain cannot be attested: ${notOkReason(v)}. kt signs only a chain that verifies (kt audit verify names the problem).`,
      { entries: v.entries, ...(v.firstBroken && { first_broken: v.firstBroken }) });
  }
  return signAttestation({ entries: v.entries, head: v.head, head_recorded_at: v.head_recorded_at, attested_at: now.toISOString() }, key);
}

/** For a caller (GET /api/audit/attestation): an attestation describes every team's entries, like a verification. */
export async function attestAuditFor(db: Executor, viewer: Principal | 'everyone', key: SigningKey | undefined): Promise<Attestation> {
  requireEveryTeam(viewer, 'Attesting the audit chain', 'kt audit attest');
  if (!key) {
    throw new KtError('unavailable', 'This kt server has no signing key, so it cannot sign an attestation: start kt serve with --signing-key (or KT_SIGNING_KEY), or run kt audit attest --signing-key on the server.');
  }
  return attestAudit(db, key);
}

/** An attestation file, parsed; a file that is not one is refused naming the file and the field. */
export function readAttestation(fileInput: string): Attestation {
  const file = resolve(fileInput);
  if (!existsSync(file)) throw new KtError('bad_file', `${file} does not exist: no attestation there.`, { file });
  return parseAttestation(readFileSync(file, 'utf8'), file);
}

/** An attestation's text (a file's, an upload's) parsed; `source` names it in the refusal. */
export function parseAttestation(text: string, source: string): Attestation {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new KtError('bad_file', `${source} is not valid JSON (${(error as Error).message}); kt audit attest writes the attestation file.`, { file: source });
  }
  return attestationOf(json, source);
}

/** An attestation's parsed JSON (a request body's) checked; `source` names it in the refusal. */
export function attestationOf(json: unknown, source: string): Attestation {
  const parsed = attestationSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || '(top level)';
    throw new KtError('bad_file', `${source} is not a kt audit attestation: ${field} ${issue.message}.`, { file: source, field });
  }
  return parsed.data;
}

/** An attestation held against the store: its signature, then the chain. */
export interface AttestationCheck {
  ok: boolean;
  /** The first reason it does not hold, as a sentence. */
  problem: string | null;
  attestation: Pick<Attestation, 'entries' | 'head' | 'attested_at'>;
  signature: AttestationSignature;
  /** Entries written after the attested head (when the chain holds it). */
  entries_since: number | null;
}

/**
 * The whole check `kt audit verify --attestation` makes, for the web UI and the API: the
 * signature (against `trusted`, the server's key, when given), then the chain whole, then the
 * attested head in it, then every escalation and user against their entries. A caller limited to
 * teams is refused, as for a verification.
 */
export async function checkAttestationFor(db: Executor, viewer: Principal | 'everyone', attestation: Attestation, trusted?: TrustedKey): Promise<AttestationCheck> {
  requireEveryTeam(viewer, 'Checking an attestation', 'kt audit verify --attestation');
  const signature = checkAttestationSignature(attestation, trusted);
  const base = { attestation: { entries: attestation.entries, head: attestation.head, attested_at: attestation.attested_at }, signature };
  if (signature.problem) return { ...base, ok: false, problem: `The attestation ${signature.problem}.`, entries_since: null };
  const v = await verifyAudit(db, { expectHead: attestation.head });
  const headProblem = v.firstBroken ? null : attestedHeadProblem(v, attestation);
  const problem = v.firstBroken ? `The audit chain is broken at entry ${v.firstBroken.seq}: ${v.firstBroken.reason}.`
    : headProblem ? `The audit log does not hold what the attestation attests: ${headProblem}.`
      : v.ok ? null : `The audit log ${notOkReason(v).replace(/^it /, '')}: rows were changed outside kt, or the newest entries were removed.`;
  return { ...base, ok: problem === null, problem, entries_since: headProblem || v.firstBroken ? null : v.entries - attestation.entries };
}

/**
 * Whether a verification (run with the attested head as expectHead) still holds the attested
 * chain: the head found at the place attested. Null when it does.
 */
export function attestedHeadProblem(v: AuditVerification, attestation: Attestation): string | null {
  const found = v.expected_head;
  if (!found || found.hash !== attestation.head) return 'the chain was not checked against the attested head';
  if (!found.found) {
    return `the chain no longer holds the head attested at ${attestation.attested_at} (entry ${attestation.entries}, ${attestation.head}): entries up to it were removed or rewritten; the chain now has ${v.entries} entries, head ${v.head}`;
  }
  if (found.seq !== attestation.entries) {
    return `the attested head ${attestation.head} is entry ${found.seq} of the chain, not entry ${attestation.entries} as attested`;
  }
  return null;
}
