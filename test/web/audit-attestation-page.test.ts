import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attestationSchema, checkAttestationSignature } from '../../src/domain/audit-attestation.js';
import { createApp } from '../../src/server/app.js';
import { createSigningKey, loadPublicKey, loadSigningKey, type SigningKey } from '../../src/signing/keys.js';
import { verifyAudit } from '../../src/store/audit.js';
import { attestedHeadProblem } from '../../src/store/audit-attestation.js';
import { createUser } from '../../src/store/users.js';
import { csrfOf, PageClient, refusalOf } from './client.js';
import { openWebWorld, type WebWorld } from './world.js';

// The audit page offers the chain's head signed by the server's key, once the chain verifies;
// the API answers the same attestation.

let world: WebWorld;
let key: SigningKey;
let coraToken: string;
let samToken: string;
beforeAll(async () => {
  world = await openWebWorld();
  key = loadSigningKey(createSigningKey(join(world.dir, 'keys', 'org.pem')).privateFile);
  coraToken = (await createUser(world.store, { id: 'cora', role: 'compliance', teams: [] }, 'test')).token;
  samToken = (await createUser(world.store, { id: 'sam', role: 'compliance', teams: ['sales'] }, 'test')).token;
});
afterAll(() => world.close());

async function signedIn(app: ReturnType<typeof createApp>, token: string): Promise<PageClient> {
  const client = new PageClient(app);
  await client.signIn(token);
  return client;
}

describe('signed attestations of the audit chain on the web and the API', () => {
  it('offers the download after a verification, and the file checks against the key and the chain', async () => {
    const cora = await signedIn(createApp(world.store, { signingKey: key }), coraToken);
    const page = await cora.get('/audit?verify=1');
    expect(page.html).toContain('<a class="button" href="/audit/attestation" download>Download a signed attestation</a>');
    expect(page.html).toContain(key.fingerprint);
    expect((await cora.get('/audit')).html).not.toContain('Download a signed attestation');

    const download = await cora.get('/audit/attestation');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="kt-audit-attestation-\d{8}T\d{6}Z\.json"$/);
    const attestation = attestationSchema.parse(JSON.parse(download.html));
    expect(checkAttestationSignature(attestation, loadPublicKey(join(world.dir, 'keys', 'org.pub.pem')))).toMatchObject({ valid: true, trusted: true });
    expect(attestedHeadProblem(await verifyAudit(world.store, { expectHead: attestation.head }), attestation)).toBeNull();
    expect(attestation.entries).toBe((await verifyAudit(world.store)).entries);
  });

  it('answers the attestation over the API, and refuses it to a caller limited to teams', async () => {
    const app = createApp(world.store, { signingKey: key });
    const ok = await app.request('http://localhost/api/audit/attestation', { headers: { authorization: `Bearer ${coraToken}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ format: 'kt-audit-attestation/1', key_fingerprint: key.fingerprint });
    const limited = await app.request('http://localhost/api/audit/attestation', { headers: { authorization: `Bearer ${samToken}` } });
    expect(limited.status).toBe(403);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toMatch(/^Attesting the audit chain reads every team's entries; sam is limited to sales\./);
    const sam = await signedIn(app, samToken);
    expect((await sam.get('/audit/attestation')).status).toBe(403);
  });

  it('checks an uploaded attestation against the chain, and says plainly when it does not hold', async () => {
    const app = createApp(world.store, { signingKey: key });
    const cora = await signedIn(app, coraToken);
    const held = (await cora.get('/audit/attestation')).html;
    const page = await cora.get('/audit');
    expect(page.html).toContain('<form method="post" action="/audit/attestation/check" enctype="multipart/form-data" class="attest-check">');
    // As a browser sends the file: multipart, with the session's CSRF token.
    const upload = async (text: string, name = 'head.json') => {
      const form = new FormData();
      form.set('_csrf', csrfOf(page.html));
      form.set('attestation', new File([text], name, { type: 'application/json' }));
      const response = await app.request('http://localhost/audit/attestation/check', { method: 'POST', body: form, headers: { cookie: cora.cookieHeader(), host: 'localhost' } });
      return { status: response.status, html: await response.text() };
    };
    const ok = await upload(held);
    expect(ok.status).toBe(200);
    expect(ok.html).toContain('<strong>The attestation holds:</strong> head.json, signed by this server\'s key');
    expect(ok.html).toMatch(/Every entry up to it is unchanged, the chain verifies, and 0 entries were written since\./);
    const changed = await upload(held.replace(/"entries": \d+/, '"entries": 1'));
    expect(changed.html).toContain('<strong>The attestation does not hold:</strong> The attestation has a signature that does not match its entries, head or times');
    const notOne = await upload('{"format": "kt-audit-attestation/1"}', 'notes.json');
    expect(notOne.status).toBe(400);
    expect(refusalOf(notOne.html)).toMatch(/^notes\.json is not a kt audit attestation: entries /);
    const sam = await signedIn(app, samToken);
    expect((await sam.get('/audit')).html).not.toContain('Check an attestation');

    const api = await app.request('http://localhost/api/audit/attestation/check', { method: 'POST', body: held, headers: { authorization: `Bearer ${coraToken}`, 'content-type': 'application/json' } });
    expect(await api.json()).toMatchObject({ ok: true, problem: null, signature: { trusted: true }, entries_since: 0 });
  });

  it('says how to sign when the server has no key, and the API names it', async () => {
    const app = createApp(world.store);
    const cora = await signedIn(app, coraToken);
    const page = await cora.get('/audit?verify=1');
    expect(page.html).not.toContain('Download a signed attestation');
    expect(page.html).toContain('To sign this head for safekeeping outside kt, start kt serve with <code>--signing-key</code>');
    const api = await app.request('http://localhost/api/audit/attestation', { headers: { authorization: `Bearer ${coraToken}` } });
    expect(api.status).toBe(503);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('unavailable');
  });
});
