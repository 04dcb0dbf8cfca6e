import { generateKeyPairSync } from 'node:crypto';
import { cpSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPublicKey, loadSigningKey } from '../../src/signing/keys.js';
import { runKt } from '../kt-bin.js';
import { fixtureStoreFile } from '../reports/fixture.js';

// Signed evidence packs, as whole kt processes on the reports fixture (HTML only: no Chromium).

let dir: string;
let db: string;
let cleanup: () => void;
beforeAll(async () => {
  ({ dir, db, cleanup } = await fixtureStoreFile());
});
afterAll(() => cleanup());

const nowhere = () => join(dir, 'no-store-here.duckdb');
const problemsOf = (stdout: string) => (JSON.parse(stdout) as { problems: Array<{ file: string; problem: string; detail: string }> }).problems;

describe('signed evidence packs', () => {
  let pack: string;
  let ours: { private_key: string; public_key: string; fingerprint: string };
  let theirs: { public_key: string; fingerprint: string };

  beforeAll(async () => {
    const made = await runKt(['evidence', 'keygen', '--out', join(dir, 'acme.pem'), '--json']);
    expect(made.code, made.stderr).toBe(0);
    ours = JSON.parse(made.stdout);
    theirs = JSON.parse((await runKt(['evidence', 'keygen', '--out', join(dir, 'mallory.pem'), '--json'])).stdout);
    pack = join(dir, 'signed');
    // The key from the environment, as kt serve takes it: a path, never the key on the command line.
    const exported = await runKt(['evidence', 'export', '--db', db, '--from', '2026-09-01', '--to', '2026-10-01', '--out', pack, '--no-pdf'], { env: { ...process.env, KT_SIGNING_KEY: ours.private_key } });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(`signed (manifest.sig) with key ${ours.fingerprint}`);
  });

  it('keygen writes a private key only its owner reads and a public key beside it, and never overwrites either', async () => {
    expect(ours.public_key).toBe(join(dir, 'acme.pub.pem'));
    expect(ours.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(statSync(ours.private_key).mode & 0o777).toBe(0o600);
    expect(readFileSync(ours.private_key, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(loadPublicKey(ours.public_key).fingerprint).toBe(ours.fingerprint);
    const before = readFileSync(ours.private_key, 'utf8');
    const again = await runKt(['evidence', 'keygen', '--out', ours.private_key]);
    expect(again.code).toBe(6);
    expect(again.stderr).toContain(`${ours.private_key} exists already; kt does not overwrite a key`);
    expect(readFileSync(ours.private_key, 'utf8')).toBe(before);
  });

  it('verifies against the key an auditor was given, with no store at hand', async () => {
    const checked = await runKt(['evidence', 'verify', pack, '--db', nowhere(), '--public-key', ours.public_key]);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    expect(checked.stdout).toContain(`Signed by the key given (${ours.fingerprint}): manifest.sig checks against manifest.json.`);
    const json = JSON.parse((await runKt(['evidence', 'verify', pack, '--db', db, '--json'])).stdout);
    expect(json.signature).toEqual({ status: 'valid', key_fingerprint: ours.fingerprint, trusted: null });
    expect(json.ok).toBe(true);
  });

  it('refuses a pack signed by another key than the one given', async () => {
    const other = await runKt(['evidence', 'verify', pack, '--db', nowhere(), '--public-key', theirs.public_key, '--json']);
    expect(other.code).toBe(3);
    expect(problemsOf(other.stdout)).toEqual([{ file: 'manifest.sig', problem: 'signature', detail: `is by key ${ours.fingerprint}, not by the key given (${theirs.fingerprint}): the pack was signed by someone else` }]);
  });

  it('names a manifest rewritten and signed again with another key, and a signature removed, against the key and the store', async () => {
    // Someone rewrites the reason and signs the manifest with a key of their own: the files still agree with it.
    const forged = join(dir, 'forged');
    cpSync(pack, forged, { recursive: true });
    const manifest = readFileSync(join(forged, 'manifest.json'), 'utf8').replace('"reason": null', '"reason": "nothing to see"');
    writeFileSync(join(forged, 'manifest.json'), manifest);
    const unsigned = await runKt(['evidence', 'verify', forged, '--db', nowhere(), '--json']);
    expect(problemsOf(unsigned.stdout)).toEqual([{ file: 'manifest.sig', problem: 'signature', detail: `does not match manifest.json: the manifest was changed after it was signed (or the signature was), by key ${ours.fingerprint}` }]);
    const resigned = await runKt(['evidence', 'export', '--db', db, '--from', '2026-09-01', '--to', '2026-10-01', '--out', join(dir, 'mallory-pack'), '--no-pdf', '--signing-key', join(dir, 'mallory.pem')]);
    expect(resigned.code, resigned.stderr).toBe(0);
    cpSync(join(dir, 'mallory-pack', 'manifest.sig'), join(forged, 'manifest.sig'));
    const byMallory = await runKt(['evidence', 'verify', forged, '--db', nowhere(), '--public-key', ours.public_key, '--json']);
    expect(problemsOf(byMallory.stdout).map((p) => p.problem)).toContain('signature');

    // The signature taken away: on its own the pack verifies unsigned; the key given, or the store's record, names it.
    const stripped = join(dir, 'stripped');
    cpSync(pack, stripped, { recursive: true });
    rmSync(join(stripped, 'manifest.sig'));
    expect((await runKt(['evidence', 'verify', stripped, '--db', nowhere()])).stdout).toContain('Unsigned: the pack has no manifest.sig');
    expect(problemsOf((await runKt(['evidence', 'verify', stripped, '--db', nowhere(), '--public-key', ours.public_key, '--json'])).stdout))
      .toEqual([{ file: 'manifest.sig', problem: 'signature', detail: `is missing: the pack is not signed, so it cannot be checked against the key given (${ours.fingerprint})` }]);
    const againstLog = problemsOf((await runKt(['evidence', 'verify', stripped, '--db', db, '--json'])).stdout);
    expect(againstLog).toEqual([{ file: 'manifest.sig', problem: 'audit', detail: expect.stringMatching(new RegExp(`^entry \\d+ recorded a signature by key ${ours.fingerprint.replace(/[+/]/g, '\\$&')}, but the pack has no manifest.sig: the signature was removed or replaced$`)) }]);
  });

  it('refuses a key it cannot sign with before writing anything, naming the file', async () => {
    const rsa = join(dir, 'rsa.pem');
    writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, 'junk.pem'), 'not a key\n');
    expect(() => loadSigningKey(rsa)).toThrow(`${rsa} holds a rsa key; kt signs with Ed25519 keys (kt evidence keygen makes one).`);
    expect(() => loadSigningKey(join(dir, 'junk.pem'))).toThrow(new RegExp(`^${join(dir, 'junk.pem')} is not a private key in PEM form`));
    expect(() => loadSigningKey(join(dir, 'absent.pem'))).toThrow(`${join(dir, 'absent.pem')} does not exist: no signing key there.`);
    // The public half given where the private key belongs is not a signing key either.
    expect(() => loadSigningKey(ours.public_key)).toThrow(/is not a private key in PEM form/);
    const refused = await runKt(['evidence', 'export', '--db', db, '--from', '2026-09-01', '--to', '2026-10-01', '--out', join(dir, 'never'), '--no-pdf', '--signing-key', rsa]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('holds a rsa key');
    expect(() => statSync(join(dir, 'never'))).toThrow();
    const entries = JSON.parse((await runKt(['evidence', 'list', '--db', db, '--json'])).stdout) as unknown[];
    expect(entries).toHaveLength(2); // the signed pack and mallory's: nothing recorded for the refused one
  });
});
