import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { createApp } from '../../src/server/app.js';
import { openStore, type Store } from '../../src/store/database.js';
import { createUser } from '../../src/store/users.js';
import { fixtureStore } from './fixture.js';

let store: Store;
let app: ReturnType<typeof createApp>;
let evidenceDir: string;
let cleanup: () => void;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  const fixture = await fixtureStore();
  const path = fixture.store.path;
  fixture.store.close();
  evidenceDir = mkdtempSync(join(tmpdir(), 'kt-evidence-root-'));
  process.env.KT_EVIDENCE_DIR = evidenceDir;
  store = await openStore(path, { allowedDirectories: [evidenceDir] });
  for (const [id, role, teams] of [['rev', 'reviewer', []], ['pat', 'policy_owner', []], ['gill', 'policy_owner', ['green']], ['rita', 'compliance', []]] as const) {
    tokens[id] = (await createUser(store, { id, role, teams: [...teams] }, 'test')).token;
  }
  app = createApp(store);
  cleanup = () => { store.close(); fixture.cleanup(); rmSync(evidenceDir, { recursive: true, force: true }); };
});
afterAll(() => cleanup());

function get(path: string, who: string) {
  return app.request(path, { headers: { Authorization: `Bearer ${tokens[who]}` } });
}

describe('GET /reports/NAME', () => {
  it('serves HTML to policy owners and refuses reviewers and anonymous callers', async () => {
    const ok = await get('/reports/false-positives', 'pat');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/text\/html/);
    expect(await ok.text()).toContain('<h1>False-positive clusters</h1>');
    expect((await get('/reports/false-positives', 'rev')).status).toBe(403);
    expect((await app.request('/reports/false-positives')).status).toBe(401);
  });

  it('counts only the teams a limited caller may see', async () => {
    const html = await (await get('/reports/volume', 'gill')).text();
    expect(html).toContain('counting only green');
    expect(html).not.toMatch(/<td>red<\/td>/);
  });

  it('names an unknown report and a missing option', async () => {
    const unknown = await get('/reports/nope', 'pat');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toMatch(/no report named "nope"/);
    const missing = await get('/reports/tuning?config_id=cfg_support&policy=human-oversight&before=1.0.0', 'pat');
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.message).toBe('Report tuning: after is required.');
  });

  it('refuses an option the report does not take, or a misspelt one, instead of ignoring it', async () => {
    const quarter = await get('/reports/false-positives?quarter=2026Q3', 'pat');
    expect(quarter.status).toBe(400);
    expect((await quarter.json()).error).toMatchObject({
      code: 'bad_input',
      message: 'The false-positives report does not take quarter; it takes since, until, team, config_id, by, min_resolved, cause, terms, top.',
      details: { report: 'false-positives', unknown: ['quarter'] },
    });
    const misspelt = await get('/reports/tuning?config_id=cfg_support&policy=human-oversight&reasoncode=violence_terms&before=1.0.0&after=1.1.0', 'pat');
    expect(misspelt.status).toBe(400);
    expect((await misspelt.json()).error.details.unknown).toEqual(['reasoncode']);
  });

  it('refuses a quarter beside a window, naming the query keys', async () => {
    const both = await get('/reports/volume?quarter=2026Q3&since=30d', 'pat');
    expect(both.status).toBe(400);
    expect((await both.json()).error).toMatchObject({ message: 'quarter cannot be given with since (give one or the other).', details: { field: 'quarter' } });
  });

  it('answers format=csv with the report\'s data as a table to download, within the caller\'s teams', async () => {
    const csv = await get('/reports/volume?format=csv&by=team', 'gill');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="volume-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...rows] = (await csv.text()).trimEnd().split('\n');
    expect(header).toBe('bucket_start,team,escalations,resolved,false_positives');
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.split(',')[1]))).toEqual(new Set(['green']));
  });

  it('refuses a format it does not know, naming the query key and its value', async () => {
    const response = await get('/reports/volume?format=docx', 'pat');
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: 'bad_input', message: 'Invalid format "docx": must be one of html, pdf, csv.' });
  });

  it('gives one clear 503 for a PDF when Chromium is missing, while HTML still works', async () => {
    const saved = process.env.KT_CHROME_PATH;
    process.env.KT_CHROME_PATH = '/nonexistent/chromium';
    try {
      const pdf = await get('/reports/tuning?config_id=cfg_support&policy=human-oversight&before=1.0.0&after=1.1.0&format=pdf', 'pat');
      expect(pdf.status).toBe(503);
      const message: string = (await pdf.json()).error.message;
      expect(message).toContain('apt-get install -y chromium');
      expect(message).toContain('KT_CHROME_PATH');
      const html = await get('/reports/tuning?config_id=cfg_support&policy=human-oversight&before=1.0.0&after=1.1.0&format=html', 'pat');
      expect(html.status).toBe(200);
      expect(await html.text()).toContain('Verdict: improved');
    } finally {
      if (saved === undefined) delete process.env.KT_CHROME_PATH;
      else process.env.KT_CHROME_PATH = saved;
    }
  });
});

describe('POST /api/evidence', () => {
  function post(body: unknown, who: string) {
    return app.request('/api/evidence', { method: 'POST', body: JSON.stringify(body), headers: { Authorization: `Bearer ${tokens[who]}`, 'Content-Type': 'application/json' } });
  }

  it('lets compliance export a pack that verifies, and refuses policy owners', async () => {
    const response = await post({ from: '2026-09-01', to: '2026-10-01', reason: 'regulator request', pdf: false }, 'rita');
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.manifest.counts.escalations).toBe(22);
    expect(body.dir.startsWith(evidenceDir)).toBe(true);
    expect((await verifyEvidence(body.dir)).ok).toBe(true);
    expect((await post({ from: '2026-09-01', to: '2026-10-01', pdf: false }, 'pat')).status).toBe(403);
  });

  it('names a bad time by its body field', async () => {
    const response = await post({ from: 'last tuesday', to: '2026-10-01', pdf: false }, 'rita');
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe('from "last tuesday" must be a day like 2026-07-01 or an RFC 3339 time like 2026-07-01T00:00:00Z.');
  });

  it('refuses a period that ends before it starts, and an overlong reason or team, naming the body fields, not the command line\'s flags', async () => {
    const inverted = await post({ from: '2026-11-10', to: '2026-11-01', pdf: false }, 'rita');
    expect(inverted.status).toBe(400);
    expect(await inverted.json()).toEqual({
      error: {
        code: 'bad_input',
        message: 'from must be before to.',
        details: { field: 'from', option: 'from', problem: 'must be before', versus: 'to', issues: [{ field: 'from', message: 'must be before to', option: 'from', problem: 'must be before', versus: 'to' }] },
      },
    });
    const reason = await post({ from: '2026-09-01', to: '2026-10-01', reason: 'x'.repeat(2001), pdf: false }, 'rita');
    expect(reason.status).toBe(400);
    expect((await reason.json()).error).toMatchObject({ message: 'reason must be at most 2000 characters.', details: { field: 'reason' } });
    const team = await post({ from: '2026-09-01', to: '2026-10-01', team: ['t'.repeat(201)], pdf: false }, 'rita');
    expect(team.status).toBe(400);
    expect((await team.json()).error).toMatchObject({ message: 'team must be team names of at most 200 characters each.', details: { field: 'team' } });
  });
});
