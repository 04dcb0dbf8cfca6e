import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { createSigningKey, loadPublicKey, loadSigningKey, type SigningKey } from '../../src/signing/keys.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { createApp } from '../../src/server/app.js';
import { auditFor } from '../../src/store/audit.js';
import { createUser } from '../../src/store/users.js';
import { csrfOf, PageClient } from './client.js';
import { openWebWorld, type WebWorld } from './world.js';

// A server given a signing key (kt serve --signing-key): the packs it exports from the form and
// the API are signed, the pack page says by which key, and the zip an auditor gets carries it.

let world: WebWorld;
let app: ReturnType<typeof createApp>;
let cora: PageClient;
let coraToken: string;
let key: SigningKey;
let publicKeyFile: string;
let keys: string;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const period = { from: day(-7), to: day(1) };

beforeAll(async () => {
  world = await openWebWorld(new Date(), { evidence: true });
  keys = mkdtempSync(join(tmpdir(), 'kt-keys-'));
  const made = createSigningKey(join(keys, 'server.pem'));
  key = loadSigningKey(made.privateFile);
  publicKeyFile = made.publicFile;
  coraToken = (await createUser(world.store, { id: 'cora', role: 'compliance', teams: [] }, 'test')).token;
  app = createApp(world.store, { signingKey: key });
  cora = new PageClient(app);
  await cora.signIn(coraToken);
});
afterAll(() => {
  world.close();
  rmSync(keys, { recursive: true, force: true });
});

function unzip(bytes: Buffer, into: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            const path = join(into, entry.fileName);
            mkdirSync(dirname(path), { recursive: true });
            writeFileSync(path, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(names));
      zip.readEntry();
    });
  });
}

describe('evidence packs of a server with a signing key', () => {
  let packId: string;

  it('signs a pack exported from the form, and its page says by which key', async () => {
    const form = await cora.get('/evidence');
    const answer = await cora.post('/evidence', { _csrf: csrfOf(form.html), ...period, reason: 'Signed for the auditors' });
    expect(answer.status).toBe(303);
    packId = /^\/evidence\/(evd_[0-9A-Za-z_]+)\?done=exported$/.exec(answer.headers.get('location') ?? '')![1]!;
    const [entry] = await auditFor(world.store, `evidence:${packId}`);
    expect((entry!.after as { signing_key?: string }).signing_key).toBe(key.fingerprint);
    const page = await cora.get(`/evidence/${packId}`);
    expect(page.html).toMatch(new RegExp(`<strong>Verified just now:</strong> .*; its signature checks, by key <span class="mono">${key.fingerprint.replace(/[+/]/g, '\\$&')}</span> \\(this server's\\)\\.</p>`));
    expect(page.html).toContain(`Ed25519, checks against manifest.json; key <span class="mono">${key.fingerprint}</span> (this server's signing key)`);
    const links = [...page.html.matchAll(/<a href="(\/api\/evidence\/[^"]+\/files\/[^"]+)" download/g)].map((m) => m[1]!.split('/').pop());
    expect(links.slice(0, 2)).toEqual(['manifest.json', 'manifest.sig']);
    expect(page.html).toContain('the Ed25519 signature of manifest.json');
  });

  it('hands over a zip whose folder verifies against the public key alone', async () => {
    const response = await app.request(`http://localhost/api/evidence/${packId}/archive`, { headers: { authorization: `Bearer ${coraToken}` } });
    expect(response.status).toBe(200);
    const into = mkdtempSync(join(tmpdir(), 'kt-unzip-'));
    try {
      const names = await unzip(Buffer.from(await response.arrayBuffer()), into);
      expect(names).toContain(`${packId}/manifest.sig`);
      const verification = await verifyEvidence(join(into, packId), loadPublicKey(publicKeyFile));
      expect(verification.signature).toEqual({ status: 'valid', key_fingerprint: key.fingerprint, trusted: true });
      expect(verification.ok).toBe(true);
    } finally {
      rmSync(into, { recursive: true, force: true });
    }
  });

  it('signs over the API too, and its check reports the signature', async () => {
    const request = (path: string, init: RequestInit = {}) => app.request(`http://localhost${path}`, { ...init, headers: { authorization: `Bearer ${coraToken}`, 'content-type': 'application/json', ...init.headers } });
    const created = await request('/api/evidence', { method: 'POST', body: JSON.stringify({ ...period, pdf: false }) });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { pack_id: string; signing_key: string };
    expect(body.signing_key).toBe(key.fingerprint);
    const one = (await (await request(`/api/evidence/${body.pack_id}`)).json()) as { check: { ok: boolean; signature: unknown } };
    expect(one.check).toMatchObject({ ok: true, signature: { status: 'valid', key_fingerprint: key.fingerprint, trusted: null } });
  });
});
