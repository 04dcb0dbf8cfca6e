import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/server/app.js';
import { createSigningKey, loadSigningKey, type SigningKey } from '../../src/signing/keys.js';
import { buildTemplate, callers, copyWorld, strangerAttestation, tableDigests, type Caller, type Template, type WorldCopy, validDraft } from './world.js';

/**
 * Every route of the app × every kind of caller, with the status each must get.
 * The routes are read from the app itself (Hono's `app.routes`), so a route added
 * without a row here fails the first test. API callers send their bearer token;
 * web pages are driven with each caller's signed-in session cookie and the
 * session's CSRF token (CSRF refusals are tested separately below).
 *
 * Callers: alice (reviewer, support) owns esc_c1; bob (reviewer, sales) and pia
 * (policy owner limited to sales) must not see support's items (404 as if absent).
 */
interface Case {
  route: string;
  path: string;
  body?: unknown;
  /** A raw body and its type (NDJSON ingest); JSON bodies use `body`. */
  raw?: { type: string; text: string };
  /** A web form: fields sent url-encoded with the caller's session cookie and CSRF token. */
  form?: Record<string, string>;
  web?: boolean;
  expected: Record<Caller, number>;
}

const statuses = (anonymous: number, reviewerA: number, reviewerB: number, policyOwner: number, policyOwnerSales: number, compliance: number, admin: number) =>
  ({ anonymous, reviewerA, reviewerB, policyOwner, policyOwnerSales, compliance, admin });

const resolution = { outcome: 'approved', category: 'benign_positive', note: 'The user asked about a video game, harmless.' };
const newEvent = JSON.stringify({ id: 'evt_matrix', timestamp: '2026-03-06T10:00:00Z', verdict: 'allow', team: 'support' });
const analyticsReaders = statuses(401, 403, 403, 200, 200, 200, 200);
const evidenceReaders = statuses(401, 403, 403, 403, 403, 200, 200);

