import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkAttestationSignature, type Attestation } from '../../src/domain/audit-attestation.js';
import { createSigningKey, loadPublicKey, loadSigningKey, type SigningKey } from '../../src/signing/keys.js';
import { appendAudit, auditFor, verifyAudit } from '../../src/store/audit.js';
import { attestAudit, attestAuditFor, attestedHeadProblem, checkAttestationFor, readAttestation } from '../../src/store/audit-attestation.js';
import { claimEscalation, resolveEscalation } from '../../src/store/queue/index.js';
import { alice, openWorld, root, type World } from '../review/seed.js';

let world: World;
let key: SigningKey;
beforeEach(async () => {
  world = await openWorld();
  key = loadSigningKey(createSigningKey(join(world.dir, 'keys', 'org.pem')).privateFile);
  await claimEscalation(world.store, alice, 'esc_q1');
  await resolveEscalation(world.store, alice, 'esc_q1', { outcome: 'approved', category: 'false_positive', cause: 'policy_logic', note: 'A question about killing a stuck process.' });
});
afterEach(() => world.close());

/** The chain checked against an attestation, as kt audit verify --attestation does. */
async function heldAgainst(attestation: Attestation): Promise<string | null> {
  return attestedHeadProblem(await verifyAudit(world.store, { expectHead: attestation.head }), attestation);
}

