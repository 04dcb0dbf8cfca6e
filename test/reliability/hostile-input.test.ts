import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { refusalOf } from '../web/client.js';
import { buildTemplate, copyWorld, tableDigests, type Caller, type Template, type WorldCopy, strangerAttestation, validDraft } from './world.js';

/**
 * Hostile values in every filter, path and body field of the API and the web
 * forms: SQL fragments, 1 MB strings, wrong types, arrays where one value is
 * expected, unicode direction marks, NUL characters, out-of-range numbers and
 * forged cursors. Each is answered with a 4xx and the error shape, or (for a
 * free-text filter, where a weird value is just a value nobody has) a 200 with
 * nothing in it; never a 500, and no data changes.
 */
// Each test is bounded by its fixed list of requests; the time limit only allows for a busy shared machine.
vi.setConfig({ testTimeout: 180_000 });

const megabyte = 'A'.repeat(1024 * 1024);
const hostileText = [
  "' OR 1=1 --",
  '"; DROP TABLE events; --',
  "x'); DELETE FROM escalations WHERE ('1'='1",
  'esc_q1\' UNION SELECT token_hash FROM users --',
  megabyte,
  '\u202Egnp.exe\u202C',
  'nul\u0000byte',
  '😀🧨\uFFFF\uD800',
  '../../../../etc/passwd',
  '${jndi:ldap://x}<script>alert(1)</script>',
  '%00%27',
  '',
];
// ('0x10' and ' 7 ' are read as 16 and 7 by the number coercion: odd spellings of real numbers, not attacks.)
const hostileNumbers = ['-1', '1e309', '99999999999999999999', 'NaN', 'Infinity', '1.5', '-0.5', '1e3x'];
/** JSON values of the wrong type for a string (or enum) field. */
const wrongTypes: unknown[] = [123, -1, 1e308, true, null, [], ['approved', 'denied'], {}, { $ne: null }, [megabyte]];

type Empty = (json: any) => boolean;
const noItems: Empty = (j) => Array.isArray(j.items) && j.items.length === 0 && Object.values(j.counts as Record<string, number>).every((n) => n === 0);
const emptyArray: Empty = (j) => Array.isArray(j) && j.length === 0;
const emptyBacklog: Empty = (j) => j.open.queued === 0 && j.open.claimed === 0 && j.overall.escalations === 0;
const emptyQuality: Empty = (j) => j.shallow_resolutions.length === 0 && j.disagreements.length === 0 && j.false_positives_without_cause.length === 0;
const emptyVolume: Empty = (j) => j.series.length === 0;
const noAuditEntries: Empty = (j) => Array.isArray(j.entries) && j.entries.length === 0;
const noEvents: Empty = (j) => j.events === 0 && Object.values(j.by_verdict as Record<string, number>).every((n) => n === 0) && j.over_time.buckets.length === 0;
const noEscalations: Empty = (j) => j.before.escalations === 0 && j.after.escalations === 0;

/** One query-string field: `text` filters may answer 200 with an empty result (checked by `empty`). */
interface QueryField { path: string; field: string; base?: Record<string, string>; empty?: Empty; numeric?: boolean; who?: Caller }

