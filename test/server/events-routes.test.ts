import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { createUser } from '../../src/store/users.js';
import { openStore } from '../../src/store/database.js';
import { eventRowFields, parseEventFilter, tailEvents } from '../../src/events/index.js';
import { ingestFile } from '../../src/ingest/index.js';
import { openWorld, type World } from '../review/seed.js';
import { call } from './request.js';

let world: World;
beforeEach(async () => {
  world = await openWorld();
});
afterEach(() => world.close());

describe('GET /api/events', () => {
  it('returns only the caller\'s teams, newest first, as JSON by default', async () => {
    const app = createApp(world.store);
    const a = await call(app, 'GET', '/api/events?since=2026-01-01T00:00:00Z&limit=100', world.tokens.reviewerA);
    expect(a.status).toBe(200);
    expect(a.json.map((e: { id: string }) => e.id)).toEqual(['evt_r2', 'evt_r1', 'evt_c1', 'evt_q2', 'evt_q1']);
    const admin = await call(app, 'GET', '/api/events?since=2026-01-01T00:00:00Z&limit=100', world.tokens.policyOwner);
    expect(admin.json).toHaveLength(7);
    const foreign = await call(app, 'GET', '/api/events?since=2026-01-01T00:00:00Z&team=sales', world.tokens.reviewerA);
    expect(foreign.status).toBe(403);
  });

  it('refuses a team no event belongs to, naming the teams the caller may see', async () => {
    const app = createApp(world.store);
    const misspelt = await call(app, 'GET', '/api/events?team=suport', world.tokens.policyOwner);
    expect(misspelt.status).toBe(400);
    expect(misspelt.json).toEqual({ error: { code: 'bad_input', message: 'Unknown team suport: no event belongs to it; the teams are sales, support.', details: { field: 'team', value: 'suport' } } });
    expect((await call(app, 'GET', '/api/events?team=suport', world.tokens.reviewerA)).status).toBe(403);
    const olga = (await createUser(world.store, { id: 'olga', role: 'reviewer', teams: ['sales', 'ops'] }, 'test')).token;
    const ops = await call(app, 'GET', '/api/events?team=ops', olga);
    expect(ops.status).toBe(400);
    expect(ops.json.error.message).toBe('Unknown team ops: no event belongs to it; the teams are sales.');
  });

  it('answers NDJSON and Arrow IPC when asked', async () => {
    const app = createApp(world.store);
    const path = '/api/events?since=2026-01-01T00:00:00Z&limit=3';
    const ndjson = await call(app, 'GET', path, world.tokens.reviewerB, undefined, { Accept: 'application/x-ndjson' });
    expect(ndjson.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    expect(ndjson.text.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['evt_s2', 'evt_s1']);
    const response = await app.request(path, { headers: { Authorization: `Bearer ${world.tokens.admin}`, Accept: 'application/vnd.apache.arrow.stream' } });
    expect(response.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(new Uint8Array(await response.arrayBuffer()));
    expect(table.numRows).toBe(3);
    expect(table.getChild('id')?.toArray()).toEqual(['evt_r2', 'evt_r1', 'evt_c1']);
  });

  it('follows the Accept header\'s preferences, not the first type it names', async () => {
    const app = createApp(world.store);
    const path = '/api/events?since=2026-01-01T00:00:00Z&limit=3';
    const typeFor = async (accept: string) => (await call(app, 'GET', path, world.tokens.admin, undefined, { Accept: accept })).headers.get('content-type');
    expect(await typeFor('application/vnd.apache.arrow.stream;q=0, application/json')).toMatch(/^application\/json/);
    expect(await typeFor('application/json;q=0.5, application/x-ndjson')).toMatch(/^application\/x-ndjson/);
    expect(await typeFor('application/x-ndjson;q=0.2, application/vnd.apache.arrow.stream;q=0.9')).toBe('application/vnd.apache.arrow.stream');
    expect(await typeFor('application/*')).toMatch(/^application\/json/);
    expect(await typeFor('text/csv;q=0.9, application/json;q=0.1')).toMatch(/^text\/csv/);
    expect(await typeFor('text/html, */*;q=0.8')).toMatch(/^application\/json/);
    expect((await call(app, 'GET', path, world.tokens.admin)).headers.get('vary')).toMatch(/Accept/);
  });

  it('refuses bad filters, unknown parameters and anonymous callers', async () => {
    const app = createApp(world.store);
    const bad = await call(app, 'GET', '/api/events?verdict=maybe', world.tokens.admin);
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/verdict/);
    expect((await call(app, 'GET', '/api/events?visibleTeams=sales', world.tokens.reviewerA)).status).toBe(400);
    expect((await call(app, 'GET', '/api/events')).status).toBe(401);
  });
});

describe('GET /api/events/summary', () => {
  it('counts the caller\'s teams\' events per verdict and over time, as kt events summary does', async () => {
    const app = createApp(world.store);
    const alice = await call(app, 'GET', '/api/events/summary', world.tokens.reviewerA);
    expect(alice.status).toBe(200);
    expect(alice.json.events).toBe(5);
    expect(alice.json.by_verdict).toEqual({ allow: 0, block: 0, redact: 0, escalate: 5 });
    expect(alice.json.over_time.bucket).toBe('day');
    expect(alice.json.over_time.buckets.map((b: { start: string; escalate: number }) => [b.start.slice(0, 10), b.escalate])).toEqual([
      ['2026-03-01', 1], ['2026-03-02', 1], ['2026-03-03', 1], ['2026-03-04', 1], ['2026-03-05', 1],
    ]);
    expect(alice.json.sources).toEqual({
      of: 'flagged',
      events: 5,
      teams: [{ team: 'support', events: 5 }],
      reasons: [{ policy: 'human-oversight', reason_code: 'violence_terms', events: 5 }],
      configs: [{ config_id: 'cfg_support_prod', config_version: '2.3.0', events: 5 }],
      in_all: { teams: 1, reasons: 1, configs: 1 },
    });
    const everyone = (await call(app, 'GET', '/api/events/summary', world.tokens.policyOwner)).json;
    expect(everyone.events).toBe(7);
    expect(everyone.sources.teams).toEqual([{ team: 'support', events: 5 }, { team: 'sales', events: 2 }]);
    // The same function as the CLI: the answer is summarizeEvents' for the caller's teams.
    const { summarizeEvents } = await import('../../src/events/summary.js');
    expect(alice.json).toEqual(await summarizeEvents(world.store, parseEventFilter({ visibleTeams: ['support'] })));
  });

  it('charts the window asked for within the caller\'s teams, by the hour when it is three days or less', async () => {
    const app = createApp(world.store);
    // Bob's sales events: 03-01 and 03-02 at 10:00. The window asked for is cut to them (nothing is
    // known of sales before its first event), not to support's, which run to 03-05.
    const bob = await call(app, 'GET', '/api/events/summary?since=2026-02-20T00:00:00Z', world.tokens.reviewerB);
    expect(bob.json.events).toBe(2);
    expect(bob.json.over_time.bucket).toBe('hour');
    expect(bob.json.over_time.buckets).toHaveLength(25);
    expect(bob.json.over_time.buckets[0]).toEqual({ start: '2026-03-01T10:00:00.000Z', allow: 0, block: 0, redact: 0, escalate: 1 });
    expect(bob.json.over_time.buckets.at(-1)).toEqual({ start: '2026-03-02T10:00:00.000Z', allow: 0, block: 0, redact: 0, escalate: 1 });
  });

  it('refuses another team, an unknown team, a limit, bad filters and anonymous callers, naming the parameter', async () => {
    const app = createApp(world.store);
    expect((await call(app, 'GET', '/api/events/summary?team=sales', world.tokens.reviewerA)).status).toBe(403);
    const misspelt = await call(app, 'GET', '/api/events/summary?team=suport', world.tokens.policyOwner);
    expect(misspelt.status).toBe(400);
    expect(misspelt.json.error.message).toBe('Unknown team suport: no event belongs to it; the teams are sales, support.');
    const limit = await call(app, 'GET', '/api/events/summary?limit=5', world.tokens.admin);
    expect(limit.status).toBe(400);
    expect(limit.json.error.message).toMatch(/limit/);
    const verdict = await call(app, 'GET', '/api/events/summary?verdict=maybe', world.tokens.admin);
    expect(verdict.status).toBe(400);
    expect(verdict.json.error.message).toMatch(/verdict/);
    expect((await call(app, 'GET', '/api/events/summary?since=yesterday', world.tokens.admin)).status).toBe(400);
    expect((await call(app, 'GET', '/api/events/summary')).status).toBe(401);
  });
});
