import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { buildTemplate, copyWorld, strangerAttestation, tableDigests, type Template, type WorldCopy, validDraft } from './world.js';

/**
 * The web UI's forms against cross-site requests, and its cookies. Every POST
 * route outside /api is a form: the list is read from the app, so a new form
 * route without a case here fails the first test.
 */

/** Each form, who sends it (alice unless said), and what a valid send answers (303 unless said). */
const formCases: Record<string, { path: string; fields: Record<string, string>; signedIn: boolean; who?: 'compliance' | 'policyOwner' | 'admin'; accepted?: number }> = {
  'POST /login': { path: '/login', fields: { token: 'TOKEN', next: '/' }, signedIn: false },
  'POST /logout': { path: '/logout', fields: {}, signedIn: true },
  'POST /escalations/:id/claim': { path: '/escalations/esc_q1/claim', fields: {}, signedIn: true },
  'POST /claim-next': { path: '/claim-next', fields: { sort: 'due' }, signedIn: true },
  'POST /escalations/:id/unclaim': { path: '/escalations/esc_c1/unclaim', fields: {}, signedIn: true },
  'POST /escalations/:id/reassign': { path: '/escalations/esc_c1/reassign', fields: { to: 'root' }, signedIn: true, who: 'admin' },
  'POST /evidence': { path: '/evidence', fields: { from: '2026-03-01', to: '2026-04-01' }, signedIn: true, who: 'compliance' },
  'POST /tune/whatif': { path: '/tune/whatif', fields: { draft: validDraft, since: '2026-01-01T00:00:00Z' }, signedIn: true, who: 'policyOwner', accepted: 200 },
  'POST /users': { path: '/users', fields: { id: 'dave', role: 'reviewer', teams: 'support' }, signedIn: true, who: 'admin', accepted: 200 },
  'POST /users/:id/revoke': { path: '/users/bob/revoke', fields: { confirm: 'yes' }, signedIn: true, who: 'admin' },
  'POST /audit/attestation/check': { path: '/audit/attestation/check', fields: { attestation: JSON.stringify(strangerAttestation) }, signedIn: true, who: 'compliance', accepted: 200 },
  'POST /tune/draft': { path: '/tune/draft', fields: { draft: validDraft }, signedIn: true, who: 'policyOwner', accepted: 200 },
  'POST /escalations/:id/resolve': {
    path: '/escalations/esc_c1/resolve',
    fields: { outcome: 'approved', category: 'benign_positive', note: 'The user asked about a video game, harmless.', confirm: 'yes' },
    signedIn: true,
  },
};

let template: Template;
let world: WorldCopy;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  template = await buildTemplate();
});
afterAll(() => template.remove());
beforeEach(async () => {
  world = await copyWorld(template);
  app = createApp(world.store);
});
afterEach(() => world.close());

const loginCsrf = 'L'.repeat(43);

