import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceExportResult, EvidenceExportStep } from '../../src/evidence/export.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { createApp } from '../../src/server/app.js';
import { ExportJobs } from '../../src/server/export-jobs.js';
import { createUser } from '../../src/store/users.js';
import { openWebWorld, type WebWorld } from '../web/world.js';

// POST /api/evidence with `Prefer: respond-async`: an export still running after a
// moment answers 202 with its job, which the client polls until it names the pack.

interface JobBody {
  job: {
    id: string;
    state: 'running' | 'done' | 'failed';
    request: { from: string; to: string; team: string[]; escalation: string[]; reason: string | null; pdf: boolean };
    step: { name: string; position: number; of: number; label: string; detail: string | null };
    steps: Array<{ name: string; state: string }>;
    pack: { pack_id: string; dir: string; manifest_sha256: string; audit_seq: number; url: string } | null;
    error: { code: string; message: string; details: Record<string, unknown> } | null;
    elapsed_ms: number;
    started_at: string;
    finished_at: string | null;
  };
}

let world: WebWorld;
let jobs: ExportJobs;
let app: ReturnType<typeof createApp>;
const tokens: Record<'cora' | 'sam', string> = {} as never;
const lastWeek = { from: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10), to: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) };

beforeAll(async () => {
  world = await openWebWorld(new Date(), { evidence: true });
  tokens.cora = (await createUser(world.store, { id: 'cora', role: 'compliance', teams: [] }, 'test')).token;
  tokens.sam = (await createUser(world.store, { id: 'sam', role: 'compliance', teams: ['sales'] }, 'test')).token;
  // Waiting no time at all, every export that does not fail at once answers with its job.
  jobs = new ExportJobs({ waitMs: 0 });
  app = createApp(world.store, { exportJobs: jobs });
});
afterAll(() => world.close());

