import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { openWorld, type World } from '../review/seed.js';
import { call } from './request.js';

let world: World;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  world = await openWorld();
  app = createApp(world.store);
});
afterAll(() => world.close());

const tuning = 'config_id=cfg_support_prod&policy=human-oversight&before=2.3.0&after=2.4.0';

/** Every API GET route, with a query it accepts, and what it answers to that query (404: the seeded world has nothing to answer with). */
const routes: Array<{ path: string; query?: string; answers: number }> = [
  { path: '/api/analytics/tuning', query: tuning, answers: 404 },
  { path: '/api/analytics/false-positives', query: 'by=team', answers: 200 },
  { path: '/api/analytics/volume', query: 'bucket=week', answers: 200 },
  { path: '/api/analytics/backlog', query: 'team=support', answers: 200 },
  { path: '/api/analytics/quality', query: 'since=30d', answers: 200 },
  { path: '/api/configs', query: 'config_id=cfg_support_prod', answers: 200 },
  { path: '/api/configs/cfg_support_prod/diff', query: 'from=2.3.0&to=2.3.0', answers: 200 },
  { path: '/api/configs/cfg_support_prod/2.3.0', answers: 200 },
  { path: '/api/evidence', answers: 200 },
  { path: '/api/evidence/jobs', answers: 200 },
  { path: '/api/evidence/jobs/job_AbCdEfGhIjKlMnOp', answers: 404 },
  { path: '/api/evidence/evd_20261001T090000Z_1a2b3c', answers: 404 },
  { path: '/api/evidence/evd_20261001T090000Z_1a2b3c/files/manifest.json', answers: 404 },
  { path: '/api/evidence/evd_20261001T090000Z_1a2b3c/archive', answers: 404 },
  { path: '/api/audit', query: 'limit=5', answers: 200 },
  { path: '/api/audit/verify', answers: 200 },
  { path: '/api/audit/attestation', answers: 503 },
  { path: '/api/users', answers: 200 },
  { path: '/api/escalations', query: 'status=queued', answers: 200 },
  { path: '/api/escalations/esc_q1', answers: 200 },
  { path: '/api/escalations/esc_q1/audit', answers: 200 },
  { path: '/api/events', query: 'since=3650d', answers: 200 },
  { path: '/api/tune/suggest', query: 'config_id=cfg_support_prod&policy=human-oversight&reason_code=violence_terms', answers: 404 },
];

const withQuery = (path: string, query: string | undefined) => (query ? `${path}?${query}` : path);

