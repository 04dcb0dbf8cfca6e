import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { eventsToArrowIPC, type EventRow } from '../../src/events/index.js';
import { ingestFile } from '../../src/ingest/index.js';
import { verifyAudit } from '../../src/store/audit.js';
import { openWorld, type World } from '../review/seed.js';
import { call } from './request.js';

let world: World;
beforeEach(async () => {
  world = await openWorld();
});
afterEach(() => world.close());

const event = (id: string, extra: Record<string, unknown> = {}) => ({
  id, timestamp: '2026-04-01T09:00:00Z', verdict: 'escalated', reason_code: 'violence_terms', policy: 'human-oversight',
  config_id: 'cfg_support_prod', config_version: '2.3.0', provider: 'anthropic', model: 'claude', team: 'support',
  request: 'how to shoot a photo at night', ...extra,
});

function post(body: string | Uint8Array, contentType: string, token = world.tokens.admin) {
  return createApp(world.store).request('/api/events', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
}

describe('POST /api/events', () => {
  it('ingests NDJSON like kt ingest: counts, refused lines with reasons, idempotent on repeat', async () => {
    const body = [JSON.stringify(event('evt_n1')), JSON.stringify(event('evt_n2', { region: 'eu' })), JSON.stringify(event('evt_n3', { verdict: 'maybe' }))].join('\n') + '\n';
    const first = await post(body, 'application/x-ndjson');
    expect(first.status).toBe(200);
    const report = await first.json();
    expect(report).toMatchObject({ accepted: 2, rejected: 1, inserted: 2, escalationsCreated: 2 });
    expect(report.rejections[0]).toMatchObject({ line: 3, field: 'verdict' });
    expect(report.rejections[0].reason).toMatch(/verdict/);
    const again = await (await post(body, 'application/x-ndjson; charset=utf-8')).json();
    expect(again).toMatchObject({ accepted: 2, rejected: 1, inserted: 0, unchanged: 2, escalationsCreated: 0 });
    const queue = await call(createApp(world.store), 'GET', '/api/escalations?status=queued', world.tokens.reviewerA);
    expect(queue.json.items.map((i: { event_id: string }) => i.event_id)).toEqual(expect.arrayContaining(['evt_n1', 'evt_n2']));
    expect(await verifyAudit(world.store)).toMatchObject({ ok: true });
  });

  it('ingests an Arrow IPC stream', async () => {
    const rows = [event('evt_a1'), event('evt_a2', { verdict: 'allow', reason_code: null })].map((e) => ({
      ...Object.fromEntries(['user_id', 'request_id', 'gateway_id', 'status', 'response', 'score', 'latency_ms', 'tokens_in', 'tokens_out', 'cost_usd'].map((k) => [k, null])),
      ...e, verdict: e.verdict === 'escalated' ? 'escalate' : e.verdict, policy_results: [], attributes: { region: 'us' },
    })) as unknown as EventRow[];
    const response = await post(eventsToArrowIPC(rows), 'application/vnd.apache.arrow.stream');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ accepted: 2, rejected: 0, escalationsCreated: 1 });
    const tail = await call(createApp(world.store), 'GET', '/api/events?since=2026-04-01T00:00:00Z', world.tokens.admin);
    expect(tail.json.map((e: { id: string }) => e.id).sort()).toEqual(['evt_a1', 'evt_a2']);
    expect(tail.json[0].attributes).toEqual({ region: 'us' });
  });

  it('refuses other roles, other content types and a body that is not Arrow', async () => {
    const line = JSON.stringify(event('evt_x')) + '\n';
    expect((await post(line, 'application/x-ndjson', world.tokens.reviewerA)).status).toBe(403);
    expect((await post(line, 'application/x-ndjson', world.tokens.compliance)).status).toBe(403);
    const wrongType = await post(line, 'text/csv');
    expect(wrongType.status).toBe(400);
    expect((await wrongType.json()).error.message).toMatch(/content-type/);
    const notArrow = await post(line, 'application/vnd.apache.arrow.stream');
    expect(notArrow.status).toBe(400);
    expect((await call(createApp(world.store), 'POST', '/api/events', undefined, {})).status).toBe(401);
  });

  it('refuses an empty body (NDJSON or Arrow) and bytes that are not an Arrow stream, writing nothing', async () => {
    const auditBefore = await world.store.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM audit');
    const eventsBefore = await world.store.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM events');
    const cases: Array<[string | Uint8Array, string, RegExp]> = [
      ['garbage', 'application/vnd.apache.arrow.stream', /^The body is not an Arrow IPC stream: it has no schema \(7 bytes\)\.$/],
      [new Uint8Array(), 'application/vnd.apache.arrow.stream', /^The body is empty: send the events as an Arrow IPC stream\.$/],
      ['', 'application/x-ndjson', /^The body is empty: send one event per line \(NDJSON\)\.$/],
      ['\n  \r\n\n', 'application/x-ndjson', /^The body is empty: send one event per line \(NDJSON\)\.$/],
    ];
    for (const [body, type, message] of cases) {
      const refused = await post(body, type);
      expect([JSON.stringify(body), refused.status]).toEqual([JSON.stringify(body), 400]);
      const error = (await refused.json()).error;
      expect(error.code).toBe('bad_input');
      expect(error.message).toMatch(message);
    }
    expect(await world.store.one('SELECT count(*)::INTEGER AS n FROM audit')).toEqual(auditBefore);
    expect(await world.store.one('SELECT count(*)::INTEGER AS n FROM events')).toEqual(eventsBefore);
    expect(await verifyAudit(world.store)).toMatchObject({ ok: true });
  });

  it('shows escalations routed on ingest as already claimed, with the audit saying so', async () => {
    const yaml = [
      'pack: { id: cfg_routed, name: Routed, version: 1.0.0, author: pat }',
      'deployed_at: 2026-01-01T00:00:00Z',
      'policies: { chain: [human-oversight], policy: { human-oversight: { action: escalate, rules: [ { reason_code: violence_terms, match: { any: [shoot] } } ] } } }',
      'providers:',
      '  targets:',
      '    - { provider: openai, escalation_routing: { user_id: bob } }',
      '    - { provider: openai, model: gpt-4o, escalation_routing: { user_id: alice } }',
    ].join('\n');
    const file = join(world.dir, 'policy-config.yaml');
    writeFileSync(file, yaml + '\n');
    await ingestFile(world.store, 'configs', file);
    const routed = (id: string, model: string) => JSON.stringify(event(id, { config_id: 'cfg_routed', config_version: '1.0.0', provider: 'openai', model }));
    const report = await (await post(routed('evt_route1', 'gpt-4o') + '\n' + routed('evt_route2', 'gpt-4o-mini') + '\n', 'application/x-ndjson')).json();
    expect(report).toMatchObject({ accepted: 2, escalationsRouted: 2 });
    const app = createApp(world.store);
    const mine = await call(app, 'GET', '/api/escalations?owner=me&status=claimed', world.tokens.reviewerA);
    const item = mine.json.items.find((i: { event_id: string }) => i.event_id === 'evt_route1');
    expect(item).toMatchObject({ status: 'claimed', owner: 'alice', routed: true, origin: 'routed' });
    const other = await call(app, 'GET', '/api/escalations?owner=bob&status=claimed', world.tokens.admin);
    expect(other.json.items.map((i: { event_id: string; routed: boolean }) => [i.event_id, i.routed])).toEqual([['evt_route2', true]]);
    const audit = await call(app, 'GET', `/api/escalations/${item.id}/audit`, world.tokens.reviewerA);
    expect(audit.json.entries.map((e: { action: string }) => e.action)).toContain('route');
    expect(audit.json.entries.find((e: { action: string }) => e.action === 'route').after).toMatchObject({ claimed_by: 'alice' });
    // The routed owner can resolve it straight away.
    const resolved = await call(app, 'POST', `/api/escalations/${item.id}/resolve`, world.tokens.reviewerA, { outcome: 'approved', category: 'benign_positive', note: 'A photography question, nothing violent.' });
    expect(resolved.status).toBe(200);
  });
});