function call(who: keyof typeof tokens | 'alice', path: string, init: { method?: string; body?: unknown; prefer?: string } = {}) {
  const headers: Record<string, string> = { Authorization: `Bearer ${who === 'alice' ? world.tokens.alice : tokens[who]}` };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  if (init.prefer) headers.Prefer = init.prefer;
  return app.request(`http://localhost${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}

/** Polls a job until it has ended; bounded (200 polls, 25 ms apart). */
async function followJob(who: keyof typeof tokens, location: string): Promise<JobBody['job']> {
  for (let i = 0; i < 200; i++) {
    const answer = await call(who, location);
    expect(answer.status).toBe(200);
    const { job } = (await answer.json()) as JobBody;
    if (job.state !== 'running') return job;
    expect(answer.headers.get('retry-after')).toBe('2');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`job ${location} still running after 200 polls`);
}

describe('POST /api/evidence with Prefer: respond-async', () => {
  it('answers 202 with the job, which is followed to a pack that verifies', async () => {
    const started = await call('cora', '/api/evidence', { method: 'POST', prefer: 'respond-async', body: { ...lastWeek, reason: 'weekly check', pdf: false } });
    expect(started.status).toBe(202);
    expect(started.headers.get('preference-applied')).toBe('respond-async');
    expect(started.headers.get('retry-after')).toBe('2');
    const { job } = (await started.json()) as JobBody;
    expect(started.headers.get('location')).toBe(`/api/evidence/jobs/${job.id}`);
    expect(job).toMatchObject({ state: 'running', pack: null, error: null, request: { ...lastWeek, team: [], escalation: [], reason: 'weekly check', pdf: false } });
    expect(job.steps.map((s) => s.name)).toEqual(['select', 'data', 'document', 'digest', 'audit', 'publish']);

    const done = await followJob('cora', started.headers.get('location')!);
    expect(done.state).toBe('done');
    expect(done.steps.every((s) => s.state === 'done')).toBe(true);
    expect(done.finished_at).not.toBeNull();
    expect(done.pack!.url).toBe(`/api/evidence/${done.pack!.pack_id}`);
    expect(await verifyEvidence(done.pack!.dir)).toMatchObject({ ok: true, manifest_sha256: done.pack!.manifest_sha256 });
    const pack = (await (await call('cora', done.pack!.url)).json()) as { check: { ok: boolean; manifest_matches_audit: boolean } };
    expect(pack.check).toMatchObject({ ok: true, manifest_matches_audit: true });
    // Only its owner follows a job: another compliance officer's request for it is a 404, a reviewer's a 403.
    expect((await call('sam', `/api/evidence/jobs/${job.id}`)).status).toBe(404);
    expect((await call('alice', `/api/evidence/jobs/${job.id}`)).status).toBe(403);
  });

  it('refuses bad input at once, before any job, and reports a refusal found along the way in the job', async () => {
    const bad = await call('cora', '/api/evidence', { method: 'POST', prefer: 'respond-async', body: { from: 'last tuesday', to: lastWeek.to, pdf: false } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^from "last tuesday" must be a day/);
    // Its job, still listed for the hour, fails with the same error in the API's words, not the command line's.
    const listed = (await (await call('cora', '/api/evidence/jobs')).json()) as { jobs: Array<JobBody['job']> };
    const refused = listed.jobs.find((j) => j.request.from === 'last tuesday');
    expect(refused).toMatchObject({ state: 'failed', error: { code: 'bad_input', details: { field: 'from', option: 'from' } } });
    expect(refused!.error!.message).toMatch(/^from "last tuesday" must be a day like 2026-07-01/);

    const started = await call('cora', '/api/evidence', { method: 'POST', prefer: 'respond-async', body: { ...lastWeek, escalation: ['esc_nope'], pdf: false } });
    expect(started.status).toBe(202);
    const failed = await followJob('cora', started.headers.get('location')!);
    expect(failed).toMatchObject({ state: 'failed', pack: null, request: { escalation: ['esc_nope'] }, error: { code: 'not_found', details: { escalation: 'esc_nope' } } });
    expect(failed.error!.message).toMatch(/^Escalation esc_nope is not a resolved escalation in the scope/);
    expect(failed.steps.find((s) => s.state === 'failed')?.name).toBe('select');
  });

  it('answers a small export with the pack itself when it ends within the wait, as without the preference', async () => {
    const patient = createApp(world.store, { exportJobs: new ExportJobs({ waitMs: 30_000 }) });
    const answer = await patient.request('http://localhost/api/evidence', {
      method: 'POST', headers: { Authorization: `Bearer ${tokens.sam}`, 'Content-Type': 'application/json', Prefer: 'respond-async, wait=30' }, body: JSON.stringify({ ...lastWeek, pdf: false }),
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('preference-applied')).toBeNull();
    const body = (await answer.json()) as { manifest: { scope: { visible_teams: string[] } } };
    expect(body.manifest.scope.visible_teams).toEqual(['sales']);
  });
});

describe('exports over the API count against the server limit', () => {
  it('refuses an export with 503 while two others run, synchronous or not, and names why', async () => {
    const held: Array<(result: EvidenceExportResult) => void> = [];
    const hold = () => new Promise<EvidenceExportResult>((resolve) => held.push(resolve));
    const busy = new ExportJobs({ waitMs: 0, maxRunning: 2 });
    const busyApp = createApp(world.store, { exportJobs: busy });
    const draft = { ...lastWeek, team: [], escalation: '', reason: '', pdf: false };
    busy.start('cora', draft, (_onStep: (step: EvidenceExportStep) => void) => hold());
    busy.start('sam', draft, () => hold());
    for (const prefer of [undefined, 'respond-async']) {
      const answer = await busyApp.request('http://localhost/api/evidence', {
        method: 'POST', headers: { Authorization: `Bearer ${tokens.cora}`, 'Content-Type': 'application/json', ...(prefer ? { Prefer: prefer } : {}) }, body: JSON.stringify({ ...lastWeek, pdf: false }),
      });
      expect(answer.status).toBe(503);
      expect(await answer.json()).toEqual({ error: { code: 'unavailable', message: '2 evidence exports are running on this server; export again when it is done.', details: { running: 2 } } });
    }
    for (const resolve of held) resolve({ pack_id: 'evd_held' } as EvidenceExportResult);
  });

  it('lists the caller\'s own jobs, newest first', async () => {
    const mine = (await (await call('cora', '/api/evidence/jobs')).json()) as { jobs: Array<JobBody['job']> };
    expect(mine.jobs.length).toBeGreaterThanOrEqual(2);
    expect(mine.jobs.map((j) => j.state)).toEqual(expect.arrayContaining(['done', 'failed']));
    const started = mine.jobs.map((j) => Date.parse(j.started_at));
    expect(started).toEqual([...started].sort((a, b) => b - a));
    const theirs = (await (await call('sam', '/api/evidence/jobs')).json()) as { jobs: Array<JobBody['job']> };
    expect(theirs.jobs.map((j) => j.id).filter((id) => mine.jobs.some((m) => m.id === id))).toEqual([]);
  });

  it('names an unknown or malformed job id', async () => {
    const unknown = await call('cora', '/api/evidence/jobs/job_AAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/^No evidence export job_AAAAAAAAAAAAAAAA of yours/);
    const malformed = await call('cora', "/api/evidence/jobs/job_'%3B%20DROP%20TABLE%20audit");
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { message: string } }).error.message).toMatch(/^Invalid path: job must be an export job id/);
  });
});
