import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { revokeUser } from '../../src/store/users.js';
import { findWebSession, sessionLifetimeMs } from '../../src/store/web-sessions.js';
import { PageClient, csrfOf, refusalOf } from './client.js';
import { openWebWorld, type WebWorld } from './world.js';

let world: WebWorld;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  world = await openWebWorld();
  app = createApp(world.store);
});
afterAll(() => world.close());

const setCookie = (headers: Headers, name: string) => headers.getSetCookie().find((line) => line.startsWith(`${name}=`));

describe('web sign-in and sessions', () => {
  it('sends page requests without a session to sign in, keeping where they were going', async () => {
    const anonymous = new PageClient(app);
    const queue = await anonymous.get('/');
    expect(queue.status).toBe(303);
    expect(queue.headers.get('location')).toBe('/login?next=%2F');
    const item = await anonymous.get('/escalations/esc_101?done=claimed');
    expect(item.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/escalations/esc_101?done=claimed')}`);
  });

  it('serves pages with a self-only content security policy and the secure headers', async () => {
    const page = await new PageClient(app).get('/login');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    // Same-origin (not the API's no-referrer): a form sent after the session ended is known by its page.
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    expect((await app.request('/healthz')).headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.html).toContain('<label for="token">Token</label>');
  });

  it('exchanges a token for an HttpOnly, SameSite=Strict session cookie whose id is stored only hashed', async () => {
    const alice = new PageClient(app);
    const response = await alice.signIn(world.tokens.alice);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    const cookie = setCookie(response.headers, 'kt_session')!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/; Secure/);
    const sessionId = alice.cookie('kt_session')!;
    const rows = await world.store.all<{ id_hash: string; user_id: string }>('SELECT id_hash, user_id FROM web_sessions WHERE user_id = $u', { u: 'alice' });
    expect(rows.map((r) => r.id_hash)).toContain(createHash('sha256').update(sessionId).digest('hex'));
    expect(rows.map((r) => r.id_hash)).not.toContain(sessionId);
    const queue = await alice.get('/');
    expect(queue.status).toBe(200);
    expect(queue.html).toContain('<strong class="who-id">alice</strong>');
  });

  it('marks the cookies Secure when served over https', async () => {
    const overTls = new PageClient(app, 'https://kt.example');
    const response = await overTls.signIn(world.tokens.dave);
    expect(setCookie(response.headers, 'kt_session')).toMatch(/; Secure/);
  });

  it('refuses a wrong or empty token on the page, without a session', async () => {
    const wrong = await new PageClient(app).signIn('kt_not-a-real-token');
    expect(wrong.status).toBe(401);
    expect(refusalOf(wrong.html)).toContain('That token is not valid or has been revoked');
    expect(setCookie(wrong.headers, 'kt_session')).toBeUndefined();
    const empty = await new PageClient(app).signIn('   ');
    expect(empty.status).toBe(400);
    expect(refusalOf(empty.html)).toBe('Paste your kt token to sign in.');
  });

  it('refuses a login POST without the form’s CSRF token', async () => {
    const client = new PageClient(app);
    await client.get('/login');
    const response = await client.post('/login', { _csrf: 'forged', token: world.tokens.alice });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(refusalOf(response.html)).toContain('did not come from this kt page');
    expect(setCookie(response.headers, 'kt_session')).toBeUndefined();
  });

  it('never redirects off-site after sign-in', async () => {
    const client = new PageClient(app);
    const page = await client.get('/login?next=//evil.example/x');
    const response = await client.post('/login', { _csrf: csrfOf(page.html), token: world.tokens.alice, next: '//evil.example/x' });
    expect(response.headers.get('location')).toBe('/');
  });

  it('sends a signed-in browser only to same-site paths, whatever the next parameter holds', async () => {
    const alice = new PageClient(app);
    await alice.signIn(world.tokens.alice);
    const offSite = ['%2F%09%2Fevil.example%2Fpwn', '%2F%0A%2Fevil.example', '%2F%5C%2Fevil.example', '%2F.%2F%2Fevil.example%2Fpwn', '%2F%2F%2Fevil.example', '%2Fa%2F..%2F%2Fevil.example', 'https%3A%2F%2Fevil.example', '%20%2Fx'];
    const broken = ['%2F%0Aabc', '%2F%00', '%2Fa%0D%0ASet-Cookie%3A%20x%3D1', '%2Fa%20b', '%2Fa%E2%80%8Bb'];
    for (const next of [...offSite, ...broken]) {
      const response = await alice.get(`/login?next=${next}`);
      expect([next, response.status, response.headers.get('location')]).toEqual([next, 303, '/']);
    }
    const kept = await alice.get(`/login?next=${encodeURIComponent('/escalations/esc_101?done=claimed#note')}`);
    expect(kept.headers.get('location')).toBe('/escalations/esc_101?done=claimed#note');
    // Non-ASCII is sent percent-encoded, never as a raw byte of the header.
    const accented = await alice.get('/login?next=%2F%C3%A9t%C3%A9%3Fq%3D%C3%A9');
    expect(accented.status).toBe(303);
    expect(accented.headers.get('location')).toBe('/%C3%A9t%C3%A9?q=%C3%A9');
  });

  it('applies the same rule to the next field of the sign-in form', async () => {
    for (const next of ['/\t/evil.example/pwn', '/\nabc', '/\u0000', '/./\u002F/evil.example']) {
      const client = new PageClient(app);
      const page = await client.get('/login');
      const response = await client.post('/login', { _csrf: csrfOf(page.html), token: world.tokens.alice, next });
      expect([JSON.stringify(next), response.status, response.headers.get('location')]).toEqual([JSON.stringify(next), 303, '/']);
    }
    const client = new PageClient(app);
    const page = await client.get(`/login?next=${encodeURIComponent('/escalations/esc_101')}`);
    expect(page.html).toContain('name="next" value="/escalations/esc_101"');
    const response = await client.post('/login', { _csrf: csrfOf(page.html), token: world.tokens.alice, next: '/é' });
    expect(response.headers.get('location')).toBe('/%C3%A9');
  });

  it('ends the session on sign-out, so the old cookie no longer opens pages', async () => {
    const alice = new PageClient(app);
    await alice.signIn(world.tokens.alice);
    const sessionId = alice.cookie('kt_session')!;
    const queue = await alice.get('/');
    const out = await alice.post('/logout', { _csrf: csrfOf(queue.html) });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/login?signed_out=1');
    expect(setCookie(out.headers, 'kt_session')).toMatch(/Max-Age=0/);
    const replay = await app.request('http://localhost/', { headers: { cookie: `kt_session=${sessionId}` } });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/login?next=%2F');
  });

  it('ends every session of a user whose token is revoked', async () => {
    const pat = new PageClient(app);
    await pat.signIn(world.tokens.pat);
    expect((await pat.get('/')).status).toBe(200);
    await revokeUser(world.store, 'pat', 'test');
    expect((await pat.get('/')).status).toBe(303);
  });

  it('ends a session at its expiry even while its lookup is kept between writes', async () => {
    const alice = new PageClient(app);
    await alice.signIn(world.tokens.alice);
    const sessionId = alice.cookie('kt_session')!;
    const now = new Date();
    const live = await findWebSession(world.store, sessionId, now);
    expect(live?.principal.id).toBe('alice');
    // Kept: the same answer without asking the store again, until the clock passes the expiry.
    expect(await findWebSession(world.store, sessionId, new Date(now.getTime() + sessionLifetimeMs - 60_000))).toEqual(live);
    expect(await findWebSession(world.store, sessionId, new Date(Date.parse(live!.expiresAt)))).toBeUndefined();
    // A caller changing the principal it was given changes nothing kept.
    live!.principal.teams.push('someone-elses-team');
    expect((await findWebSession(world.store, sessionId, now))?.principal.teams).not.toContain('someone-elses-team');
  });

  it('says so at sign-in when the session ended, and that a form sent meanwhile was not saved, then brings the reviewer back to its page', async () => {
    const alice = new PageClient(app);
    const signedIn = await alice.signIn(world.tokens.alice);
    // The browser keeps the cookie past the session's 12 hours, so kt can tell an ended session from none.
    expect(Number(/Max-Age=(\d+)/.exec(setCookie(signedIn.headers, 'kt_session')!)?.[1])).toBeGreaterThan(sessionLifetimeMs / 1000);
    const item = await alice.get('/escalations/esc_107');
    await world.store.run("UPDATE web_sessions SET expires_at = TIMESTAMPTZ '2020-01-01 00:00:00Z' WHERE user_id = 'alice'");
    const claim = await alice.post('/escalations/esc_107/claim', { _csrf: csrfOf(item.html) }, { referer: 'http://localhost/escalations/esc_107' });
    expect(claim.status).toBe(303);
    expect(claim.headers.get('location')).toBe('/login?next=%2Fescalations%2Fesc_107&unsaved=1');
    expect((await world.store.one<{ status: string }>("SELECT status FROM escalations WHERE id = 'esc_107'"))?.status).toBe('queued');
    const login = await alice.get(claim.headers.get('location')!);
    expect(login.status).toBe(200);
    expect(login.html).toContain('Your session has ended (sessions last 12 hours; signing out elsewhere or a revoked token ends them too). Sign in again to go on. What you last sent was not saved: send it again once you are signed in.');
    expect(login.html).toContain('name="next" value="/escalations/esc_107"');
    expect(setCookie(login.headers, 'kt_session')).toMatch(/Max-Age=0/);
    // Said once: the ended cookie is gone, so the next visit is a plain sign-in page.
    expect((await alice.get('/login')).html).not.toContain('Your session has ended');
    // Another site's Referer is not a way back.
    const stranger = await new PageClient(app).post('/escalations/esc_107/claim', {}, { referer: 'https://evil.example/escalations/esc_107' });
    expect(stranger.headers.get('location')).toBe('/login?next=%2F&unsaved=1');
  });

  it('lets the session read the API (for the analytics link) but never write through it', async () => {
    const alice = new PageClient(app);
    await alice.signIn(world.tokens.alice);
    const cookie = `kt_session=${alice.cookie('kt_session')}`;
    const read = await app.request('http://localhost/api/escalations?status=queued', { headers: { cookie } });
    expect(read.status).toBe(200);
    const ids = ((await read.json()) as { items: Array<{ id: string }> }).items.map((i) => i.id);
    expect(ids).toContain('esc_101');
    expect(ids).not.toContain('esc_201');
    const write = await app.request('http://localhost/api/escalations/esc_107/claim', { method: 'POST', headers: { cookie } });
    expect(write.status).toBe(401);
    const state = await world.store.one<{ status: string }>("SELECT status FROM escalations WHERE id = 'esc_107'");
    expect(state?.status).toBe('queued');
  });
});
