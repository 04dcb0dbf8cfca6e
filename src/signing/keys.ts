import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { KtError } from '../errors.js';

/**
 * The organisation's Ed25519 key, kept outside the store: it signs evidence packs
 * (manifest.sig) and audit attestations (a chain head at a moment), so that their origin can be
 * shown to someone who holds only the public half.
 */

/** A private key to sign with, and its public half's fingerprint. */
export interface SigningKey {
  file: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  fingerprint: string;
}

/** A public key to check signatures against (the one an auditor was given). */
export interface TrustedKey {
  key: KeyObject;
  fingerprint: string;
}

/** `SHA256:` and the unpadded base64 SHA-256 of the public key (DER, SPKI): the form `ssh-keygen -l` prints. */
export function keyFingerprint(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64').replace(/=+$/, '')}`;
}

/** The public key as signed files carry it (PEM, SPKI). */
export function publicKeyPem(key: SigningKey): string {
  return key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * The Ed25519 public key a signed file carries, and its fingerprint; a problem when it cannot be
 * read or is not Ed25519 (the caller names the file).
 */
export function embeddedPublicKey(pem: string): { key: KeyObject; fingerprint: string } | { problem: string } {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    return { problem: 'holds a public key that cannot be read' };
  }
  if (key.asymmetricKeyType !== 'ed25519') return { problem: 'holds a public key that is not Ed25519' };
  return { key, fingerprint: keyFingerprint(key) };
}

function readKeyFile(path: string, what: string): string {
  if (!existsSync(path)) throw new KtError('bad_file', `${path} does not exist: no ${what} there.`, { file: path });
  return readFileSync(path, 'utf8');
}

function ed25519Only(key: KeyObject, path: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new KtError('bad_file', `${path} holds a ${key.asymmetricKeyType ?? 'symmetric'} key; kt signs with Ed25519 keys (kt evidence keygen makes one).`, { file: path });
  }
  return key;
}

/** The private key of `kt evidence keygen` (PEM, PKCS #8), checked to be Ed25519. */
export function loadSigningKey(fileInput: string): SigningKey {
  const file = resolve(fileInput);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readKeyFile(file, 'signing key'));
  } catch (error) {
    if (error instanceof KtError) throw error;
    throw new KtError('bad_file', `${file} is not a private key in PEM form (${(error as Error).message}); kt evidence keygen makes one.`, { file });
  }
  ed25519Only(privateKey, file);
  const publicKey = createPublicKey(privateKey);
  return { file, privateKey, publicKey, fingerprint: keyFingerprint(publicKey) };
}

/** A public key to check against (PEM, SPKI: the `.pub.pem` file keygen writes), checked to be Ed25519. */
export function loadPublicKey(fileInput: string): TrustedKey & { file: string } {
  const file = resolve(fileInput);
  let key: KeyObject;
  try {
    key = createPublicKey(readKeyFile(file, 'public key'));
  } catch (error) {
    if (error instanceof KtError) throw error;
    throw new KtError('bad_file', `${file} is not a public key in PEM form (${(error as Error).message}).`, { file });
  }
  if (key.type === 'private') key = createPublicKey(key); // given the private key by mistake: use its public half
  ed25519Only(key, file);
  return { file, key, fingerprint: keyFingerprint(key) };
}

/** The key to sign with: --signing-key, else KT_SIGNING_KEY (a file's path: the key itself never goes on a command line). */
export function signingKeyOf(flag: string | undefined): SigningKey | undefined {
  const file = flag ?? (process.env.KT_SIGNING_KEY || undefined);
  return file === undefined ? undefined : loadSigningKey(file);
}

/**
 * A new signing key: the private half in `out` (mode 0600), the public half beside it as
 * `….pub.pem`, to hand to auditors. Neither file is overwritten: a lost key would leave what was
 * signed with it checkable only against its public half.
 */
export function createSigningKey(outInput: string): { privateFile: string; publicFile: string; fingerprint: string } {
  const privateFile = resolve(outInput);
  const publicFile = privateFile.replace(/(\.pem)?$/i, '.pub.pem');
  for (const file of [privateFile, publicFile]) {
    if (existsSync(file)) throw new KtError('conflict', `${file} exists already; kt does not overwrite a key (choose another --out).`, { file });
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  mkdirSync(dirname(privateFile), { recursive: true, mode: 0o700 });
  writeFileSync(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { flag: 'wx', mode: 0o600 });
  writeFileSync(publicFile, publicKey.export({ type: 'spki', format: 'pem' }), { flag: 'wx', mode: 0o644 });
  return { privateFile, publicFile, fingerprint: keyFingerprint(publicKey) };
}