const tuningBase = { config_id: 'cfg_support_prod', policy: 'human-oversight', before: '2.3.0', after: '2.4.0' };
const queryFields: QueryField[] = [
  ...['status', 'severity', 'overdue', 'sort', 'cursor'].map((field) => ({ path: '/api/escalations', field })),
  ...['policy', 'reason_code', 'team', 'config_version', 'owner'].map((field) => ({ path: '/api/escalations', field, empty: noItems })),
  { path: '/api/escalations', field: 'limit', numeric: true },
  // Claiming the next one with a hostile filter claims nothing: a refusal, or 404 (none matches).
  ...['policy', 'reason_code', 'team', 'config_version', 'severity', 'overdue', 'sort'].map((field) => ({ path: '/api/escalations/claim-next', field })),
  ...['since', 'until', 'verdict'].map((field) => ({ path: '/api/events', field })),
  ...['policy', 'reason_code', 'team', 'config_id', 'config_version'].map((field) => ({ path: '/api/events', field, empty: emptyArray })),
  { path: '/api/events', field: 'limit', numeric: true },
  ...['since', 'until', 'verdict'].map((field) => ({ path: '/api/events/summary', field })),
  ...['policy', 'reason_code', 'team', 'config_id', 'config_version'].map((field) => ({ path: '/api/events/summary', field, empty: noEvents })),
  ...['since', 'until', 'by', 'cause'].map((field) => ({ path: '/api/analytics/false-positives', field })),
  ...['team', 'config_id'].map((field) => ({ path: '/api/analytics/false-positives', field, empty: emptyArray })),
  ...['min_resolved', 'terms'].map((field) => ({ path: '/api/analytics/false-positives', field, numeric: true })),
  ...['since', 'until'].map((field) => ({ path: '/api/analytics/backlog', field })),
  ...['team', 'config_id'].map((field) => ({ path: '/api/analytics/backlog', field, empty: emptyBacklog })),
  ...['team', 'config_id'].map((field) => ({ path: '/api/analytics/quality', field, empty: emptyQuality })),
  ...['boilerplate_uses', 'min_split', 'min_resolved'].map((field) => ({ path: '/api/analytics/quality', field, numeric: true })),
  ...['by', 'bucket', 'window'].map((field) => ({ path: '/api/analytics/volume', field })),
  ...['team', 'config_id'].map((field) => ({ path: '/api/analytics/volume', field, empty: emptyVolume })),
  ...['min_teams', 'alpha'].map((field) => ({ path: '/api/analytics/volume', field, numeric: true })),
  ...['config_id', 'before', 'after'].map((field) => ({ path: '/api/analytics/tuning', field, base: tuningBase })),
  ...['policy', 'reason_code'].map((field) => ({ path: '/api/analytics/tuning', field, base: tuningBase, empty: noEscalations })),
  { path: '/api/analytics/tuning', field: 'alpha', base: tuningBase, numeric: true },
  { path: '/api/configs', field: 'config_id', empty: emptyArray },
  ...['actor', 'target'].map((field) => ({ path: '/api/audit', field, empty: noAuditEntries })),
  ...['action', 'since', 'until'].map((field) => ({ path: '/api/audit', field })),
  ...['before', 'limit'].map((field) => ({ path: '/api/audit', field, numeric: true })),
  ...['from', 'to'].map((field) => ({ path: '/api/configs/cfg_support_prod/diff', field, base: { from: '2.3.0', to: '2.4.0' } })),
  ...['format', 'since', 'team', 'by'].map((field) => ({ path: '/reports/false-positives', field, base: { format: 'html' } })),
  // (A whatif's config_version is free text that is stored with the prediction: not a refusal case.)
  ...['since', 'until'].map((field) => ({ path: '/api/tune/whatif', field })),
];

/** Path segments that name a resource: a hostile one is a 400 (malformed) or 404 (no such thing). */
const pathRoutes: Array<{ method: string; path: (v: string) => string; who: Caller; body?: unknown }> = [
  { method: 'GET', path: (v) => `/api/escalations/${v}`, who: 'admin' },
  { method: 'GET', path: (v) => `/api/escalations/${v}/audit`, who: 'admin' },
  { method: 'POST', path: (v) => `/api/escalations/${v}/claim`, who: 'admin' },
  { method: 'POST', path: (v) => `/api/escalations/${v}/unclaim`, who: 'admin' },
  { method: 'POST', path: (v) => `/api/escalations/${v}/resolve`, who: 'reviewerA', body: { outcome: 'approved', category: 'benign_positive', note: 'A harmless question about a game.' } },
  { method: 'POST', path: (v) => `/api/escalations/${v}/reassign`, who: 'admin', body: { to: 'alice' } },
  { method: 'DELETE', path: (v) => `/api/users/${v}`, who: 'admin' },
  { method: 'GET', path: (v) => `/api/configs/${v}/2.3.0`, who: 'admin' },
  { method: 'GET', path: (v) => `/api/configs/cfg_support_prod/${v}`, who: 'admin' },
  { method: 'GET', path: (v) => `/api/configs/${v}/diff?from=2.3.0&to=2.4.0`, who: 'admin' },
  { method: 'GET', path: (v) => `/reports/${v}`, who: 'admin' },
  { method: 'GET', path: (v) => `/escalations/${v}`, who: 'admin' },
  { method: 'GET', path: (v) => `/api/evidence/${v}`, who: 'compliance' },
  { method: 'GET', path: (v) => `/api/evidence/${v}/files/manifest.json`, who: 'compliance' },
  { method: 'GET', path: (v) => `/api/evidence/${v}/archive`, who: 'compliance' },
  { method: 'GET', path: (v) => `/api/evidence/jobs/${v}`, who: 'compliance' },
  { method: 'GET', path: (v) => `/api/evidence/PACK/files/${v}`, who: 'compliance' },
  { method: 'GET', path: (v) => `/evidence/${v}`, who: 'compliance' },
  { method: 'GET', path: (v) => `/evidence/jobs/${v}`, who: 'compliance' },
];