const matrix: Case[] = [
  { route: 'GET /healthz', path: '/healthz', expected: statuses(200, 200, 200, 200, 200, 200, 200) },
  { route: 'GET /api/escalations', path: '/api/escalations', expected: statuses(401, 200, 200, 200, 200, 200, 200) },
  { route: 'GET /api/escalations/:id', path: '/api/escalations/esc_q1', expected: statuses(401, 200, 404, 200, 404, 200, 200) },
  { route: 'GET /api/escalations/:id/audit', path: '/api/escalations/esc_q1/audit', expected: statuses(401, 200, 404, 200, 404, 200, 200) },
  { route: 'POST /api/escalations/claim-next', path: '/api/escalations/claim-next', expected: statuses(401, 200, 200, 403, 403, 403, 200) },
  { route: 'POST /api/escalations/:id/claim', path: '/api/escalations/esc_q1/claim', expected: statuses(401, 200, 404, 403, 403, 403, 200) },
  { route: 'POST /api/escalations/:id/unclaim', path: '/api/escalations/esc_c1/unclaim', expected: statuses(401, 200, 404, 403, 403, 403, 200) },
  { route: 'POST /api/escalations/:id/resolve', path: '/api/escalations/esc_c1/resolve', body: resolution, expected: statuses(401, 200, 404, 403, 403, 403, 403) },
  { route: 'POST /api/escalations/:id/reassign', path: '/api/escalations/esc_c1/reassign', body: {}, expected: statuses(401, 403, 403, 403, 403, 403, 200) },
  { route: 'GET /api/users', path: '/api/users', expected: statuses(401, 403, 403, 403, 403, 403, 200) },
  { route: 'POST /api/users', path: '/api/users', body: { id: 'dave', role: 'reviewer', teams: ['support'] }, expected: statuses(401, 403, 403, 403, 403, 403, 201) },
  { route: 'DELETE /api/users/:id', path: '/api/users/bob', expected: statuses(401, 403, 403, 403, 403, 403, 200) },
  { route: 'GET /api/audit', path: '/api/audit?action=claim', expected: statuses(401, 403, 403, 403, 403, 200, 200) },
  { route: 'GET /api/audit/verify', path: '/api/audit/verify', expected: statuses(401, 403, 403, 403, 403, 200, 200) },
  { route: 'GET /api/audit/attestation', path: '/api/audit/attestation', expected: statuses(401, 403, 403, 403, 403, 200, 200) },
  { route: 'POST /api/audit/attestation/check', path: '/api/audit/attestation/check', body: strangerAttestation, expected: statuses(401, 403, 403, 403, 403, 200, 200) },
  { route: 'GET /api/events', path: '/api/events?since=2026-01-01T00:00:00Z', expected: statuses(401, 200, 200, 200, 200, 200, 200) },
  { route: 'GET /api/events/summary', path: '/api/events/summary?since=2026-01-01T00:00:00Z', expected: statuses(401, 200, 200, 200, 200, 200, 200) },
  { route: 'POST /api/events', path: '/api/events', raw: { type: 'application/x-ndjson', text: `${newEvent}\n` }, expected: statuses(401, 403, 403, 403, 403, 403, 200) },
  { route: 'GET /api/analytics/false-positives', path: '/api/analytics/false-positives', expected: analyticsReaders },
  { route: 'GET /api/analytics/tuning', path: '/api/analytics/tuning?config_id=cfg_support_prod&policy=human-oversight&before=2.3.0&after=2.4.0', expected: analyticsReaders },
  { route: 'GET /api/analytics/volume', path: '/api/analytics/volume', expected: analyticsReaders },
  { route: 'GET /api/analytics/backlog', path: '/api/analytics/backlog', expected: analyticsReaders },
  { route: 'GET /api/analytics/quality', path: '/api/analytics/quality', expected: analyticsReaders },
  { route: 'POST /api/evidence', path: '/api/evidence', body: { from: '2026-03-01', to: '2026-04-01', pdf: false }, expected: statuses(401, 403, 403, 403, 403, 201, 201) },
  { route: 'GET /api/evidence', path: '/api/evidence', expected: evidenceReaders },
  { route: 'GET /api/evidence/:id', path: '/api/evidence/PACK', expected: evidenceReaders },
  { route: 'GET /api/evidence/:id/files/:name', path: '/api/evidence/PACK/files/escalations.csv', expected: evidenceReaders },
  { route: 'GET /api/evidence/:id/archive', path: '/api/evidence/PACK/archive', expected: evidenceReaders },
  { route: 'GET /api/evidence/jobs', path: '/api/evidence/jobs', expected: evidenceReaders },
  { route: 'GET /api/evidence/jobs/:job', path: '/api/evidence/jobs/job_AAAAAAAAAAAAAAAA', expected: statuses(401, 403, 403, 403, 403, 404, 404) },
  { route: 'GET /api/configs', path: '/api/configs', expected: analyticsReaders },
  { route: 'GET /api/configs/:id/diff', path: '/api/configs/cfg_support_prod/diff?from=2.3.0&to=2.4.0', expected: analyticsReaders },
  { route: 'GET /api/configs/:id/:version', path: '/api/configs/cfg_support_prod/2.3.0', expected: analyticsReaders },
  // This world records no false positive of cause policy_logic: those let in find nothing to narrow (404).
  { route: 'GET /api/tune/suggest', path: '/api/tune/suggest?config_id=cfg_support_prod&policy=human-oversight&reason_code=violence_terms&version=2.3.0', expected: statuses(401, 403, 403, 404, 403, 403, 404) },
  { route: 'POST /api/tune/whatif', path: '/api/tune/whatif', body: { draft: validDraft, since: '2026-01-01T00:00:00Z' }, expected: statuses(401, 403, 403, 200, 200, 403, 200) },
  { route: 'GET /reports/:name', path: '/reports/false-positives?format=html', expected: analyticsReaders },
  // The web UI: anonymous pages go to sign-in (303); actions that worked redirect (303) to the item.
  { route: 'GET /static/:name', path: '/static/web.css', web: true, expected: statuses(200, 200, 200, 200, 200, 200, 200) },
  { route: 'GET /login', path: '/login', web: true, expected: statuses(200, 303, 303, 303, 303, 303, 303) },
  { route: 'POST /login', path: '/login', web: true, form: {}, expected: statuses(401, 303, 303, 303, 303, 303, 303) },
  { route: 'POST /logout', path: '/logout', web: true, form: {}, expected: statuses(303, 303, 303, 303, 303, 303, 303) },
  { route: 'GET /', path: '/', web: true, expected: statuses(303, 200, 200, 200, 200, 200, 200) },
  { route: 'GET /events', path: '/events?since=2026-01-01T00:00:00Z', web: true, expected: statuses(303, 200, 200, 200, 200, 200, 200) },
  { route: 'GET /events/download', path: '/events/download?format=csv', web: true, expected: statuses(303, 200, 200, 200, 200, 200, 200) },
  { route: 'GET /configs', path: '/configs', web: true, expected: statuses(303, 403, 403, 200, 200, 200, 200) },
  { route: 'GET /configs/:id/:version', path: '/configs/cfg_support_prod/2.4.0', web: true, expected: statuses(303, 403, 403, 200, 200, 200, 200) },
  { route: 'GET /reports', path: '/reports', web: true, expected: statuses(303, 403, 403, 200, 200, 200, 200) },
  { route: 'GET /audit', path: '/audit?verify=1', web: true, expected: statuses(303, 403, 403, 403, 403, 200, 200) },
  { route: 'GET /audit/attestation', path: '/audit/attestation', web: true, expected: statuses(303, 403, 403, 403, 403, 200, 200) },
  { route: 'POST /audit/attestation/check', path: '/audit/attestation/check', web: true, form: { attestation: JSON.stringify(strangerAttestation) }, expected: statuses(303, 403, 403, 403, 403, 200, 200) },
  { route: 'GET /evidence', path: '/evidence', web: true, expected: statuses(303, 403, 403, 403, 403, 200, 200) },
  { route: 'POST /evidence', path: '/evidence', web: true, form: { from: '2026-03-01', to: '2026-04-01' }, expected: statuses(303, 403, 403, 403, 403, 303, 303) },
  { route: 'GET /evidence/:id', path: '/evidence/PACK', web: true, expected: statuses(303, 403, 403, 403, 403, 200, 200) },
  // An export's progress page: only its starter sees it, so for everyone else an unknown job is a 404.
  { route: 'GET /evidence/jobs/:job', path: '/evidence/jobs/job_AAAAAAAAAAAAAAAA', web: true, expected: statuses(303, 403, 403, 403, 403, 404, 404) },
  { route: 'GET /tune', path: '/tune?min_resolved=1', web: true, expected: statuses(303, 403, 403, 200, 200, 403, 200) },
  { route: 'POST /tune/whatif', path: '/tune/whatif', web: true, form: { draft: validDraft, since: '2026-01-01T00:00:00Z' }, expected: statuses(303, 403, 403, 200, 200, 403, 200) },
  { route: 'POST /tune/draft', path: '/tune/draft', web: true, form: { draft: validDraft }, expected: statuses(303, 403, 403, 200, 200, 403, 200) },
  { route: 'GET /users', path: '/users', web: true, expected: statuses(303, 403, 403, 403, 403, 403, 200) },
  { route: 'POST /users', path: '/users', web: true, form: { id: 'dave', role: 'reviewer', teams: 'support' }, expected: statuses(303, 403, 403, 403, 403, 403, 200) },
  { route: 'POST /users/:id/revoke', path: '/users/bob/revoke', web: true, form: { confirm: 'yes' }, expected: statuses(303, 403, 403, 403, 403, 403, 303) },
  { route: 'GET /escalations/:id', path: '/escalations/esc_q1', web: true, expected: statuses(303, 200, 404, 200, 404, 200, 200) },
  { route: 'POST /claim-next', path: '/claim-next', web: true, form: {}, expected: statuses(303, 303, 303, 403, 403, 403, 303) },
  { route: 'POST /escalations/:id/claim', path: '/escalations/esc_q1/claim', web: true, form: {}, expected: statuses(303, 303, 404, 403, 403, 403, 303) },
  { route: 'POST /escalations/:id/unclaim', path: '/escalations/esc_c1/unclaim', web: true, form: {}, expected: statuses(303, 303, 404, 403, 403, 403, 303) },
  // Admins only: anyone else is refused by role before the item is looked up.
  { route: 'POST /escalations/:id/reassign', path: '/escalations/esc_c1/reassign', web: true, form: { to: 'root' }, expected: statuses(303, 403, 403, 403, 403, 403, 303) },
  {
    route: 'POST /escalations/:id/resolve', path: '/escalations/esc_c1/resolve', web: true,
    form: { ...resolution, confirm: 'yes' }, expected: statuses(303, 303, 404, 403, 403, 403, 403),
  },
];

