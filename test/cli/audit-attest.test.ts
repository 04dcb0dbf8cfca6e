import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { runKt } from '../kt-bin.js';
import { fixtureStoreFile } from '../reports/fixture.js';

// kt audit attest and kt audit verify --attestation, as whole processes on the reports fixture.

let dir: string;
let db: string;
let cleanup: () => void;
let keys: { private_key: string; public_key: string; fingerprint: string };
beforeAll(async () => {
  ({ dir, db, cleanup } = await fixtureStoreFile());
  // A folder that does not exist yet: keygen makes it.
  keys = JSON.parse((await runKt(['evidence', 'keygen', '--out', join(dir, 'keys', 'acme.pem'), '--json'])).stdout);
});
afterAll(() => cleanup());

describe('kt audit attest', () => {
  it('writes a signed head that verify holds the chain against, and never overwrites it', async () => {
    const out = join(dir, 'head.json');
    const attested = await runKt(['audit', 'attest', '--db', db, '--out', out], { env: { ...process.env, KT_SIGNING_KEY: keys.private_key } });
    expect(attested.code, attested.stderr).toBe(0);
    const attestation = JSON.parse(readFileSync(out, 'utf8'));
    expect(attested.stdout).toContain(`Attested: ${attestation.entries} entries, head ${attestation.head}, signed by key ${keys.fingerprint}`);
    const verified = await runKt(['audit', 'verify', '--db', db, '--attestation', out, '--public-key', keys.public_key]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain(`Attestation OK: ${out}, signed by the key given (${keys.fingerprint}) at ${attestation.attested_at}, attests entry ${attestation.entries}; the chain still holds it, with 0 entries since`);
    const json = JSON.parse((await runKt(['audit', 'verify', '--db', db, '--attestation', out, '--json'])).stdout);
    expect(json.attestation).toMatchObject({ file: out, entries: attestation.entries, head: attestation.head, trusted: null, entries_since: 0 });
    const again = await runKt(['audit', 'attest', '--db', db, '--out', out, '--signing-key', keys.private_key]);
    expect(again.code).toBe(6);
    expect(again.stderr).toContain(`${out} exists already; kt does not overwrite an attestation`);
  });

  it('prints the attestation without --out, and asks for a key without one', async () => {
    const printed = await runKt(['audit', 'attest', '--db', db, '--signing-key', keys.private_key]);
    expect(printed.code, printed.stderr).toBe(0);
    expect(JSON.parse(printed.stdout)).toMatchObject({ format: 'kt-audit-attestation/1', key_fingerprint: keys.fingerprint });
    const env = { ...process.env };
    delete env.KT_SIGNING_KEY;
    const keyless = await runKt(['audit', 'attest', '--db', db], { env });
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toContain('kt audit attest signs with a key: give --signing-key FILE (or set KT_SIGNING_KEY)');
  });

  it('fails naming the problem: a changed attestation, another key, a rewritten chain, flags that do not go together', async () => {
    const out = join(dir, 'head-2.json');
    expect((await runKt(['audit', 'attest', '--db', db, '--out', out, '--signing-key', keys.private_key])).code).toBe(0);
    const attestation = JSON.parse(readFileSync(out, 'utf8'));

    const edited = join(dir, 'edited.json');
    writeFileSync(edited, JSON.stringify({ ...attestation, entries: attestation.entries - 1 }, null, 2));
    const changed = await runKt(['audit', 'verify', '--db', db, '--attestation', edited]);
    expect(changed.code).toBe(3);
    expect(changed.stderr).toContain(`${edited} has a signature that does not match its entries, head or times`);

    const other = JSON.parse((await runKt(['evidence', 'keygen', '--out', join(dir, 'keys', 'mallory.pem'), '--json'])).stdout);
    const wrongKey = await runKt(['audit', 'verify', '--db', db, '--attestation', out, '--public-key', other.public_key]);
    expect(wrongKey.code).toBe(3);
    expect(wrongKey.stderr).toContain(`is signed by key ${keys.fingerprint}, not by the key given (${other.fingerprint})`);

    const both = await runKt(['audit', 'verify', '--db', db, '--attestation', out, '--expect-head', attestation.head]);
    expect(both.code).toBe(2);
    const lonelyKey = await runKt(['audit', 'verify', '--db', db, '--public-key', keys.public_key]);
    expect(lonelyKey.code).toBe(2);
    expect(lonelyKey.stderr).toContain('--public-key checks the signature of an attestation: give --attestation FILE too.');

    // The newest entry dropped: the attested head is gone, which is named before anything else it leaves unaccounted for.
    const store = await openStore(db);
    try {
      const last = (await store.one<{ seq: number }>('SELECT max(seq) AS seq FROM audit'))!;
      expect(Number(last.seq)).toBe(attestation.entries);
      await store.run('DELETE FROM audit WHERE seq = ?', [last.seq]);
    } finally {
      store.close();
    }
    const cut = await runKt(['audit', 'verify', '--db', db, '--attestation', out, '--public-key', keys.public_key]);
    expect(cut.code).toBe(3);
    expect(cut.stderr).toContain(`does not hold what ${out} attests: the chain no longer holds the head attested at ${attestation.attested_at} (entry ${attestation.entries}, ${attestation.head})`);
  });
});
