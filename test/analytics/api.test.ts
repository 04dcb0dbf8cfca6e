import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableToCsv } from '../../src/analytics/table-formats.js';
import { createApp } from '../../src/server/app.js';
import type { Store } from '../../src/store/database.js';
import { createUser } from '../../src/store/users.js';
import { fixtureStore } from './fixture.js';

let store: Store;
let cleanup: () => void;
let app: ReturnType<typeof createApp>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  ({ store, cleanup } = await fixtureStore());
  app = createApp(store);
  for (const [id, role, teams] of [
    ['olga', 'policy_owner', []], ['rita', 'compliance', ['red']], ['adam', 'admin', []], ['rex', 'reviewer', []],
  ] as const) {
    tokens[id] = (await createUser(store, { id, role, teams: [...teams] }, 'test')).token;
  }
});
afterAll(() => cleanup());

async function get(path: string, who?: string): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = who ? { Authorization: `Bearer ${tokens[who]}` } : {};
  const response = await app.request(path, { headers });
  return { status: response.status, body: await response.json() };
}

describe('GET /api/analytics/…', () => {
  it('answers policy owners, compliance and admins; refuses reviewers and anonymous callers', async () => {
    for (const who of ['olga', 'rita', 'adam']) expect((await get('/api/analytics/backlog', who)).status).toBe(200);
    const reviewer = await get('/api/analytics/backlog', 'rex');
    expect(reviewer.status).toBe(403);
    expect(reviewer.body.error.code).toBe('forbidden');
    expect((await get('/api/analytics/backlog')).status).toBe(401);
  });

  it('returns false-positive clusters with exactly the documented keys', async () => {
    const { status, body } = await get('/api/analytics/false-positives?by=team&min_resolved=3&terms=2', 'olga');
    expect(status).toBe(200);
    expect(Object.keys(body[0]).sort()).toEqual(['benign_positives', 'ci_high', 'ci_low', 'config_id', 'config_version', 'escalations',
      'false_positive_rate', 'false_positives', 'first_seen', 'last_seen', 'policy', 'reason_code', 'resolved', 'team', 'teams',
      'top_terms', 'true_positives']);
    expect(body.map((c: { team: string }) => c.team)).toEqual(['blue', 'red', 'red', 'blue']);
    expect(body[0].top_terms).toHaveLength(2);
  });

  it('counts only the teams a limited caller may see, and refuses other teams', async () => {
    const all = await get('/api/analytics/false-positives', 'olga');
    const red = await get('/api/analytics/false-positives', 'rita');
    expect(all.body[0]).toMatchObject({ escalations: 10, false_positives: 6, teams: ['blue', 'green', 'red'] });
    expect(red.body[0]).toMatchObject({ escalations: 4, false_positives: 3, teams: ['red'] });
    const backlog = await get('/api/analytics/backlog', 'rita');
    expect(backlog.body.open).toMatchObject({ queued: 1, claimed: 1 });
    const volume = await get('/api/analytics/volume', 'rita');
    expect(new Set(volume.body.series.map((p: { team: string }) => p.team))).toEqual(new Set(['red']));
    const blue = await get('/api/analytics/quality?team=blue', 'rita');
    expect(blue.status).toBe(403);
    expect(blue.body.error.message).toMatch(/team blue/);
  });

  it('serves the tuning comparison and its verdict', async () => {
    const { status, body } = await get('/api/analytics/tuning?config_id=cfg_support&policy=human-oversight&reason_code=violence_terms&before=1.0.0&after=1.1.0', 'adam');
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['after', 'before', 'change', 'verdict']);
    expect(body.verdict).toBe('improved');
  });

  it('answers an unknown policy or reason code with 404 and a version compared with itself with 400', async () => {
    const policy = await get('/api/analytics/tuning?config_id=cfg_support&policy=nope&before=1.0.0&after=1.1.0', 'adam');
    expect(policy.status).toBe(404);
    expect(policy.body.error).toMatchObject({ code: 'not_found', message: expect.stringMatching(/^Policy nope is not known in config cfg_support 1\.0\.0 or 1\.1\.0/), details: { policy: 'nope' } });
    const reason = await get('/api/analytics/tuning?config_id=cfg_support&policy=human-oversight&reason_code=nope&before=1.0.0&after=1.1.0', 'adam');
    expect(reason.status).toBe(404);
    expect(reason.body.error.details).toMatchObject({ reason_code: 'nope', known_reason_codes: ['violence_terms'] });
    const same = await get('/api/analytics/tuning?config_id=cfg_support&policy=human-oversight&before=1.1.0&after=1.1.0', 'adam');
    expect(same.status).toBe(400);
    expect(same.body.error).toMatchObject({ code: 'bad_input', details: { before: '1.1.0', after: '1.1.0' } });
  });

  it('serves volume and quality with their documented top-level keys', async () => {
    const volume = await get('/api/analytics/volume?bucket=week&by=reason_code', 'olga');
    expect(Object.keys(volume.body).sort()).toEqual(['bucket', 'by', 'deploys', 'rollout_impact', 'series', 'window']);
    expect(volume.body.rollout_impact.map((r: { flagged: boolean }) => r.flagged)).toEqual([false, false, true]);
    const quality = await get('/api/analytics/quality', 'olga');
    expect(Object.keys(quality.body).sort()).toEqual(['disagreements', 'false_positives_without_cause', 'shallow_resolutions']);
  });

  it('names the bad parameter in a 400', async () => {
    const bad = await get('/api/analytics/false-positives?min_resolved=lots', 'olga');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/min_resolved/);
    const missing = await get('/api/analytics/tuning?config_id=cfg_support', 'olga');
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/policy/);
    const when = await get('/api/analytics/volume?since=yesterday', 'olga');
    expect(when.status).toBe(400);
    // Named as the query key it came in, not as the command line's flag.
    expect(when.body.error.message).toMatch(/^since "yesterday" is neither a duration/);
    expect(when.body.error.details).toMatchObject({ option: 'since', value: 'yesterday' });
  });
});

