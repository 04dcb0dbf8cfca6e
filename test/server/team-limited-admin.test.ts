import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { auditFor } from '../../src/store/audit.js';
import { query } from '../../src/store/queries.js';
import { createUser, listUsers, newToken, tokenHash } from '../../src/store/users.js';
import { openWebSession } from '../../src/store/web-sessions.js';
import { openWorld, type World } from '../review/seed.js';
import { PageClient, refusalOf } from '../web/client.js';
import { call } from './request.js';

/**
 * An admin acts for every team, so kt refuses to create one limited to teams (the
 * store function the CLI and API both call; the CLI's test is in test/review/users.test.ts)
 * and refuses the token of one an older store
 * still holds, wherever it is presented.
 */
let world: World;
let app: ReturnType<typeof createApp>;
let oldAdminToken: string;

/** The row an older kt wrote for `kt users add adm_sales --role admin --team sales`. */
async function plantTeamLimitedAdmin(id: string, teams: string[]): Promise<string> {
  const token = newToken();
  await world.store.run(query('user_insert'), { id, role: 'admin', teams_json: JSON.stringify(teams), token_hash: tokenHash(token), created_at: '2026-01-01T00:00:00Z' });
  return token;
}

beforeAll(async () => {
  world = await openWorld();
  oldAdminToken = await plantTeamLimitedAdmin('adm_sales', ['sales']);
  app = createApp(world.store);
});
afterAll(() => world.close());

describe('creating an admin limited to teams', () => {
  it('is refused by the store function, naming the teams field, and writes nothing', async () => {
    const refusal = createUser(world.store, { id: 'adm_support', role: 'admin', teams: ['support'] }, 'root');
    await expect(refusal).rejects.toMatchObject({ code: 'bad_input', details: { issues: [{ field: 'teams' }] } });
    await expect(refusal).rejects.toThrow(/Invalid user teams \["support"\]: an admin acts for every team and may not be limited to teams/);
    expect((await listUsers(world.store)).map((u) => u.id)).not.toContain('adm_support');
    expect(await auditFor(world.store, 'adm_support')).toEqual([]);
  });

  it('is refused by POST /api/users with a 400 naming the field; an admin for every team is still added', async () => {
    const refused = await call(app, 'POST', '/api/users', world.tokens.admin, { id: 'adm_support', role: 'admin', teams: ['support'] });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('bad_input');
    expect(refused.json.error.message).toMatch(/^Invalid user teams \["support"\]: an admin acts for every team/);
    expect(refused.json.error.details.issues[0].field).toBe('teams');
    const everyTeam = await call(app, 'POST', '/api/users', world.tokens.admin, { id: 'adm_all', role: 'admin', teams: [] });
    expect(everyTeam.status).toBe(201);
    const limitedReviewer = await call(app, 'POST', '/api/users', world.tokens.admin, { id: 'rev_support', role: 'reviewer', teams: ['support'] });
    expect(limitedReviewer.status).toBe(201);
  });
});

describe('an admin limited to teams kept by an older store', () => {
  it('cannot add an unlimited admin, revoke the admin, or overwrite another team\'s event over the API', async () => {
    const created = await call(app, 'POST', '/api/users', oldAdminToken, { id: 'x', role: 'admin' });
    expect(created.status).toBe(403);
    expect(created.json.error.message).toMatch(/^User adm_sales is an admin limited to teams \(sales\), which kt no longer accepts/);
    expect(created.json.error.message).toContain('kt users revoke adm_sales');
    expect((await call(app, 'DELETE', '/api/users/root', oldAdminToken)).status).toBe(403);

    const overwrite = JSON.stringify({ id: 'evt_q1', timestamp: '2026-03-01T10:00:00Z', verdict: 'escalate', reason_code: 'violence_terms', team: 'sales' }) + '\n';
    const response = await app.request('/api/events', {
      method: 'POST',
      headers: { Authorization: `Bearer ${oldAdminToken}`, 'Content-Type': 'application/x-ndjson' },
      body: overwrite,
    });
    expect(response.status).toBe(403);
    const text = await response.text();
    expect(text).not.toMatch(/updated|inserted/);

    const users = await listUsers(world.store);
    expect(users.map((u) => u.id)).not.toContain('x');
    expect(users.find((u) => u.id === 'root')!.revoked_at).toBeNull();
    expect(await world.store.one<{ team: string }>('SELECT team FROM events WHERE id = $id', { id: 'evt_q1' })).toEqual({ team: 'support' });
  });

  it('cannot read either: every API route answers the same 403', async () => {
    for (const path of ['/api/escalations', '/api/escalations/esc_s2', '/api/users', '/api/audit/verify']) {
      const read = await call(app, 'GET', path, oldAdminToken);
      expect(read.status, path).toBe(403);
      expect(read.json.error.details).toMatchObject({ id: 'adm_sales', role: 'admin', teams: ['sales'] });
    }
  });

  it('is refused at web sign-in with the reason, and a session it opened before counts as signed out', async () => {
    const browser = new PageClient(app);
    const signIn = await browser.signIn(oldAdminToken);
    expect(signIn.status).toBe(403);
    expect(refusalOf(signIn.html)).toMatch(/User adm_sales is an admin limited to teams \(sales\)/);
    expect(browser.cookie('kt_session')).toBeUndefined();

    const { sessionId } = await openWebSession(world.store, { id: 'adm_sales', role: 'admin', teams: ['sales'] });
    const page = await app.request('http://localhost/', { headers: { cookie: `kt_session=${sessionId}` } });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2F');
    const apiRead = await app.request('http://localhost/api/escalations', { headers: { cookie: `kt_session=${sessionId}` } });
    expect(apiRead.status).toBe(401);
  });

  it('is marked refused on the users page, so an admin can find and mend it', async () => {
    const root = new PageClient(app);
    await root.signIn(world.tokens.admin);
    const page = await root.get('/users');
    expect(page.status).toBe(200);
    const row = page.html.match(/<tr>(?:(?!<\/tr>)[\s\S])*?<td class="mono">adm_sales<\/td>[\s\S]*?<\/tr>/)?.[0] ?? '';
    expect(row).toContain('Refused: an admin limited to teams; revoke and add again');
    expect(page.html.match(/<tr>(?:(?!<\/tr>)[\s\S])*?<td class="mono">alice<\/td>[\s\S]*?<\/tr>/)?.[0]).toContain('Active');
  });

  it('is not offered items: reassigning to it is refused, naming the field', async () => {
    const handed = await call(app, 'POST', '/api/escalations/esc_s1/reassign', world.tokens.admin, { to: 'adm_sales' });
    expect(handed.status).toBe(400);
    expect(handed.json.error.message).toBe('Cannot reassign to adm_sales: they are an admin limited to teams, whose token kt refuses.');
    expect(handed.json.error.details).toMatchObject({ field: 'to' });
    expect((await call(app, 'GET', '/api/escalations/esc_s1', world.tokens.admin)).json.escalation.status).toBe('queued');
  });
});
