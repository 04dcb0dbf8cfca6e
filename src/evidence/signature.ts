import { sign, verify } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { embeddedPublicKey, publicKeyPem, type SigningKey, type TrustedKey } from '../signing/keys.js';
import { manifestName } from './manifest.js';
import { packEntry } from './pack-entry.js';
import type { EvidenceProblem } from './verify.js';

/**
 * Evidence packs signed with an Ed25519 key kept outside the store. The hash chain and the
 * manifest's entry in the audit log show a pack changed after export, but only to someone who
 * has the store; anyone can write a pack whose files agree with their own manifest. A signature
 * by the organisation's key, whose public half an auditor is given once, shows a pack came from
 * its kt, with nothing else at hand. `manifest.sig` signs the exact bytes of manifest.json, and
 * the manifest holds every other file's SHA-256.
 */
export const signatureName = 'manifest.sig';

export const signatureFileSchema = z.object({
  format: z.literal('kt-evidence-signature/1'),
  algorithm: z.literal('ed25519'),
  signed_file: z.literal(manifestName),
  manifest_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  key_fingerprint: z.string(),
  public_key: z.string(),
  signature: z.string().regex(/^[A-Za-z0-9+/]+=*$/),
});

export type SignatureFile = z.output<typeof signatureFileSchema>;

/** What a pack's signature says: none, one that checks against its key, or one that does not. */
export interface SignatureCheck {
  status: 'unsigned' | 'valid' | 'invalid';
  key_fingerprint: string | null;
  /** Whether the signing key is the one the caller trusts; null when no key was given to compare. */
  trusted: boolean | null;
}

/** manifest.sig for these exact manifest bytes. */
export function signManifest(manifestBytes: Buffer, manifestSha256: string, key: SigningKey): SignatureFile {
  return {
    format: 'kt-evidence-signature/1',
    algorithm: 'ed25519',
    signed_file: manifestName,
    manifest_sha256: manifestSha256,
    key_fingerprint: key.fingerprint,
    public_key: publicKeyPem(key),
    signature: sign(null, manifestBytes, key.privateKey).toString('base64'),
  };
}

/** Writes manifest.sig into a pack folder being staged (a new file: never through a link). */
export function writeSignature(dir: string, signature: SignatureFile): void {
  writeFileSync(join(dir, signatureName), JSON.stringify(signature, null, 2) + '\n', { flag: 'wx' });
}

/**
 * The pack's signature checked: manifest.sig against the bytes of manifest.json and the public
 * key it carries, and, when the caller trusts a key, that key against the one that signed. A
 * signature that does not check, or is not by the trusted key, or is missing though a trusted
 * key was given, is a problem; without a trusted key an unsigned pack is only said to be so.
 */
export function checkSignature(dir: string, trusted?: TrustedKey): { check: SignatureCheck; problems: EvidenceProblem[] } {
  const entry = packEntry(dir, signatureName);
  if (entry.kind === 'not_a_file') return { check: { status: 'invalid', key_fingerprint: null, trusted: trusted ? false : null }, problems: [] }; // named by the folder listing
  if (entry.kind === 'missing') {
    const problems: EvidenceProblem[] = trusted
      ? [{ file: signatureName, problem: 'signature', detail: `is missing: the pack is not signed, so it cannot be checked against the key given (${trusted.fingerprint})` }]
      : [];
    return { check: { status: 'unsigned', key_fingerprint: null, trusted: trusted ? false : null }, problems };
  }
  const invalid = (detail: string, fingerprint: string | null = null): { check: SignatureCheck; problems: EvidenceProblem[] } =>
    ({ check: { status: 'invalid', key_fingerprint: fingerprint, trusted: trusted ? false : null }, problems: [{ file: signatureName, problem: 'signature', detail }] });
  let file: SignatureFile;
  try {
    const parsed = signatureFileSchema.safeParse(JSON.parse(readFileSync(join(dir, signatureName), 'utf8')));
    if (!parsed.success) return invalid(`is not a kt signature: ${parsed.error.issues[0]!.path.join('.') || '(top)'} ${parsed.error.issues[0]!.message}`);
    file = parsed.data;
  } catch (error) {
    return invalid(`is not valid JSON: ${(error as Error).message}`);
  }
  const embedded = embeddedPublicKey(file.public_key);
  if ('problem' in embedded) return invalid(embedded.problem);
  const { key: publicKey, fingerprint } = embedded;
  // The fingerprint written beside the key is a label; the key itself is what the signature is checked with.
  if (fingerprint !== file.key_fingerprint) return invalid(`names key ${file.key_fingerprint}, but the public key it holds is ${fingerprint}`, fingerprint);
  const manifestBytes = readFileSync(join(dir, manifestName));
  if (!verify(null, manifestBytes, publicKey, Buffer.from(file.signature, 'base64'))) {
    return invalid(`does not match manifest.json: the manifest was changed after it was signed (or the signature was), by key ${fingerprint}`, fingerprint);
  }
  if (trusted && trusted.fingerprint !== fingerprint) {
    return { check: { status: 'valid', key_fingerprint: fingerprint, trusted: false },
      problems: [{ file: signatureName, problem: 'signature', detail: `is by key ${fingerprint}, not by the key given (${trusted.fingerprint}): the pack was signed by someone else` }] };
  }
  return { check: { status: 'valid', key_fingerprint: fingerprint, trusted: trusted ? true : null }, problems: [] };
}
