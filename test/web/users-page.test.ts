import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { auditFor } from '../../src/store/audit.js';
import { tokenHash } from '../../src/store/users.js';
import { csrfOf, fieldErrorOf, PageClient, refusalOf } from './client.js';
import { openWebWorld, type WebWorld } from './world.js';

// The admin's users page: add a user (the token shown once), see everyone, revoke after a confirmation.

let world: WebWorld;
let app: ReturnType<typeof createApp>;
let root: PageClient;
let pat: PageClient;

beforeAll(async () => {
  world = await openWebWorld();
  app = createApp(world.store);
  root = new PageClient(app);
  pat = new PageClient(app);
  await root.signIn(world.tokens.root);
  await pat.signIn(world.tokens.pat);
});
afterAll(() => world.close());

async function post(path: string, fields: Record<string, string>) {
  const page = await root.get('/users');
  return root.post(path, { _csrf: csrfOf(page.html), ...fields });
}

describe('users page', () => {
  it('lists every user for an admin, with Users in the top bar, and refuses other roles', async () => {
    const page = await root.get('/users');
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<a href="\/users" aria-current="page">Users<\/a>/);
    for (const id of ['alice', 'dave', 'bob', 'pat', 'root']) expect(page.html).toContain(`<td class="mono">${id}`);
    expect(page.html).toContain('<td class="mono">root <span class="hint">(you)</span></td>');
    const refused = await pat.get('/users');
    expect(refused.status).toBe(403);
    expect(refusalOf(refused.html)).toBe('Your role policy_owner may not manage users.');
    expect((await pat.get('/')).html).not.toContain('href="/users"');
  });

  it('adds a user and shows the token once, not cached; the token signs in and only its hash is stored', async () => {
    const answer = await post('/users', { id: 'erin', role: 'reviewer', teams: 'support, sales' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const token = answer.html.match(/<code class="token">(kt_[A-Za-z0-9_-]+)<\/code>/)?.[1];
    expect(token).toBeDefined();
    expect(answer.html).toContain('<td class="mono">erin</td>');
    expect(answer.html).toContain('<td>support, sales</td>');
    const stored = await world.store.one<{ token_hash: string }>("SELECT token_hash FROM users WHERE id = 'erin'");
    expect(stored!.token_hash).toBe(tokenHash(token!));
    expect((await root.get('/users')).html).not.toContain(token!);
    const erin = new PageClient(app);
    expect((await erin.signIn(token!)).status).toBe(303);
    expect((await erin.get('/')).status).toBe(200);
    const [entry] = await auditFor(world.store, 'erin');
    expect(entry).toMatchObject({ actor: 'root', action: 'user_add', after: { role: 'reviewer', teams: ['support', 'sales'] } });
  });

  it('keeps a refused form and says why', async () => {
    const taken = await post('/users', { id: 'alice', role: 'reviewer', teams: '' });
    expect(taken.status).toBe(409);
    expect(refusalOf(taken.html)).toBe('Not added: User alice already exists (active); choose another name.');
    const badId = await post('/users', { id: 'no spaces please', role: 'admin', teams: '' });
    expect(badId.status).toBe(400);
    expect(refusalOf(badId.html)).toMatch(/^Not added: Invalid user id &quot;no spaces please&quot;: must be 1-64 letters/);
    expect(badId.html).toContain('value="no spaces please"');
    expect(badId.html).toContain('<option value="admin" selected>');
    const badRole = await post('/users', { id: 'frank', role: 'superuser', teams: '' });
    expect(badRole.status).toBe(400);
    expect(refusalOf(badRole.html)).toMatch(/^Not added: Invalid user role &quot;superuser&quot;: must be one of reviewer, policy_owner, compliance, admin/);
    const limitedAdmin = await post('/users', { id: 'gina', role: 'admin', teams: 'sales' });
    expect(limitedAdmin.status).toBe(400);
    expect(refusalOf(limitedAdmin.html)).toMatch(/^Not added: Invalid user teams \[&quot;sales&quot;\]: an admin acts for every team and may not be limited to teams/);
    expect(await world.store.one("SELECT id FROM users WHERE id = 'gina'")).toBeUndefined();
  });

  it('ties a refused input to its field, the message beside it and the top message linking to it', async () => {
    const taken = await post('/users', { id: 'alice', role: 'reviewer', teams: '' });
    expect(fieldErrorOf(taken.html, 'u-id')).toBe('User alice already exists (active); choose another name.');
    expect(taken.html).toContain('<a href="#u-id">Go to the field</a>');
    expect(fieldErrorOf(taken.html, 'u-role')).toBeUndefined();
    const badRole = await post('/users', { id: 'frank', role: 'superuser', teams: '' });
    expect(fieldErrorOf(badRole.html, 'u-role')).toMatch(/^Invalid user role &quot;superuser&quot;: must be one of /);
    expect(fieldErrorOf(badRole.html, 'u-id')).toBeUndefined();
    const limitedAdmin = await post('/users', { id: 'gina', role: 'admin', teams: 'sales' });
    expect(fieldErrorOf(limitedAdmin.html, 'u-teams')).toMatch(/^Invalid user teams .*may not be limited to teams/);
    expect(limitedAdmin.html).toContain('value="sales"');
    // Every field refused at once is marked, each beside its control.
    const two = await post('/users', { id: 'me', role: 'superuser', teams: 'x'.repeat(201) });
    expect(fieldErrorOf(two.html, 'u-id')).toMatch(/^Invalid user id &quot;me&quot;: is reserved/);
    expect(fieldErrorOf(two.html, 'u-role')).toMatch(/^Invalid user role &quot;superuser&quot;: must be one of /);
    expect(fieldErrorOf(two.html, 'u-teams')).toMatch(/^Invalid user teams \[&quot;x+&quot;\]: must be at most 200 characters\.$/);
    expect(refusalOf(two.html)).toMatch(/^Not added: Invalid user id &quot;me&quot;: .* 2 more fields are marked below\.$/);
    expect(two.html).toContain('<a href="#u-id">Go to the field</a>');
    // Revoking oneself is about no field of the form: the top message alone.
    const self = await post('/users/root/revoke', {});
    expect(self.html).not.toContain('aria-invalid');
    expect(self.html).not.toContain('Go to the field');
  });

  it('revokes a user only after a confirmation, ending their session at once', async () => {
    const dave = new PageClient(app);
    await dave.signIn(world.tokens.dave);
    expect((await dave.get('/')).status).toBe(200);
    const asked = await post('/users/dave/revoke', {});
    expect(asked.status).toBe(200);
    expect(asked.html).toContain('Revoke <strong>dave</strong>?');
    expect((await world.store.one<{ revoked_at: string | null }>("SELECT revoked_at FROM users WHERE id = 'dave'"))!.revoked_at).toBeNull();
    const done = await post('/users/dave/revoke', { confirm: 'yes' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/users?revoked=dave');
    const page = await root.get('/users?revoked=dave');
    expect(page.html).toContain('User dave is revoked: their token and sessions no longer work.');
    // A user who is not revoked is not announced as revoked, whatever the URL says.
    expect((await root.get('/users?revoked=alice')).html).not.toContain('is revoked');
    expect((await dave.get('/')).headers.get('location')).toBe('/login?next=%2F');
    const again = await post('/users/dave/revoke', { confirm: 'yes' });
    expect(again.status).toBe(409);
    expect(refusalOf(again.html)).toMatch(/^User dave was already revoked at /);
  });

  it('refuses to let an admin revoke themselves from the page', async () => {
    const answer = await post('/users/root/revoke', { confirm: 'yes' });
    expect(answer.status).toBe(409);
    expect(refusalOf(answer.html)).toMatch(/^You cannot revoke yourself here/);
    expect((await root.get('/users')).status).toBe(200);
    expect((await post('/users/nobody/revoke', {})).status).toBe(404);
  });
});