let template: Template;
/** The app signs (evidence packs, audit attestations) as kt serve --signing-key does, so every route answers in full. */
let signingKey: SigningKey;
let keyDir: string;
beforeAll(async () => {
  template = await buildTemplate();
  keyDir = mkdtempSync(join(tmpdir(), 'kt-matrix-key-'));
  signingKey = loadSigningKey(createSigningKey(join(keyDir, 'org.pem')).privateFile);
});
afterAll(() => {
  template.remove();
  rmSync(keyDir, { recursive: true, force: true });
});

/** The app's own list of endpoints (middleware entries are method ALL). */
function appRoutes(world: WorldCopy): string[] {
  const app = createApp(world.store);
  return [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))].sort();
}

/** A login-form CSRF token: the double-submit cookie a browser got with /login. */
const loginCsrf = 'L'.repeat(43);

function requestFor(row: Case, caller: Caller): RequestInit {
  const headers: Record<string, string> = {};
  const who = caller === 'anonymous' ? undefined : template.credentials[caller];
  let body: string | undefined;
  if (row.web) {
    headers.cookie = who ? `kt_session=${who.sessionId}` : `kt_login_csrf=${loginCsrf}`;
    if (row.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const fields: Record<string, string> = { ...row.form, _csrf: who ? who.csrf : loginCsrf };
      // Signing in: each caller with their own token; anonymous with a token nobody has.
      if (row.route === 'POST /login') fields.token = who ? who.token : 'kt_nobody-has-this-token';
      body = new URLSearchParams(fields).toString();
    }
  } else {
    if (who) headers.authorization = `Bearer ${who.token}`;
    if (row.raw) {
      headers['content-type'] = row.raw.type;
      body = row.raw.text;
    } else if (row.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(row.body);
    }
  }
  return { method: row.route.split(' ')[0], headers, body };
}