describe('unknown query parameters', () => {
  for (const route of routes) {
    it(`GET ${route.path} refuses a parameter it does not know, naming it`, async () => {
      const known = await call(app, 'GET', withQuery(route.path, route.query), world.tokens.admin);
      expect(known.status, known.text).toBe(route.answers);
      const misspelt = await call(app, 'GET', withQuery(route.path, [route.query, 'reasoncode=violence_terms'].filter(Boolean).join('&')), world.tokens.admin);
      expect(misspelt.status, misspelt.text).toBe(400);
      expect(misspelt.json.error).toMatchObject({ code: 'bad_input', details: { unknown: ['reasoncode'] } });
      expect(misspelt.json.error.message).toMatch(/^Invalid query: unknown parameter reasoncode \(/);
    });
  }

  it('names every unknown parameter and the ones the route knows', async () => {
    const answer = await call(app, 'GET', `/api/analytics/tuning?${tuning}&reasoncode=violence_terms&polcy=x`, world.tokens.admin);
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toMatch(/unknown parameters reasoncode, polcy \(known: .*reason_code.*\)\.$/);
    const none = await call(app, 'GET', '/api/users?role=admin', world.tokens.admin);
    expect(none.json.error.message).toBe('Invalid query: unknown parameter role (this route takes no query parameters).');
  });

  it('says a parameter left out is required, not what type zod received', async () => {
    const answer = await call(app, 'GET', '/api/configs/cfg_support_prod/diff?from=2.3.0', world.tokens.admin);
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toBe('Invalid query: to is required');
  });

  it('says a parameter given twice is given more than once, not that its values are wrong', async () => {
    const status = await call(app, 'GET', '/api/escalations?status=queued&status=claimed', world.tokens.admin);
    expect(status.status).toBe(400);
    expect(status.json.error).toMatchObject({ code: 'bad_input', message: 'Invalid query: status is given more than once; give it once.', details: { repeated: ['status'] } });
    const actor = await call(app, 'GET', '/api/audit?actor=alice&actor=bob&limit=5&limit=6', world.tokens.admin);
    expect(actor.json.error.message).toBe('Invalid query: actor, limit are given more than once; give each once.');
    // A parameter that takes a list still does, and a wrong item in it is named as before.
    const by = await call(app, 'GET', '/api/analytics/false-positives?by=team&by=model', world.tokens.admin);
    expect(by.status, by.text).toBe(200);
    const wrongItem = await call(app, 'GET', '/api/analytics/false-positives?by=team&by=colour', world.tokens.admin);
    expect(wrongItem.json.error.message).toBe('Invalid query: by.1 must list some of team, provider, model');
  });

  it('words an empty or overlong queue filter as the events filters do, not in zod\'s "Too small: expected string to have >=1 characters"', async () => {
    const empty = await call(app, 'GET', '/api/escalations?policy=', world.tokens.admin);
    expect(empty.status).toBe(400);
    expect(empty.json.error.message).toBe('Invalid query: policy must not be empty');
    const long = await call(app, 'GET', `/api/escalations?reason_code=${'a'.repeat(201)}`, world.tokens.admin);
    expect(long.json.error.message).toBe('Invalid query: reason_code must be at most 200 characters');
    const name = await call(app, 'GET', `/api/evidence/evd_20261001T090000Z_1a2b3c/files/${'a'.repeat(201)}`, world.tokens.admin);
    expect(name.json.error.message).toBe('Invalid path: name must be at most 200 characters');
  });

  it('words an empty or overlong parameter in kt\'s words on every route, not zod\'s "Too small: …"', async () => {
    for (const path of ['/api/analytics/backlog?team=', '/api/analytics/volume?since=', '/api/configs?config_id=', '/api/tune/suggest?config_id=cfg_support_prod&policy=human-oversight&reason_code=violence_terms&version=']) {
      const answer = await call(app, 'GET', path, world.tokens.admin);
      expect(answer.status, path).toBe(400);
      expect(answer.json.error.message, path).toMatch(/^Invalid query: \w+ must not be empty$/);
    }
  });

  it('puts a misspelt name before the required parameter it leaves missing', async () => {
    const answer = await call(app, 'GET', '/api/tune/suggest?config_id=cfg_support_prod&policy=human-oversight&reasoncode=violence_terms', world.tokens.admin);
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toMatch(/^Invalid query: unknown parameter reasoncode \(known: config_id, policy, reason_code, version, max_terms\)\.$/);
  });
});

describe('unknown query parameters on the routes that change things', () => {
  /** Every API route but GET, read off the app itself, so a route added later is held to this too. */
  const changing = () => [...new Set(app.routes.filter((r) => r.path.startsWith('/api/') && !['GET', 'ALL'].includes(r.method)).map((r) => `${r.method} ${r.path}`))];

  it('covers claim, unclaim, resolve, reassign, users, events, evidence and whatif', () => {
    expect(changing()).toEqual(expect.arrayContaining([
      'POST /api/escalations/:id/claim', 'POST /api/escalations/:id/unclaim', 'POST /api/escalations/:id/resolve', 'POST /api/escalations/:id/reassign',
      'POST /api/users', 'DELETE /api/users/:id', 'POST /api/events', 'POST /api/evidence', 'POST /api/tune/whatif',
    ]));
  });

  it('refuses a parameter it does not know, naming it, before reading the body or changing anything', async () => {
    for (const route of changing()) {
      const [method, path] = route.split(' ') as [string, string];
      const concrete = path.replace(':id', path.startsWith('/api/users') ? 'bob' : 'esc_q1');
      const answer = await call(app, method, `${concrete}?reasoncode=violence_terms`, world.tokens.admin);
      expect(answer.status, `${route}: ${answer.text}`).toBe(400);
      expect(answer.json.error, route).toMatchObject({ code: 'bad_input', details: { unknown: ['reasoncode'] } });
      expect(answer.json.error.message, route).toMatch(/^Invalid query: unknown parameter reasoncode \(/);
    }
    const queued = await call(app, 'GET', '/api/escalations/esc_q1', world.tokens.admin);
    expect(queued.json.escalation.status).toBe('queued');
  });

  it('whatif takes its window in the query string only beside a YAML draft', async () => {
    const yaml = await call(app, 'POST', '/api/tune/whatif?sinse=30d', world.tokens.admin, undefined, { 'Content-Type': 'application/yaml' });
    expect(yaml.json.error.message).toBe('Invalid query: unknown parameter sinse (known: since, until, config_version).');
    const json = await call(app, 'POST', '/api/tune/whatif?since=30d', world.tokens.admin, { draft: 'pack: {}' });
    expect(json.status).toBe(400);
    expect(json.json.error.message).toBe('Invalid query: since belongs in the JSON body with the draft (the query string carries the window only when the draft is sent as YAML).');
  });
});

describe('a window that ends before it starts', () => {
  const inverted = 'since=2026-11-10&until=2026-11-01';
  const sentence = 'since "2026-11-10" must be before until "2026-11-01".';
  const draft = 'pack: { id: cfg_support_prod, version: 9.0.0 }\npolicies:\n  policy:\n    human-oversight:\n      action: escalate\n      rules:\n        - reason_code: violence_terms\n          match: { any: [shoot] }\n';

  it('is named by the query keys on every route that takes a window, not by the command line\'s flags', async () => {
    for (const path of ['/api/analytics/false-positives', '/api/analytics/volume', '/api/analytics/backlog', '/api/analytics/quality', '/api/audit', '/api/events', '/reports/false-positives', '/reports/volume']) {
      const answer = await call(app, 'GET', `${path}?${inverted}`, world.tokens.admin);
      expect(answer.status, path).toBe(400);
      expect(answer.json.error, path).toMatchObject({
        code: 'bad_input',
        message: sentence,
        details: { field: 'since', option: 'since', problem: '"2026-11-10" must be before', versus: 'until', after_versus: '"2026-11-01"' },
      });
    }
    const tuning = await call(app, 'GET', `/api/analytics/tuning?config_id=cfg_support_prod&policy=human-oversight&before=2.3.0&after=2.4.0&${inverted}`, world.tokens.admin);
    expect(tuning.json.error.message).toBe(sentence);
  });

  it('GET /api/audit names an unreadable time by its query key too, as `kt audit log` names its flag', async () => {
    const answer = await call(app, 'GET', '/api/audit?until=later', world.tokens.admin);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ message: expect.stringMatching(/^until "later" is neither a duration/), details: { field: 'until', option: 'until' } });
  });

  it('is named by the body fields of POST /api/tune/whatif, or by its query keys beside a YAML draft', async () => {
    const json = await call(app, 'POST', '/api/tune/whatif', world.tokens.admin, { draft, since: '2026-11-10', until: '2026-11-01' });
    expect(json.status, json.text).toBe(400);
    expect(json.json.error.message).toBe(sentence);
    const yaml = await app.request(`/api/tune/whatif?${inverted}`, { method: 'POST', body: draft, headers: { Authorization: `Bearer ${world.tokens.admin}`, 'Content-Type': 'application/yaml' } });
    expect(yaml.status).toBe(400);
    expect((await yaml.json()).error.message).toBe(sentence);
  });
});