const optionalFields = new Set(['follow_up', 'cause', 'to', 'team', 'escalation', 'reason', 'since', 'until']);

/** JSON bodies: each field replaced in turn by every hostile value. */
const bodyRoutes: Array<{ path: string; who: Caller; body: Record<string, unknown>; fields: string[] }> = [
  {
    path: '/api/escalations/esc_c1/resolve', who: 'reviewerA',
    body: { outcome: 'approved', category: 'false_positive', cause: 'policy_logic', note: 'Asked about a python process, not violence.', follow_up: 'policy_tuning' },
    fields: ['outcome', 'category', 'cause', 'follow_up', 'note', 'extra'],
  },
  { path: '/api/escalations/esc_q1/reassign', who: 'admin', body: { to: 'alice' }, fields: ['to', 'extra'] },
  { path: '/api/users', who: 'admin', body: { id: 'dave', role: 'reviewer', teams: ['support'] }, fields: ['id', 'role', 'teams', 'extra'] },
  { path: '/api/evidence', who: 'compliance', body: { from: '2026-03-01', to: '2026-04-01', pdf: false }, fields: ['from', 'to', 'team', 'escalation', 'reason', 'pdf', 'extra'] },
  { path: '/api/tune/whatif', who: 'policyOwner', body: { draft: validDraft, since: '2026-01-01T00:00:00Z' }, fields: ['draft', 'since', 'until', 'extra'] },
  // The fields the schema holds to a shape; a label, key or signature of any text is checked and answered (200, does not hold).
  { path: '/api/audit/attestation/check', who: 'compliance', body: strangerAttestation, fields: ['format', 'entries', 'head', 'attested_at', 'algorithm', 'extra'] },
];

let template: Template;
let world: WorldCopy;
let app: ReturnType<typeof createApp>;
let pristine: Record<string, string>;
beforeAll(async () => {
  template = await buildTemplate();
  world = await copyWorld(template);
  app = createApp(world.store);
  pristine = await tableDigests(world.store);
});
afterAll(() => {
  world.close();
  template.remove();
});

interface Answer { status: number; json: any; text: string }