describe('authorization matrix over every route', () => {
  it('has a row for every route the app serves, and no row for a route it does not', async () => {
    const world = await copyWorld(template);
    try {
      expect(matrix.map((r) => r.route).sort()).toEqual(appRoutes(world));
    } finally {
      world.close();
    }
  });

  for (const row of matrix) {
    it(`${row.route} (${row.path})`, async () => {
      let world = await copyWorld(template);
      let before = await tableDigests(world.store);
      const seen: Record<string, number> = {};
      try {
        for (const caller of callers) {
          // PACK: the evidence pack every world copy holds.
          const path = row.path.replace('PACK', template.packId);
          const response = await createApp(world.store, { signingKey }).request(`http://localhost${path}`, requestFor(row, caller));
          seen[caller] = response.status;
          const text = await response.text();
          if (response.status >= 500) throw new Error(`${caller} got ${response.status}: ${text.slice(0, 300)}`);
          if (!row.web && response.status >= 400) {
            expect(JSON.parse(text), `${caller}: ${text}`).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
          }
          const after = await tableDigests(world.store);
          // A refusal changes nothing; after a change, the next caller starts from the same state again.
          if (response.status >= 400) expect(after, `${caller} was refused (${response.status}) but data changed`).toEqual(before);
          if (JSON.stringify(after) !== JSON.stringify(before)) {
            world.close();
            world = await copyWorld(template);
            before = await tableDigests(world.store);
          }
        }
      } finally {
        world.close();
      }
      expect(seen).toEqual(row.expected);
    });
  }
});

describe('team limits', () => {
  let world: WorldCopy;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    world = await copyWorld(template);
    app = createApp(world.store);
  });
  afterAll(() => world.close());

  const get = async (caller: Exclude<Caller, 'anonymous'>, path: string) => {
    const response = await app.request(path, { headers: { authorization: `Bearer ${template.credentials[caller].token}` } });
    return { status: response.status, json: (await response.json()) as any };
  };

  it('lists only the items and events of the caller’s teams', async () => {
    const bob = await get('reviewerB', '/api/escalations?limit=500');
    expect(bob.json.items.map((i: { id: string }) => i.id).sort()).toEqual(['esc_s1', 'esc_s2']);
    const alice = await get('reviewerA', '/api/escalations?limit=500');
    expect(alice.json.items.map((i: { team: string }) => i.team)).toEqual(Array(5).fill('support'));
    const pia = await get('policyOwnerSales', '/api/events?since=2026-01-01T00:00:00Z&limit=100');
    expect(pia.json.map((e: { team: string }) => e.team)).toEqual(['sales', 'sales', 'sales']);
    const piaSummary = await get('policyOwnerSales', '/api/events/summary?since=2026-01-01T00:00:00Z');
    expect(piaSummary.json.events).toBe(3);
  });

  it('refuses a limited caller who asks for another team, rather than answering with zeros', async () => {
    for (const path of ['/api/analytics/false-positives?team=support', '/api/analytics/backlog?team=support', '/api/analytics/volume?team=support']) {
      const response = await get('policyOwnerSales', path);
      expect(response.status, path).toBe(403);
      expect(response.json.error.message).toMatch(/may not see team support/);
    }
    expect((await get('policyOwner', '/api/analytics/backlog?team=support')).status).toBe(200);
  });

  it('counts only the caller’s teams in analytics', async () => {
    const everyone = await get('policyOwner', '/api/analytics/backlog');
    const sales = await get('policyOwnerSales', '/api/analytics/backlog');
    expect(everyone.json.open.queued).toBe(3);
    expect(sales.json.open.queued).toBe(1);
  });
});