// The answers as flat tables: CSV for a spreadsheet, Arrow for a notebook, the same rows as the
// JSON answer, with a header (and types) also when nothing matches.

async function fetchAs(path: string, accept: string, who = 'olga') {
  const response = await app.request(path, { headers: { Authorization: `Bearer ${tokens[who]}`, Accept: accept } });
  return { status: response.status, type: response.headers.get('content-type'), vary: response.headers.get('vary'), bytes: new Uint8Array(await response.arrayBuffer()) };
}
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const json = async (path: string, who = 'olga') => JSON.parse(text((await fetchAs(path, 'application/json', who)).bytes));

/** A CSV without quoted newlines (these answers have none), as rows of cells. */
const cells = (csv: string) => csv.trimEnd().split('\n').map((line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '')).filter((_, i, all) => i < all.length - 1 || all[i] !== ''));

describe('analytics answers as CSV and Arrow', () => {
  it('answers the false-positive clusters as CSV, one row per cluster of the JSON answer', async () => {
    const path = '/api/analytics/false-positives?by=team&min_resolved=3&terms=2';
    const clusters = await json(path);
    const answer = await fetchAs(path, 'text/csv');
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('text/csv; charset=utf-8; header=present');
    expect(answer.vary).toBe('Accept');
    const [header, ...rows] = cells(text(answer.bytes));
    expect(header).toEqual(['policy', 'reason_code', 'config_id', 'config_version', 'team', 'escalations', 'resolved', 'false_positives', 'benign_positives',
      'true_positives', 'false_positive_rate', 'ci_low', 'ci_high', 'teams', 'first_seen', 'last_seen', 'top_terms']);
    expect(rows).toHaveLength(clusters.length);
    const first = Object.fromEntries(header!.map((name, i) => [name, rows[0]![i]]));
    expect(first).toMatchObject({ policy: clusters[0].policy, team: clusters[0].team, escalations: String(clusters[0].escalations),
      false_positive_rate: String(clusters[0].false_positive_rate), teams: clusters[0].teams.join('; ') });
    expect(first.top_terms).toBe(clusters[0].top_terms.map((t: { term: string; z: number }) => `${t.term} (z ${t.z.toFixed(1)})`).join('; '));
  });

  it('answers the volume series as Arrow with fixed types, for charts and notebooks', async () => {
    const path = '/api/analytics/volume?bucket=week&by=policy';
    const report = await json(path);
    const answer = await fetchAs(path, 'application/vnd.apache.arrow.stream');
    expect(answer.type).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(answer.bytes);
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['bucket_start:Timestamp<MILLISECOND, UTC>', 'policy:Utf8', 'escalations:Int32', 'resolved:Int32', 'false_positives:Int32']);
    expect(table.numRows).toBe(report.series.length);
    const row = table.get(0)!.toJSON();
    expect(new Date(Number(row.bucket_start)).toISOString().slice(0, 10)).toBe(report.series[0].bucket_start.slice(0, 10));
    expect(row).toMatchObject({ policy: report.series[0].policy, escalations: report.series[0].escalations });
  });

  it('answers another table on request, also as JSON rows, and refuses one that does not exist naming those that do', async () => {
    const report = await json('/api/analytics/volume');
    const deploys = await json('/api/analytics/volume?table=deploys');
    expect(deploys).toEqual(report.deploys.map((d: Record<string, unknown>) => ({ config_id: d.config_id, config_version: d.config_version, deployed_at: d.deployed_at, before_from: d.before_from, after_until: d.after_until, ongoing: d.ongoing })));
    const rollout = cells(text((await fetchAs('/api/analytics/volume?table=rollout_impact', 'text/csv')).bytes));
    expect(rollout.length - 1).toBe(report.rollout_impact.reduce((n: number, r: { teams: unknown[] }) => n + r.teams.length, 0));
    const bySeverity = cells(text((await fetchAs('/api/analytics/backlog?table=by_severity', 'text/csv')).bytes));
    expect(bySeverity[0]!.slice(0, 4)).toEqual(['severity', 'queued', 'claimed', 'overdue']);
    for (const accept of ['text/csv', 'application/json']) {
      const refused = await fetchAs('/api/analytics/quality?table=constructor', accept);
      expect(refused.status).toBe(400);
      expect(JSON.parse(text(refused.bytes)).error).toMatchObject({ code: 'bad_input', message: 'Invalid table: quality has no table constructor; its tables are shallow_resolutions, disagreements, false_positives_without_cause.' });
    }
  });

  it('keeps the header and the types when nothing matches, and the caller\'s team limits', async () => {
    const empty = await fetchAs('/api/analytics/false-positives?min_resolved=100000', 'text/csv');
    expect(text(empty.bytes)).toBe('policy,reason_code,config_id,config_version,escalations,resolved,false_positives,benign_positives,true_positives,false_positive_rate,ci_low,ci_high,teams,first_seen,last_seen,top_terms\n');
    const arrow = tableFromIPC((await fetchAs('/api/analytics/false-positives?min_resolved=100000', 'application/vnd.apache.arrow.stream')).bytes);
    expect(arrow.numRows).toBe(0);
    expect(arrow.schema.fields.find((f) => f.name === 'false_positive_rate')?.type.toString()).toBe('Float64');
    const red = cells(text((await fetchAs('/api/analytics/volume', 'text/csv', 'rita')).bytes));
    expect(red.length).toBeGreaterThan(1);
    expect(new Set(red.slice(1).map((r) => r[1]))).toEqual(new Set(['red']));
  });

  it('prefers JSON unless the client asks for a table format, by the Accept header\'s q-values', async () => {
    expect((await fetchAs('/api/analytics/backlog', 'text/csv;q=0.1, application/json')).type).toMatch(/^application\/json/);
    expect((await fetchAs('/api/analytics/backlog', '*/*')).type).toMatch(/^application\/json/);
    expect((await fetchAs('/api/analytics/backlog', 'text/csv, application/json;q=0.5')).type).toMatch(/^text\/csv/);
  });
});

describe('CSV cells', () => {
  it('writes a text that a spreadsheet would run as a formula with a leading quote, and quotes what needs quoting', () => {
    const csv = tableToCsv({ question: 'quality', name: 'disagreements', columns: [{ name: 'note', kind: 'text' }, { name: 'change', kind: 'number' }, { name: 'ok', kind: 'flag' }],
      rows: [{ note: '=HYPERLINK("http://x")', change: -0.5, ok: true }, { note: 'a, "b"', change: null, ok: false }, { note: '@SUM(A1)', change: 1, ok: null }] });
    expect(csv).toBe('note,change,ok\n"\'=HYPERLINK(""http://x"")",-0.5,true\n"a, ""b""",,false\n\'@SUM(A1),1,\n');
  });
});
