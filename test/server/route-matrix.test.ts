import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { openWorld, type Actor, type World } from '../review/seed.js';
import { call } from './request.js';

type Who = 'anonymous' | Actor;
const everyone: Who[] = ['anonymous', 'reviewerA', 'reviewerB', 'policyOwner', 'compliance', 'admin'];

const goodResolution = { outcome: 'approved', category: 'benign_positive', note: 'The user asked about a video game, harmless.' };

/**
 * Every route × every kind of caller. reviewerA is in team support (owner of
 * esc_c1); reviewerB is in team sales and must not see support's items (404).
 */
const matrix: Array<{ route: string; method: string; path: string; body?: unknown; headers?: Record<string, string>; expected: Record<Who, number> }> = [
  { route: 'list', method: 'GET', path: '/api/escalations', expected: { anonymous: 401, reviewerA: 200, reviewerB: 200, policyOwner: 200, compliance: 200, admin: 200 } },
  { route: 'detail', method: 'GET', path: '/api/escalations/esc_q1', expected: { anonymous: 401, reviewerA: 200, reviewerB: 404, policyOwner: 200, compliance: 200, admin: 200 } },
  { route: 'audit of item', method: 'GET', path: '/api/escalations/esc_q1/audit', expected: { anonymous: 401, reviewerA: 200, reviewerB: 404, policyOwner: 200, compliance: 200, admin: 200 } },
  { route: 'claim', method: 'POST', path: '/api/escalations/esc_q1/claim', expected: { anonymous: 401, reviewerA: 200, reviewerB: 404, policyOwner: 403, compliance: 403, admin: 200 } },
  { route: 'unclaim', method: 'POST', path: '/api/escalations/esc_c1/unclaim', expected: { anonymous: 401, reviewerA: 200, reviewerB: 404, policyOwner: 403, compliance: 403, admin: 200 } },
  { route: 'resolve', method: 'POST', path: '/api/escalations/esc_c1/resolve', body: goodResolution, expected: { anonymous: 401, reviewerA: 200, reviewerB: 404, policyOwner: 403, compliance: 403, admin: 403 } },
  { route: 'reassign', method: 'POST', path: '/api/escalations/esc_c1/reassign', body: {}, expected: { anonymous: 401, reviewerA: 403, reviewerB: 403, policyOwner: 403, compliance: 403, admin: 200 } },
  { route: 'audit verify', method: 'GET', path: '/api/audit/verify', expected: { anonymous: 401, reviewerA: 403, reviewerB: 403, policyOwner: 403, compliance: 200, admin: 200 } },
  // This app was given no signing key: those allowed to attest are told the server cannot sign.
  { route: 'audit attestation check', method: 'POST', path: '/api/audit/attestation/check', body: {}, expected: { anonymous: 401, reviewerA: 403, reviewerB: 403, policyOwner: 403, compliance: 400, admin: 400 } },
  { route: 'audit attestation', method: 'GET', path: '/api/audit/attestation', expected: { anonymous: 401, reviewerA: 403, reviewerB: 403, policyOwner: 403, compliance: 503, admin: 503 } },
  { route: 'events tail', method: 'GET', path: '/api/events?since=2026-01-01T00:00:00Z', expected: { anonymous: 401, reviewerA: 200, reviewerB: 200, policyOwner: 200, compliance: 200, admin: 200 } },
  { route: 'events summary', method: 'GET', path: '/api/events/summary?since=2026-01-01T00:00:00Z', expected: { anonymous: 401, reviewerA: 200, reviewerB: 200, policyOwner: 200, compliance: 200, admin: 200 } },
  { route: 'events ingest', method: 'POST', path: '/api/events', headers: { 'Content-Type': 'application/x-ndjson' },
    body: { id: 'evt_new', timestamp: '2026-04-01T00:00:00Z', verdict: 'escalate', reason_code: 'violence_terms', team: 'support' },
    expected: { anonymous: 401, reviewerA: 403, reviewerB: 403, policyOwner: 403, compliance: 403, admin: 200 } },
  { route: 'users list', method: 'GET', path: '/api/users', expected: { anonymous: 401, reviewerA: 403, reviewerB: 403, policyOwner: 403, compliance: 403, admin: 200 } },
  { route: 'users add', method: 'POST', path: '/api/users', body: { id: 'dave', role: 'reviewer', teams: ['support'] }, expected: { anonymous: 401, reviewerA: 403, reviewerB: 403, policyOwner: 403, compliance: 403, admin: 201 } },
  { route: 'users revoke', method: 'DELETE', path: '/api/users/bob', expected: { anonymous: 401, reviewerA: 403, reviewerB: 403, policyOwner: 403, compliance: 403, admin: 200 } },
];