describe('audit attestations: a signed chain head kept outside the store', () => {
  it('signs the head of a chain that verifies, and the chain holds it as more work is added', async () => {
    const now = new Date('2026-12-04T09:00:00Z');
    const attestation = await attestAudit(world.store, key, now);
    const chain = await verifyAudit(world.store);
    expect(attestation).toMatchObject({ format: 'kt-audit-attestation/1', entries: chain.entries, head: chain.head, head_recorded_at: chain.head_recorded_at, attested_at: '2026-12-04T09:00:00.000Z', key_fingerprint: key.fingerprint });
    expect(checkAttestationSignature(attestation, loadPublicKey(join(world.dir, 'keys', 'org.pub.pem')))).toEqual({ valid: true, key_fingerprint: key.fingerprint, trusted: true });
    await claimEscalation(world.store, alice, 'esc_q2');
    expect(await heldAgainst(attestation)).toBeNull();
    expect((await verifyAudit(world.store)).entries).toBe(attestation.entries + 1);
  });

  it('shows a history rewritten whole, hashes recomputed, which a verify alone passes', async () => {
    const attestation = await attestAudit(world.store, key);
    // Whoever holds the store rewrites the last decision's note, and its entry with freshly computed hashes.
    const resolved = (await auditFor(world.store, 'esc_q1')).at(-1)!;
    await world.store.run('DELETE FROM audit WHERE seq = ?', [resolved.seq]);
    await world.store.run(`UPDATE escalations SET note = 'Nothing to see here.' WHERE id = 'esc_q1'`);
    await appendAudit(world.store, [{ actor: resolved.actor, action: resolved.action, target: resolved.target, before: resolved.before, after: { ...(resolved.after as object), note: 'Nothing to see here.' } }]);
    expect((await verifyAudit(world.store)).ok).toBe(true);
    expect(await heldAgainst(attestation)).toMatch(new RegExp(`^the chain no longer holds the head attested at ${attestation.attested_at} \\(entry ${attestation.entries}, ${attestation.head}\\): entries up to it were removed or rewritten`));
  });

  it('refuses an attestation whose statement, key label or key was changed', async () => {
    const attestation = await attestAudit(world.store, key);
    expect(checkAttestationSignature({ ...attestation, entries: attestation.entries - 1 })).toMatchObject({ valid: false, problem: expect.stringMatching(/^has a signature that does not match its entries, head or times/) });
    expect(checkAttestationSignature({ ...attestation, attested_at: '2027-01-01T00:00:00.000Z' }).valid).toBe(false);
    expect(checkAttestationSignature({ ...attestation, key_fingerprint: 'SHA256:someone-else' }).problem).toBe(`names key SHA256:someone-else, but the public key it holds is ${key.fingerprint}`);
    // Signed by another key and relabelled: it checks by the key it carries, but not against the key the auditor trusts.
    const other = loadSigningKey(createSigningKey(join(world.dir, 'keys', 'other.pem')).privateFile);
    const forged = await attestAudit(world.store, other);
    const trusted = loadPublicKey(join(world.dir, 'keys', 'org.pub.pem'));
    expect(checkAttestationSignature(forged, trusted)).toEqual({ valid: true, key_fingerprint: other.fingerprint, trusted: false, problem: `is signed by key ${other.fingerprint}, not by the key given (${key.fingerprint})` });
  });

  it('does not attest a chain that does not verify', async () => {
    await world.store.run(`UPDATE audit SET actor = 'mallory' WHERE seq = 2`);
    await expect(attestAudit(world.store, key)).rejects.toThrow(/^The audit chain cannot be attested: it is broken at entry 2: its content does not match its hash/);
  });

  it('is refused to a caller limited to teams, and by a server without a key', async () => {
    await expect(attestAuditFor(world.store, alice, key)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(attestAuditFor(world.store, root, undefined)).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/has no signing key/) });
    expect((await attestAuditFor(world.store, root, key)).key_fingerprint).toBe(key.fingerprint);
  });

  it('checks an attestation whole for the web UI and the API: signature, chain, head, rows', async () => {
    const attestation = await attestAudit(world.store, key);
    const trusted = { key: key.publicKey, fingerprint: key.fingerprint };
    await claimEscalation(world.store, alice, 'esc_q2');
    expect(await checkAttestationFor(world.store, root, attestation, trusted)).toMatchObject({ ok: true, problem: null, entries_since: 1, signature: { valid: true, trusted: true } });
    const other = loadSigningKey(createSigningKey(join(world.dir, 'keys', 'stranger.pem')).privateFile);
    expect((await checkAttestationFor(world.store, root, attestation, { key: other.publicKey, fingerprint: other.fingerprint })).problem)
      .toBe(`The attestation is signed by key ${key.fingerprint}, not by the key given (${other.fingerprint}).`);
    expect((await checkAttestationFor(world.store, root, { ...attestation, entries: 1 })).problem).toMatch(/^The attestation has a signature that does not match/);
    // A row edited outside kt: the head is still there, but the log does not account for the row.
    await world.store.run(`UPDATE escalations SET note = 'edited' WHERE id = 'esc_r1'`);
    expect(await checkAttestationFor(world.store, root, attestation)).toMatchObject({ ok: false, problem: 'The audit log does not account for 1 escalation(s): rows were changed outside kt, or the newest entries were removed.', entries_since: 1 });
    await world.store.run(`UPDATE audit SET actor = 'mallory' WHERE seq = 2`);
    expect((await checkAttestationFor(world.store, root, attestation)).problem).toMatch(/^The audit chain is broken at entry 2: /);
    await expect(checkAttestationFor(world.store, alice, attestation)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('reads an attestation file, naming the file and the field it cannot take', async () => {
    const attestation = await attestAudit(world.store, key);
    const file = join(world.dir, 'head.json');
    writeFileSync(file, JSON.stringify(attestation));
    expect(readAttestation(file)).toEqual(attestation);
    writeFileSync(file, JSON.stringify({ ...attestation, head: 'abc' }));
    expect(() => readAttestation(file)).toThrow(`${file} is not a kt audit attestation: head must be a 64-character lowercase hex SHA-256.`);
    writeFileSync(file, JSON.stringify({ ...attestation, extra: 1 }));
    expect(() => readAttestation(file)).toThrow(/is not a kt audit attestation: \(top level\) Unrecognized key/);
    writeFileSync(file, '{"format":');
    expect(() => readAttestation(file)).toThrow(new RegExp(`^${file} is not valid JSON`));
    expect(() => readAttestation(join(world.dir, 'none.json'))).toThrow('does not exist: no attestation there.');
  });
});
