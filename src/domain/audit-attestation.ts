import { sign, verify } from 'node:crypto';
import { z } from 'zod';
import { rfc3339 } from './event.js';
import { embeddedPublicKey, publicKeyPem, type SigningKey, type TrustedKey } from '../signing/keys.js';

/**
 * A signed statement that, at `attested_at`, the audit chain verified with `entries` entries
 * ending in `head`. The chain shows tampering to whoever holds the store, but whoever holds the
 * store (an administrator, a restored backup) could also rewrite it whole and recompute every
 * hash. An attestation kept outside the store (a ticket, an auditor's mailbox), signed by the
 * organisation's key, pins the chain as it was: `kt audit verify --attestation` then shows that
 * every entry up to that head is still the one attested.
 */
export const attestationFormat = 'kt-audit-attestation/1';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a 64-character lowercase hex SHA-256');

export const attestationSchema = z.object({
  format: z.literal(attestationFormat),
  entries: z.number().int().min(0),
  head: hex64,
  head_recorded_at: rfc3339.nullable(),
  attested_at: rfc3339,
  algorithm: z.literal('ed25519'),
  key_fingerprint: z.string(),
  public_key: z.string(),
  signature: z.string().regex(/^[A-Za-z0-9+/]+=*$/, 'must be base64'),
}).strict();

export type Attestation = z.output<typeof attestationSchema>;

/** What an attestation states about the chain, without its signature. */
export type AttestedHead = Pick<Attestation, 'entries' | 'head' | 'head_recorded_at' | 'attested_at'>;

/**
 * The bytes signed: one field a line, in a fixed order. A signature over the JSON file's text
 * would break when the file is re-indented by a ticket system; these lines are rebuilt from the
 * parsed fields, so only a changed value breaks it.
 */
export function statementBytes(head: AttestedHead): Buffer {
  return Buffer.from([
    attestationFormat,
    `entries ${head.entries}`,
    `head ${head.head}`,
    `head_recorded_at ${head.head_recorded_at ?? '-'}`,
    `attested_at ${head.attested_at}`,
    '',
  ].join('\n'));
}

export function signAttestation(head: AttestedHead, key: SigningKey): Attestation {
  return {
    format: attestationFormat,
    ...head,
    algorithm: 'ed25519',
    key_fingerprint: key.fingerprint,
    public_key: publicKeyPem(key),
    signature: sign(null, statementBytes(head), key.privateKey).toString('base64'),
  };
}

/** The signature of a parsed attestation: valid by the key it carries, and whether that is the key trusted. */
export interface AttestationSignature {
  valid: boolean;
  key_fingerprint: string | null;
  /** Null when no key was given to compare with. */
  trusted: boolean | null;
  /** Why it does not hold, when it does not. */
  problem?: string;
}

export function checkAttestationSignature(attestation: Attestation, trusted?: TrustedKey): AttestationSignature {
  const refused = (problem: string, fingerprint: string | null = null): AttestationSignature =>
    ({ valid: false, key_fingerprint: fingerprint, trusted: trusted ? false : null, problem });
  const embedded = embeddedPublicKey(attestation.public_key);
  if ('problem' in embedded) return refused(embedded.problem);
  const { key, fingerprint } = embedded;
  // The fingerprint written beside the key is a label; the key itself is what the signature is checked with.
  if (fingerprint !== attestation.key_fingerprint) return refused(`names key ${attestation.key_fingerprint}, but the public key it holds is ${fingerprint}`, fingerprint);
  if (!verify(null, statementBytes(attestation), key, Buffer.from(attestation.signature, 'base64'))) {
    return refused(`has a signature that does not match its entries, head or times: they were changed after key ${fingerprint} signed`, fingerprint);
  }
  if (trusted && trusted.fingerprint !== fingerprint) {
    return { valid: true, key_fingerprint: fingerprint, trusted: false, problem: `is signed by key ${fingerprint}, not by the key given (${trusted.fingerprint})` };
  }
  return { valid: true, key_fingerprint: fingerprint, trusted: trusted ? true : null };
}