let world: World;
beforeEach(async () => {
  world = await openWorld();
});
afterEach(() => world.close());

describe('route × role matrix', () => {
  for (const row of matrix) {
    it(`${row.method} ${row.path} (${row.route})`, async () => {
      const app = createApp(world.store);
      const seen: Record<string, number> = {};
      for (const who of everyone) {
        // State-changing routes: each caller starts from the same state.
        if (row.method !== 'GET' && who !== 'anonymous') {
          world.close();
          world = await openWorld();
        }
        const current = createApp(world.store);
        const token = who === 'anonymous' ? undefined : world.tokens[who];
        const response = await call(row.method === 'GET' ? app : current, row.method, row.path, token, row.body, row.headers);
        seen[who] = response.status;
        if (response.status >= 400) expect(response.json).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
      }
      expect(seen).toEqual(row.expected);
    });
  }

  it('refuses a revoked token and a malformed header with 401', async () => {
    const app = createApp(world.store);
    expect((await call(app, 'DELETE', '/api/users/bob', world.tokens.admin)).status).toBe(200);
    expect((await call(app, 'GET', '/api/escalations', world.tokens.reviewerB)).status).toBe(401);
    expect((await call(app, 'GET', '/api/escalations', undefined, undefined, { Authorization: world.tokens.reviewerA })).status).toBe(401);
    expect((await call(app, 'GET', '/api/escalations', 'kt_not-a-real-token')).status).toBe(401);
  });

  it('names the Bearer scheme in WWW-Authenticate on every 401', async () => {
    const app = createApp(world.store);
    for (const token of [undefined, 'kt_not-a-real-token']) {
      const refused = await call(app, 'GET', '/api/escalations', token);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('WWW-Authenticate')).toBe('Bearer realm="kt"');
    }
    expect((await call(app, 'GET', '/api/escalations', world.tokens.reviewerA)).headers.get('WWW-Authenticate')).toBeNull();
  });

  it('answers a known path under another method with 405 and Allow, not a 404 that reads like a missing item', async () => {
    const app = createApp(world.store);
    const put = await call(app, 'PUT', '/api/escalations/esc_q1', world.tokens.admin);
    expect(put.status).toBe(405);
    expect(put.headers.get('Allow')).toBe('GET, HEAD');
    expect(put.json.error).toEqual({ code: 'method_not_allowed', message: '/api/escalations/esc_q1 does not take PUT; it takes GET, HEAD.', details: { method: 'PUT', allowed: ['GET', 'HEAD'] } });
    // The same for an item that does not exist: the answer says nothing about which ids do.
    expect((await call(app, 'PUT', '/api/escalations/esc_nope', world.tokens.admin)).json).toEqual({ error: { ...put.json.error, message: '/api/escalations/esc_nope does not take PUT; it takes GET, HEAD.' } });
    const getClaim = await call(app, 'GET', '/api/escalations/esc_q1/claim', world.tokens.admin);
    expect(getClaim.status).toBe(405);
    expect(getClaim.headers.get('Allow')).toBe('POST');
    expect((await call(app, 'DELETE', '/api/events', world.tokens.admin)).headers.get('Allow')).toBe('GET, POST, HEAD');
    // Still 404: a path no route has (a trailing slash too), and 401 before either without a token.
    expect((await call(app, 'GET', '/api/escalation', world.tokens.admin)).status).toBe(404);
    expect((await call(app, 'GET', '/api/escalations/esc_q1/audit/', world.tokens.admin)).status).toBe(404);
    expect((await call(app, 'PUT', '/api/escalations/esc_q1')).status).toBe(401);
  });

  it('leaves /healthz open', async () => {
    expect((await call(createApp(world.store), 'GET', '/healthz')).status).toBe(200);
  });
});
