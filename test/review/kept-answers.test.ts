import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import type { Store } from '../../src/store/database.js';
import { listEscalations, listEscalationsJson, queueFilterSchema } from '../../src/store/queue/index.js';
import { openWorld, type World } from './seed.js';
import { call } from '../server/request.js';

/**
 * The server keeps answers between requests (who holds a token, queue pages and
 * counts, page rows with their JSON text). These pin down that a kept answer is
 * always the one asking afresh would give: after a revoke, a role or team change,
 * and any other write.
 */
let world: World;
beforeEach(async () => {
  world = await openWorld();
});
afterEach(() => world.close());

const alice = { id: 'alice', role: 'reviewer' as const, teams: ['support'] };
const root = { id: 'root', role: 'admin' as const, teams: [] };
const filter = (q: Record<string, string>) => queueFilterSchema.parse(q);
const ids = (page: { items: Array<{ id: string }> }) => page.items.map((i) => i.id);

/** Counts the queries the store is asked (reads go through all/one). */
function countQueries(store: Store): { n: number } {
  const asked = { n: 0 };
  const all = store.all.bind(store);
  const one = store.one.bind(store);
  (store as { all: Store['all'] }).all = (sql, params) => {
    asked.n += 1;
    return all(sql, params);
  };
  (store as { one: Store['one'] }).one = (sql, params) => {
    asked.n += 1;
    return one(sql, params);
  };
  return asked;
}

describe('kept token lookups', () => {
  it('answers a repeated request without asking the store anything', async () => {
    const app = createApp(world.store);
    const first = await call(app, 'GET', '/api/escalations?status=queued', world.tokens.reviewerA);
    expect(first.status).toBe(200);
    const asked = countQueries(world.store);
    const again = await call(app, 'GET', '/api/escalations?status=queued', world.tokens.reviewerA);
    expect(again.status).toBe(200);
    expect(ids(again.json)).toEqual(ids(first.json));
    expect(asked.n).toBe(0);
  });

  it('refuses a revoked token on the very next request, though its user was kept', async () => {
    const app = createApp(world.store);
    for (let i = 0; i < 3; i++) expect((await call(app, 'GET', '/api/escalations', world.tokens.reviewerA)).status).toBe(200);
    const revoked = await call(app, 'DELETE', '/api/users/alice', world.tokens.admin);
    expect(revoked.status).toBe(200);
    const after = await call(app, 'GET', '/api/escalations', world.tokens.reviewerA);
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe('unauthorized');
    expect((await call(app, 'POST', '/api/escalations/esc_q1/claim', world.tokens.reviewerA)).status).toBe(401);
    // Everyone else is still known.
    expect((await call(app, 'GET', '/api/escalations', world.tokens.reviewerB)).status).toBe(200);
  });

  it('applies a changed role and team list on the next request', async () => {
    const app = createApp(world.store);
    const before = await call(app, 'GET', '/api/escalations', world.tokens.reviewerB);
    expect(ids(before.json)).toEqual(['esc_s1', 'esc_s2']);
    expect((await call(app, 'GET', '/api/audit/verify', world.tokens.reviewerB)).status).toBe(403);

    // No command changes a user yet; any write to users through the store must do.
    await world.store.transaction((tx) => tx.run(`UPDATE users SET role = 'compliance', teams = ['support'] WHERE id = 'bob'`));
    const after = await call(app, 'GET', '/api/escalations', world.tokens.reviewerB);
    expect(ids(after.json)).toEqual(['esc_q1', 'esc_q2', 'esc_c1', 'esc_r1', 'esc_r2']);
    expect((await call(app, 'GET', '/api/audit/verify', world.tokens.reviewerB)).status).toBe(200);
    const claim = await call(app, 'POST', '/api/escalations/esc_q1/claim', world.tokens.reviewerB);
    expect(claim.status).toBe(403);
    expect(claim.json.error.message).toMatch(/role compliance/);

    await world.store.run(`UPDATE users SET role = 'reviewer', teams = ['sales'] WHERE id = 'bob'`);
    expect(ids((await call(app, 'GET', '/api/escalations', world.tokens.reviewerB)).json)).toEqual(['esc_s1', 'esc_s2']);
    expect((await call(app, 'POST', '/api/escalations/esc_s1/claim', world.tokens.reviewerB)).status).toBe(200);
  });

  it('does not keep unknown tokens', async () => {
    const app = createApp(world.store);
    expect((await call(app, 'GET', '/api/escalations', 'kt_unknown')).status).toBe(401);
    const asked = countQueries(world.store);
    expect((await call(app, 'GET', '/api/escalations', 'kt_unknown')).status).toBe(401);
    expect(asked.n).toBe(1);
  });
});

describe('the queue page as JSON text', () => {
  it('is exactly the page serialised, for every filter and clock, kept or not', async () => {
    const filters = [{}, { status: 'queued' }, { sort: 'due' }, { overdue: 'true' }, { owner: 'me' }, { limit: '2' }, { status: 'resolved' }];
    for (const at of ['2026-03-01T00:00:00.000Z', '2026-03-05T12:34:56.789Z', '2027-01-01T00:00:00.000Z']) {
      for (const q of filters) {
        for (const who of [alice, root]) {
          const now = new Date(at);
          const page = await listEscalations(world.store, who, filter(q), now);
          expect(await listEscalationsJson(world.store, who, filter(q), now)).toBe(JSON.stringify(page));
        }
      }
    }
    const app = createApp(world.store);
    const answer = await call(app, 'GET', '/api/escalations?status=queued&limit=1', world.tokens.reviewerA);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.json.items.map((i: { id: string }) => i.id)).toEqual(['esc_q1']);
    expect(answer.json.next_cursor).toEqual(expect.any(String));
    expect(answer.json.items[0]).toMatchObject({ status: 'queued', overdue: expect.any(Boolean), age_minutes: expect.any(Number), request_excerpt: expect.stringMatching(/kill/) });
  });
});