async function send(method: string, path: string, who: Caller, init: { body?: string; type?: string; cookie?: boolean } = {}): Promise<Answer> {
  const headers: Record<string, string> = { host: 'localhost' };
  if (who !== 'anonymous') {
    if (init.cookie) headers.cookie = `kt_session=${template.credentials[who].sessionId}`;
    else headers.authorization = `Bearer ${template.credentials[who].token}`;
  }
  if (init.type) headers['content-type'] = init.type;
  const response = await app.request(`http://localhost${path}`, { method, headers, body: init.body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

function expectRefusal(answer: Answer, what: string): void {
  expect(answer.status, `${what} → ${answer.status} ${answer.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, `${what} → ${answer.text.slice(0, 200)}`).toBeLessThan(500);
  expect(answer.json, what).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  expect(answer.json.error.message.length, what).toBeLessThan(2000);
  // Over HTTP a refusal names the query key or body field it was sent as, never a command-line flag.
  expect(answer.json.error.message, what).not.toMatch(/(^|[\s(])--[a-z]/);
  expect(answer.json.error).toHaveProperty('details');
}

/** A page's refusal names its form's fields, never a command-line flag (`--since`). */
function expectNoFlagOnPage(html: string, what: string): void {
  expect(refusalOf(html) ?? '', what).not.toMatch(/(^|[\s(])--[a-z]/);
}

function show(v: unknown): string {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 20)}…(${text.length} chars)` : JSON.stringify(v);
}

describe('hostile query-string filters', () => {
  const byPath = new Map<string, QueryField[]>();
  for (const f of queryFields) byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
  for (const [path, fields] of byPath) {
    it(`${path}: ${fields.map((f) => f.field).join(', ')}`, async () => {
      const method = path === '/api/tune/whatif' || path === '/api/escalations/claim-next' ? 'POST' : 'GET';
      for (const f of fields) {
        const values = f.numeric ? [...hostileNumbers, ...hostileText.slice(0, 3)] : hostileText;
        for (const value of values) {
          for (const asArray of [false, true]) {
            const query = new URLSearchParams({ ...f.base });
            query.set(f.field, value);
            if (asArray) query.append(f.field, 'second');
            const what = `${method} ${path} ${f.field}=${show(value)}${asArray ? ' (twice)' : ''}`;
            const answer = path === '/api/tune/whatif'
              ? await send(method, `${path}?${query}`, 'policyOwner', { body: validDraft, type: 'application/yaml' })
              : await send(method, `${path}?${query}`, f.who ?? 'admin');
            if (value === '' && !asArray && answer.status === 200) continue; // an empty parameter may count as absent
            if (answer.status === 200 && f.empty && !asArray) {
              expect(f.empty(answer.json), `${what} answered 200 with rows: ${answer.text.slice(0, 200)}`).toBe(true);
            } else if (!(path.startsWith('/reports/') && answer.status === 200 && f.field !== 'format')) {
              // Reports take free-form options; every other answer must be a clean refusal.
              expectRefusal(answer, what);
            }
          }
        }
      }
      expect(await tableDigests(world.store)).toEqual(pristine);
    });
  }
});

describe('forged cursors', () => {
  it('refuses a cursor that is not one the server gave out, and pages correctly with a real one', async () => {
    const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v), 'utf8').toString('base64url');
    const forged = [
      b64({ sort: 'age', key: "' OR 1=1 --", id: 'esc_q1' }),
      b64({ sort: 'age', key: 1e309, id: 'esc_q1' }),
      b64({ sort: 'age', key: 1, id: { $gt: '' } }),
      b64({ sort: 'due', key: 1, id: 'esc_q1' }), // a due-order cursor used for age order
      b64({ sort: 'age' }),
      b64('[]'),
      b64('null'),
      b64('{"sort":"age","key":1,"id":"esc_q1","extra":"x'),
      '!!!not-base64!!!',
      b64(megabyte).slice(0, 499),
    ];
    for (const cursor of forged) {
      expectRefusal(await send('GET', `/api/escalations?sort=age&cursor=${encodeURIComponent(cursor)}`, 'admin'), `cursor ${show(cursor)}`);
    }
    const first = await send('GET', '/api/escalations?limit=3', 'admin');
    expect(first.status).toBe(200);
    const second = await send('GET', `/api/escalations?limit=3&cursor=${encodeURIComponent(first.json.next_cursor)}`, 'admin');
    expect(second.status).toBe(200);
    const ids = [...first.json.items, ...second.json.items].map((i: { id: string }) => i.id);
    expect(new Set(ids).size).toBe(6);
  });
});

describe('hostile path segments', () => {
  it('answers 400 or 404 for every hostile id, and changes nothing', async () => {
    const encodable = hostileText.filter((v) => v !== '' && !v.includes('\uD800'));
    const ids = [...encodable.map(encodeURIComponent), '%ED%A0%80', '%FF%FE', 'esc_q1%00', '..%2F..%2Fetc', 'esc_q1%27%20OR%20%271%27%3D%271'];
    for (const route of pathRoutes) {
      for (const id of ids) {
        const what = `${route.method} ${route.path(show(id) as string)}`;
        const web = !route.path('x').startsWith('/api/') && !route.path('x').startsWith('/reports/');
        const body = route.body === undefined ? undefined : JSON.stringify(route.body);
        // PACK: the evidence pack the world holds, so only the file name is hostile.
        const path = route.path(id).replace('PACK', template.packId);
        const answer = await send(route.method, path, route.who, { body, type: body ? 'application/json' : undefined, cookie: web });
        expect([400, 404], `${what} → ${answer.status} ${answer.text.slice(0, 200)}`).toContain(answer.status);
        if (!web) expectRefusal(answer, what);
      }
    }
    expect(await tableDigests(world.store)).toEqual(pristine);
  });
});

describe('hostile JSON bodies', () => {
  for (const route of bodyRoutes) {
    it(`POST ${route.path}: ${route.fields.join(', ')}`, async () => {
      for (const field of route.fields) {
        // The note is free text: a long enough note with SQL in it is a real note (tested below), so only invalid ones here.
        const strings = field === 'note' ? [...hostileText.filter((v) => v.length < 15 || v === megabyte), 'a real word '.repeat(90_000)] : hostileText;
        for (const value of [...strings, ...wrongTypes]) {
          if (field === 'pdf' && typeof value === 'boolean') continue; // the one boolean field
          if (value === null && optionalFields.has(field)) continue; // null is "none" for an optional field
          if (['teams', 'team', 'escalation'].includes(field) && Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length < 1000)) continue; // real team lists ([] = every team)
          if (field === 'draft' && typeof value === 'string' && value.length > 0 && value.length < 1000) continue; // YAML text: see the whatif case below
          if (['team', 'escalation', 'reason'].includes(field) && typeof value === 'string' && value.length < 1000) continue; // legit filters of a pack
          if (field === 'entries' && Number.isSafeInteger(value) && (value as number) >= 0) continue; // a count that was not signed: answered as not holding
          const body = JSON.stringify({ ...route.body, [field]: value });
          const answer = await send('POST', route.path, route.who, { body, type: 'application/json' });
          expectRefusal(answer, `POST ${route.path} ${field}=${show(value)}`);
        }
      }
      for (const raw of ['', '{', 'null', '[]', '"text"', '{"__proto__": {"admin": true}}', megabyte, '{"a":'.repeat(5000)]) {
        const answer = await send('POST', route.path, route.who, { body: raw, type: 'application/json' });
        expectRefusal(answer, `POST ${route.path} body ${show(raw)}`);
      }
      expect(await tableDigests(world.store)).toEqual(pristine);
    });
  }

  it('refuses a whatif draft that is not a policy config, or larger than 1 MB', async () => {
    for (const draft of ["' OR 1=1 --", '{{{', 'pack: [unclosed', '- just\n- a list', megabyte + 'x', '!!js/function "function(){}"', 'a: &a [*a, *a, *a, *a]']) {
      for (const type of ['application/yaml', 'application/json']) {
        const body = type === 'application/json' ? JSON.stringify({ draft }) : draft;
        expectRefusal(await send('POST', '/api/tune/whatif', 'policyOwner', { body, type }), `whatif draft ${show(draft)} as ${type}`);
      }
    }
    expect(await tableDigests(world.store)).toEqual(pristine);
  });

  it('refuses an ingest body that is not NDJSON or Arrow by its Content-Type', async () => {
    for (const type of ['', 'text/plain', "application/x-ndjson' OR 1=1", 'application/vnd.apache.arrow.file', megabyte.slice(0, 8000)]) {
      expectRefusal(await send('POST', '/api/events', 'admin', { body: '{"id":"evt_x"}\n', type: type || undefined }), `ingest as ${show(type)}`);
    }
    expectRefusal(await send('POST', '/api/events', 'admin', { body: 'not arrow', type: 'application/vnd.apache.arrow.stream' }), 'broken Arrow body');
    expect(await tableDigests(world.store)).toEqual(pristine);
  });
});

describe('hostile web forms', () => {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  it('refuses or ignores hostile queue filters and resolve fields without a 500 or a change', async () => {
    const queueFields = ['status', 'policy', 'reason_code', 'team', 'config_version', 'show', 'sort', 'cursor', 'page'];
    for (const field of queueFields) {
      for (const value of [...hostileText, ...hostileNumbers]) {
        const answer = await send('GET', `/?${new URLSearchParams({ [field]: value })}`, 'reviewerA', { cookie: true });
        expect(answer.status, `GET /?${field}=${show(value)}`).toBeLessThan(500);
        // 403: a team the reviewer does not review.
        expect([200, 400, 403], `GET /?${field}=${show(value)}`).toContain(answer.status);
      }
    }
    const alice = template.credentials.reviewerA;
    const resolveFields = ['outcome', 'category', 'cause', 'follow_up', 'note', 'confirm'];
    const good = { outcome: 'approved', category: 'false_positive', cause: 'policy_logic', note: 'Asked about a python process, not violence.', confirm: 'yes' };
    for (const field of resolveFields) {
      for (const value of hostileText.filter((v) => v.length < 15 || v === megabyte)) {
        if (value === '' && field === 'follow_up') continue; // no follow-up chosen: a real answer
        const answer = await app.request('http://localhost/escalations/esc_c1/resolve', {
          method: 'POST',
          headers: { host: 'localhost', cookie: `kt_session=${alice.sessionId}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: form({ ...good, [field]: value, _csrf: alice.csrf }),
        });
        expect(answer.status, `resolve form ${field}=${show(value)}`).toBeGreaterThanOrEqual(400);
        expect(answer.status, `resolve form ${field}=${show(value)}`).toBeLessThan(500);
      }
    }
    expect(await tableDigests(world.store)).toEqual(pristine);
  });
});

describe('hostile audit filters on the page', () => {
  it('answers every hostile filter with the page (200 with no rows, or 400 naming it), never a 500', async () => {
    for (const field of ['actor', 'action', 'target', 'since', 'until', 'before', 'verify']) {
      for (const value of [...hostileText, ...hostileNumbers]) {
        const answer = await send('GET', `/audit?${new URLSearchParams({ [field]: value })}`, 'compliance', { cookie: true });
        expect([200, 400], `GET /audit?${field}=${show(value)} → ${answer.status}`).toContain(answer.status);
        expect(answer.text, `GET /audit?${field}=${show(value)}`).toContain('<h1>Audit trail</h1>');
        expectNoFlagOnPage(answer.text, `GET /audit?${field}=${show(value)}`);
      }
    }
    expect(await tableDigests(world.store)).toEqual(pristine);
  });
});

describe('hostile tune forms', () => {
  it('refuses a hostile draft or window with the page and stores no prediction', async () => {
    const pat = template.credentials.policyOwner;
    const post = (path: string, fields: Record<string, string>) => app.request(`http://localhost${path}`, {
      method: 'POST',
      headers: { host: 'localhost', cookie: `kt_session=${pat.sessionId}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, _csrf: pat.csrf }).toString(),
    });
    const cases: Array<[string, Record<string, string>]> = [
      ...hostileText.map((value): [string, Record<string, string>] => ['/tune/whatif', { draft: value, since: '2026-01-01T00:00:00Z' }]),
      ...hostileText.filter((v) => v !== '').map((value): [string, Record<string, string>] => ['/tune/whatif', { draft: validDraft, since: value }]),
      ...hostileText.filter((v) => v !== '').map((value): [string, Record<string, string>] => ['/tune/whatif', { draft: validDraft, since: '2026-01-01T00:00:00Z', until: value }]),
      ...hostileText.map((value): [string, Record<string, string>] => ['/tune/draft', { draft: value }]),
      ['/tune/whatif', { draft: 'x'.repeat(1024 * 1024 + 1) }],
    ];
    for (const [path, fields] of cases) {
      const answer = await post(path, fields);
      const what = `${path} ${Object.entries(fields).map(([k, v]) => `${k}=${show(v)}`).join(' ')}`;
      expect(answer.status, `${what} → ${answer.status}`).toBeGreaterThanOrEqual(400);
      expect(answer.status, what).toBeLessThan(500);
      expect(answer.headers.get('content-type'), what).toMatch(/^text\/html/);
      expectNoFlagOnPage(await answer.text(), what);
    }
    const pages = await Promise.all(hostileText.filter((v) => v !== '').map((v) => send('GET', `/tune?${new URLSearchParams({ min_resolved: v, config_id: v, policy: v, reason_code: v, version: v })}`, 'policyOwner', { cookie: true })));
    for (const page of pages) expect([200, 400, 404]).toContain(page.status);
    expect(await tableDigests(world.store)).toEqual(pristine);
  });
});

describe('hostile users form', () => {
  it('refuses a hostile user id, role or team list with the page and adds no one', async () => {
    const admin = template.credentials.admin;
    const cases: Array<Record<string, string>> = [
      ...hostileText.map((value) => ({ id: value, role: 'reviewer', teams: '' })),
      ...hostileText.map((value) => ({ id: 'erin', role: value, teams: '' })),
      { id: 'erin', role: 'reviewer', teams: megabyte.slice(0, 40_000) },
      { id: 'erin', role: 'reviewer', teams: Array.from({ length: 101 }, (_, i) => `t${i}`).join(',') },
    ];
    for (const fields of cases) {
      const answer = await app.request('http://localhost/users', {
        method: 'POST',
        headers: { host: 'localhost', cookie: `kt_session=${admin.sessionId}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...fields, _csrf: admin.csrf }).toString(),
      });
      const what = `POST /users ${Object.entries(fields).map(([k, v]) => `${k}=${show(v)}`).join(' ')}`;
      expect([400, 409], `${what} → ${answer.status}`).toContain(answer.status);
      expect(answer.headers.get('content-type'), what).toMatch(/^text\/html/);
      expectNoFlagOnPage(await answer.text(), what);
    }
    for (const id of hostileText.filter((v) => v !== '' && !v.includes('\uD800')).map(encodeURIComponent)) {
      const answer = await send('POST', `/users/${id}/revoke`, 'admin', { cookie: true, body: new URLSearchParams({ _csrf: admin.csrf, confirm: 'yes' }).toString(), type: 'application/x-www-form-urlencoded' });
      expect([400, 404], `revoke ${show(id)} → ${answer.status}`).toContain(answer.status);
    }
    expect(await tableDigests(world.store)).toEqual(pristine);
  });
});

describe('hostile evidence export form', () => {
  it('refuses hostile periods, ids, teams and reasons with a page, and writes no pack', async () => {
    const carol = template.credentials.compliance;
    const good = { from: '2026-03-01', to: '2026-04-01' };
    const cases: Array<[string, string]> = [
      ...['from', 'to'].flatMap((field) => hostileText.map((value): [string, string] => [field, value])),
      // Ids that name no resolved escalation of the period: refused as not found.
      ...hostileText.filter((value) => value !== '').map((value): [string, string] => ['escalation', value]),
      ['team', megabyte], ['reason', megabyte], ['reason', 'x'.repeat(2001)], ['pdf', megabyte],
    ];
    for (const [field, value] of cases) {
      const answer = await app.request('http://localhost/evidence', {
        method: 'POST',
        headers: { host: 'localhost', cookie: `kt_session=${carol.sessionId}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...good, [field]: value, _csrf: carol.csrf }).toString(),
      });
      expect([400, 404], `evidence form ${field}=${show(value)} → ${answer.status}`).toContain(answer.status);
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
      expectNoFlagOnPage(await answer.text(), `evidence form ${field}=${show(value)}`);
    }
    expect(await tableDigests(world.store)).toEqual(pristine);
    expect(readdirSync(join(world.dir, 'evidence'))).toEqual(['pack-template']);
  });
});

describe('free text that looks like an attack is stored as text', () => {
  it('keeps a resolve note full of SQL, direction marks and emoji verbatim, and every other table intact', async () => {
    const copy = await copyWorld(template);
    try {
      const before = await tableDigests(copy.store);
      const note = `Harmless "; DROP TABLE events; -- a video game question ' OR 1=1 -- \u202Eright to left\u202C 😀 done.`;
      const copyApp = createApp(copy.store);
      const response = await copyApp.request('http://localhost/api/escalations/esc_c1/resolve', {
        method: 'POST',
        headers: { authorization: `Bearer ${template.credentials.reviewerA.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ outcome: 'approved', category: 'benign_positive', note }),
      });
      expect(response.status).toBe(200);
      expect((await copy.store.one<{ note: string }>("SELECT note FROM escalations WHERE id = 'esc_c1'"))?.note).toBe(note);
      const after = await tableDigests(copy.store);
      for (const table of ['events', 'configs', 'users', 'web_sessions']) expect(after[table], table).toBe(before[table]);
    } finally {
      copy.close();
    }
  });
});
