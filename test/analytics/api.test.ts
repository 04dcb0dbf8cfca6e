import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