function post(path: string, cookie: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return app.request(`http://localhost${path}`, {
    method: 'POST',
    headers: { host: 'localhost', cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

describe('CSRF on every form', () => {
  it('knows every form route the app serves', () => {
    const forms = [...new Set(app.routes.filter((r) => r.method === 'POST' && !r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path}`))];
    expect(forms.sort()).toEqual(Object.keys(formCases).sort());
  });

  for (const [route, form] of Object.entries(formCases)) {
    it(`${route}: refuses a missing, forged, borrowed or cross-site token with 403 and changes nothing`, async () => {
      // The signed-in user (alice, or the role the form is for) and someone else (bob).
      const alice = template.credentials[form.who ?? 'reviewerA'];
      const bob = template.credentials.reviewerB;
      const cookie = form.signedIn ? `kt_session=${alice.sessionId}` : `kt_login_csrf=${loginCsrf}`;
      const valid = form.signedIn ? alice.csrf : loginCsrf;
      const fields = { ...form.fields, ...(form.fields.token ? { token: alice.token } : {}) };
      const before = await tableDigests(world.store);
      const attempts: Array<[string, Record<string, string>, Record<string, string>]> = [
        ['no token', fields, {}],
        ['forged token', { ...fields, _csrf: 'x'.repeat(43) }, {}],
        ['empty token', { ...fields, _csrf: '' }, {}],
        // Another user's session token does not open alice's session (synchronizer token per session).
        ['another session’s token', { ...fields, _csrf: bob.csrf }, {}],
        ['valid token from another site', { ...fields, _csrf: valid }, { origin: 'https://evil.example' }],
        ['valid token, malformed Origin', { ...fields, _csrf: valid }, { origin: 'not a url' }],
      ];
      for (const [what, body, headers] of attempts) {
        const response = await post(form.path, cookie, body, headers);
        expect(response.status, what).toBe(403);
        expect(response.headers.get('content-type'), what).toMatch(/^text\/html/);
        expect(response.headers.getSetCookie().some((c) => c.startsWith('kt_session=')), what).toBe(false);
      }
      // In-process callers (app.request) may send no Host at all: an Origin that is no URL still names no site of ours.
      const noHost = await app.request(`http://localhost${form.path}`, {
        method: 'POST',
        headers: { cookie, origin: 'not a url', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...fields, _csrf: valid }).toString(),
      });
      expect(noHost.status, 'malformed Origin without Host').toBe(403);
      expect(await tableDigests(world.store)).toEqual(before);
      // The same form with its own token, from this site, works (so the refusals above were the CSRF check).
      const accepted = await post(form.path, cookie, { ...fields, _csrf: valid }, { origin: 'http://localhost' });
      expect(accepted.status).toBe(form.accepted ?? 303);
    });
  }
});

describe('cookies', () => {
  const attributes = (line: string) => line.split(';').slice(1).map((a) => a.trim().toLowerCase());

  it('sets the sign-in CSRF and session cookies HttpOnly, SameSite=Strict, Path=/, Secure only over https', async () => {
    for (const origin of ['http://localhost', 'https://kt.example']) {
      const page = await app.request(`${origin}/login`);
      const csrfCookie = page.headers.getSetCookie().find((c) => c.startsWith('kt_login_csrf='))!;
      const csrf = /kt_login_csrf=([^;]+)/.exec(csrfCookie)![1]!;
      const signIn = await app.request(`${origin}/login`, {
        method: 'POST',
        headers: { cookie: `kt_login_csrf=${csrf}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, token: template.credentials.reviewerA.token }).toString(),
      });
      expect(signIn.status).toBe(303);
      const session = signIn.headers.getSetCookie().find((c) => c.startsWith('kt_session='))!;
      for (const line of [csrfCookie, session]) {
        const flags = attributes(line);
        expect(flags, line).toContain('httponly');
        expect(flags, line).toContain('samesite=strict');
        expect(flags, line).toContain('path=/');
        expect(flags.includes('secure'), line).toBe(origin.startsWith('https'));
        expect(flags.some((f) => f.startsWith('domain=')), line).toBe(false);
      }
    }
  });

  it('never lets the session cookie write through the API: every API write wants the bearer token', async () => {
    const writes = [...new Set(app.routes.filter((r) => r.method !== 'ALL' && r.method !== 'GET' && r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path}`))];
    expect(writes.length).toBeGreaterThan(5);
    const before = await tableDigests(world.store);
    for (const route of writes) {
      const [method, pattern] = route.split(' ') as [string, string];
      const path = pattern.replace(':id', 'esc_q1');
      const response = await app.request(`http://localhost${path}`, {
        method,
        headers: { cookie: `kt_session=${template.credentials.admin.sessionId}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(response.status, route).toBe(401);
    }
    expect(await tableDigests(world.store)).toEqual(before);
  });

  it('ignores a session cookie that is not a live session', async () => {
    for (const value of ['', 'garbage', 'a'.repeat(43), `${template.credentials.reviewerA.sessionId}x`, "' OR 1=1 --"]) {
      const response = await app.request('http://localhost/', { headers: { cookie: `kt_session=${encodeURIComponent(value)}` } });
      expect(response.status, value).toBe(303);
      expect(response.headers.get('location')).toBe('/login?next=%2F');
    }
  });
});
