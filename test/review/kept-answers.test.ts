import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { executor, type Executor, type Store } from '../../src/store/database.js';
import { claimEscalation, listEscalations, listEscalationsJson, queueFilterSchema, resolveEscalation } from '../../src/store/queue/index.js';
import { openWorld, type World, alice, root } from './seed.js';
import { call } from '../server/request.js';

/**
 * The server keeps answers between requests (who holds a token, queue pages and
 * counts, page rows with their JSON text, overdue answers per window of the clock).
 * These pin down that a kept answer is always the one asking afresh would give:
 * after a revoke, a role or team change, any other write, and as the clock passes
 * a due time.
 */
let world: World;
beforeEach(async () => {
  world = await openWorld();
});
afterEach(() => world.close());

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
    expect((await call(app, 'GET', '/api/audit', world.tokens.reviewerB)).status).toBe(403);

    // No command changes a user yet; any write to users through the store must do.
    await world.store.transaction((tx) => tx.run(`UPDATE users SET role = 'compliance', teams = ['support'] WHERE id = 'bob'`));
    const after = await call(app, 'GET', '/api/escalations', world.tokens.reviewerB);
    expect(ids(after.json)).toEqual(['esc_q1', 'esc_q2', 'esc_c1', 'esc_r1', 'esc_r2']);
    // The audit log of their teams (verifying the whole chain is for callers of every team).
    expect((await call(app, 'GET', '/api/audit', world.tokens.reviewerB)).status).toBe(200);
    expect((await call(app, 'GET', '/api/audit/verify', world.tokens.reviewerB)).status).toBe(403);
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
          expect(Buffer.from(await listEscalationsJson(world.store, who, filter(q), now)).toString('utf8')).toBe(JSON.stringify(page));
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

describe('kept overdue answers', () => {
  // esc_q2 falls due 2026-03-02T11:00, esc_q1 2026-03-09T00:00 (both support, queued).
  const instants = [
    '2026-03-01T00:00:00.000Z', '2026-03-02T10:59:59.999Z', '2026-03-02T11:00:00.000Z', '2026-03-02T11:00:00.001Z',
    '2026-03-05T00:00:00.000Z', '2026-03-08T23:59:59.999Z', '2026-03-09T00:00:00.000Z', '2026-03-09T00:00:00.001Z',
    '2026-03-04T00:00:00.000Z', '2026-03-10T00:00:00.000Z', '2027-01-01T00:00:00.000Z',
  ];
  const filters = [
    { overdue: 'true' }, { overdue: 'false' }, { overdue: 'true', status: 'queued' }, { overdue: 'false', sort: 'due' },
    { overdue: 'true', owner: 'me' }, { overdue: 'true', limit: '1' }, {}, { status: 'queued', sort: 'due' },
  ];

  async function expectSameAsAskedAfresh(fresh: Executor, when: string[]) {
    for (const at of when) {
      for (const q of filters) {
        for (const who of [alice, root]) {
          const now = new Date(at);
          const kept = await listEscalations(world.store, who, filter(q), now);
          expect(kept, `${who.id} ${JSON.stringify(q)} at ${at}`).toEqual(await listEscalations(fresh, who, filter(q), now));
          expect(Buffer.from(await listEscalationsJson(world.store, who, filter(q), now)).toString('utf8')).toBe(JSON.stringify(kept));
        }
      }
    }
  }

  it('are what asking afresh answers at every instant, across due times and writes', async () => {
    // An executor that is not the store keeps nothing: every call asks DuckDB.
    const fresh = executor(world.store.connection);
    await expectSameAsAskedAfresh(fresh, instants);
    const at = (t: string) => new Date(t);
    expect(ids(await listEscalations(world.store, alice, filter({ overdue: 'true' }), at('2026-03-09T00:00:00.000Z')))).toEqual(['esc_q2']);
    expect(ids(await listEscalations(world.store, alice, filter({ overdue: 'true' }), at('2026-03-09T00:00:00.001Z')))).toEqual(['esc_q1', 'esc_q2']);

    // Writes change what is overdue: a claim keeps it overdue, a resolve ends it.
    await claimEscalation(world.store, alice, 'esc_q1');
    await expectSameAsAskedAfresh(fresh, instants.slice(-4));
    await resolveEscalation(world.store, alice, 'esc_q1', { outcome: 'approved', category: 'false_positive', cause: 'policy_logic', note: 'Benign: asked how to stop a process.' });
    await expectSameAsAskedAfresh(fresh, instants.slice(-4));
    expect(ids(await listEscalations(world.store, alice, filter({ overdue: 'true' }), at('2026-03-10T00:00:00.000Z')))).toEqual(['esc_q2']);
  });

  it('are asked once per window, not once per request', async () => {
    const asked = countQueries(world.store);
    const ask = (t: string) => listEscalations(world.store, alice, filter({ overdue: 'true' }), new Date(t));
    expect(ids(await ask('2026-03-05T00:00:00.000Z'))).toEqual(['esc_q2']);
    const first = asked.n;
    expect(first).toBe(3); // the window's end, the page and its counts
    for (const t of ['2026-03-06T00:00:00.000Z', '2026-03-08T23:59:59.999Z', '2026-03-09T00:00:00.000Z']) {
      expect(ids(await ask(t))).toEqual(['esc_q2']);
    }
    expect(asked.n).toBe(first);
    // esc_q1 falls due: a new window, asked afresh.
    expect(ids(await ask('2026-03-09T00:00:00.001Z'))).toEqual(['esc_q1', 'esc_q2']);
    expect(asked.n).toBe(first + 3);
  });
});
