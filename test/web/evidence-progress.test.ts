import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KtError } from '../../src/errors.js';
import { exportEvidence, type EvidenceExportResult, type EvidenceExportStep } from '../../src/evidence/export.js';
import { createApp } from '../../src/server/app.js';
import { elapsedText } from '../../src/server/web/evidence-view.js';
import { ExportJobs } from '../../src/server/export-jobs.js';
import type { ExportDraft } from '../../src/server/export-jobs.js';
import { createUser } from '../../src/store/users.js';
import { csrfOf, PageClient, refusalOf } from './client.js';
import { openWebWorld, type WebWorld } from './world.js';

// A large evidence pack takes most of a minute to export: the form answers with a page
// that follows the export step by step and opens the pack when it is done.

const draft: ExportDraft = { from: '2026-07-01', to: '2026-10-01', team: ['sales'], escalation: '', reason: 'Q3', pdf: true };

/** An export run the test finishes by hand: it reports steps through `step` and ends by `end`. */
function heldRun() {
  let report: (step: EvidenceExportStep) => void = () => undefined;
  let finish!: (result: EvidenceExportResult) => void;
  let fail!: (error: unknown) => void;
  const run = (onStep: (step: EvidenceExportStep) => void) => {
    report = onStep;
    return new Promise<EvidenceExportResult>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { run, step: (s: EvidenceExportStep) => report(s), finish: (packId: string) => finish({ pack_id: packId } as EvidenceExportResult), fail: (e: unknown) => fail(e) };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('ExportJobs', () => {
  it('follows a job step by step for its owner only, and knows when it ended', async () => {
    const jobs = new ExportJobs({ waitMs: 0 });
    const held = heldRun();
    const job = jobs.start('cora', draft, held.run);
    expect(job.id).toMatch(/^job_[A-Za-z0-9_-]{16}$/);
    expect(jobs.find(job.id, 'cora')).toBe(job);
    expect(jobs.find(job.id, 'sam')).toBeUndefined();
    expect(job.step).toEqual({ step: 'select' });
    held.step({ step: 'data', done: 3, of: 8, escalations: 12 });
    expect(job.step).toEqual({ step: 'data', done: 3, of: 8, escalations: 12 });
    expect(await jobs.endsWithin(job, 10)).toBe(false);
    held.finish('evd_x');
    expect(await jobs.endsWithin(job, 1_000)).toBe(true);
    expect(job.outcome).toEqual({ ok: true, result: { pack_id: 'evd_x' } });
  });

  it('refuses one export more than it runs at once, and forgets ended jobs after a while', async () => {
    const jobs = new ExportJobs({ maxRunning: 1, keepMs: 0 });
    const held = heldRun();
    const job = jobs.start('cora', draft, held.run);
    expect(() => jobs.start('sam', draft, heldRun().run)).toThrow('Another evidence export is running on this server; export again when it is done.');
    held.fail(new Error('printer gone'));
    await job.settled;
    expect(job.outcome).toMatchObject({ ok: false });
    await tick();
    expect(jobs.find(job.id, 'cora')).toBeUndefined();
    const next = jobs.start('sam', draft, heldRun().run); // room again
    expect(jobs.find(next.id, 'sam')).toBe(next);
  });

  it('says how long a wait has been as people read it', () => {
    expect(elapsedText(400)).toBe('0 s');
    expect(elapsedText(8_200)).toBe('8 s');
    expect(elapsedText(72_000)).toBe('1 min 12 s');
  });
});

describe('the export progress page', () => {
  let world: WebWorld;
  let jobs: ExportJobs;
  let app: ReturnType<typeof createApp>;
  const people: Record<'cora' | 'sam' | 'alice', PageClient> = {} as never;

  beforeAll(async () => {
    world = await openWebWorld(new Date(), { evidence: true });
    const cora = (await createUser(world.store, { id: 'cora', role: 'compliance', teams: [] }, 'test')).token;
    const sam = (await createUser(world.store, { id: 'sam', role: 'compliance', teams: [] }, 'test')).token;
    // Waiting no time at all, every export that does not fail at once goes by the progress page.
    jobs = new ExportJobs({ waitMs: 0 });
    app = createApp(world.store, { exportJobs: jobs });
    for (const [who, token] of Object.entries({ cora, sam, alice: world.tokens.alice })) {
      people[who as keyof typeof people] = new PageClient(app);
      await people[who as keyof typeof people].signIn(token);
    }
  });
  afterAll(() => world.close());

  it('shows each step done, current or to come, and looks again every 2 seconds', async () => {
    const held = heldRun();
    const job = jobs.start('cora', draft, held.run);
    held.step({ step: 'pdf', escalations: 1234, parts: 1, printed: 0 });
    const page = await people.cora.get(`/evidence/jobs/${job.id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control') ?? '').not.toContain('public');
    expect(page.html).toContain('<meta http-equiv="refresh" content="2">');
    expect(page.html).toContain('<h1>Exporting an evidence pack</h1>');
    expect(page.html).toMatch(/Step 4 of 7, \d+ s so far/);
    const steps = [...page.html.matchAll(/<li class="export-step step-(\w+)"/g)].map((m) => m[1]);
    expect(steps).toEqual(['done', 'done', 'done', 'current', 'pending', 'pending', 'pending']);
    expect(page.html).toMatch(/aria-current="step">[\s\S]*?Print evidence\.pdf[\s\S]*?1,234 escalations/);
    expect(page.html).toContain('Escalations resolved 2026-07-01 – 2026-09-30 · sales · started ');
    // Another compliance officer does not see it; a reviewer may not look at exports at all.
    expect((await people.sam.get(`/evidence/jobs/${job.id}`)).status).toBe(404);
    expect((await people.alice.get(`/evidence/jobs/${job.id}`)).status).toBe(403);
    expect((await new PageClient(app).get(`/evidence/jobs/${job.id}`)).headers.get('location')).toBe(`/login?next=%2Fevidence%2Fjobs%2F${job.id}`);
    held.finish('evd_20261001T000000Z_abcdef');
    await job.settled;
    const done = await people.cora.get(`/evidence/jobs/${job.id}`);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/evidence/evd_20261001T000000Z_abcdef?done=exported');
  });

  it('leaves out the PDF step when no PDF was asked for', async () => {
    const held = heldRun();
    const job = jobs.start('cora', { ...draft, pdf: false }, held.run);
    held.step({ step: 'data', done: 2, of: 8, escalations: 5 });
    const page = await people.cora.get(`/evidence/jobs/${job.id}`);
    expect(page.html).toMatch(/Step 2 of 6/);
    expect(page.html).toContain('2 of 8 written');
    expect(page.html).not.toContain('Print evidence.pdf');
    held.finish('evd_y');
    await job.settled;
  });

  it('shows the form again as it was sent when the export was refused along the way', async () => {
    const held = heldRun();
    const job = jobs.start('cora', draft, held.run);
    held.fail(new KtError('not_found', 'Escalation esc_9 is not a resolved escalation in the scope.'));
    await job.settled;
    const page = await people.cora.get(`/evidence/jobs/${job.id}`);
    expect(page.status).toBe(404);
    expect(refusalOf(page.html)).toBe('Not exported: Escalation esc_9 is not a resolved escalation in the scope.');
    expect(page.html).toContain('name="from" type="date" value="2026-07-01"');
    expect(page.html).toContain('>Q3</textarea>');
  });

  it('lists its owner\'s exports still running, and those that failed, on the evidence page; a finished one is its pack', async () => {
    const own = new ExportJobs({ waitMs: 0 });
    const ownApp = createApp(world.store, { exportJobs: own });
    const cora = new PageClient(ownApp);
    const sam = new PageClient(ownApp);
    await cora.signIn((await createUser(world.store, { id: 'cora3', role: 'compliance', teams: [] }, 'test')).token);
    await sam.signIn((await createUser(world.store, { id: 'sam3', role: 'compliance', teams: [] }, 'test')).token);
    expect((await cora.get('/evidence')).html).not.toContain('Your exports running or failed');

    const printing = heldRun();
    const running = own.start('cora3', draft, printing.run);
    printing.step({ step: 'pdf', escalations: 18_192, parts: 10, printed: 4 });
    const failing = heldRun();
    const failed = own.start('cora3', { ...draft, team: [], reason: 'second' }, failing.run);
    // The export's own refusal of a period that ends before it starts, as exportEvidence gives it.
    failing.fail(await exportEvidence(world.store, { from: '2026-10-01', to: '2026-07-01' }, { outDir: 'never-written', actor: 'cora3', viewer: 'everyone', pdf: false }).catch((e: unknown) => e));
    await failed.settled;
    const finishing = heldRun();
    const finished = own.start('cora3', draft, finishing.run);
    finishing.finish('evd_done');
    await finished.settled;

    const page = await cora.get('/evidence');
    expect(page.html).toContain('Your exports running or failed (2)');
    const rows = [...page.html.matchAll(/<tr class="job-(running|failed)">([\s\S]*?)<\/tr>/g)].map((m) => ({ state: m[1], text: m[2]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim(), html: m[2]! }));
    expect(rows.map((r) => r.state).sort()).toEqual(['failed', 'running']);
    const runningRow = rows.find((r) => r.state === 'running')!;
    expect(runningRow.html).toContain(`href="/evidence/jobs/${running.id}"`);
    expect(runningRow.text).toContain('2026-07-01 – 2026-09-30 sales');
    expect(runningRow.text).toMatch(/Step 4 of 7: Print evidence\.pdf \(18,192 escalations in 10 parts, 4 printed\) \d+ s so far/);
    const failedRow = rows.find((r) => r.state === 'failed')!;
    expect(failedRow.html).toContain(`href="/evidence/jobs/${failed.id}"`);
    expect(failedRow.text).toContain('all teams you may see Not exported: From must be before To.');
    expect(page.html).not.toContain(finished.id);
    // Another compliance officer's list holds none of them.
    expect((await sam.get('/evidence')).html).not.toContain('Your exports running or failed');
    printing.finish('evd_printed');
    await running.settled;
  });

  it('answers 404 for a job that is not there, whatever the id looks like', async () => {
    for (const id of ['job_AAAAAAAAAAAAAAAA', 'nope', "job_'; DROP TABLE audit; --", 'x'.repeat(5_000)]) {
      const page = await people.cora.get(`/evidence/jobs/${encodeURIComponent(id)}`);
      expect(page.status, id.slice(0, 40)).toBe(404);
      expect(refusalOf(page.html)).toMatch(/^No evidence export .* of yours/);
    }
  });

  it('takes a real export from the form through the progress page to its pack', async () => {
    const page = await people.cora.get('/evidence');
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const answer = await people.cora.post('/evidence', { _csrf: csrfOf(page.html), from: day(-7), to: day(1), reason: 'progress test' });
    expect(answer.status).toBe(303);
    const jobPath = answer.headers.get('location')!;
    expect(jobPath).toMatch(/^\/evidence\/jobs\/job_[A-Za-z0-9_-]{16}$/);
    let location: string | null = null;
    for (let i = 0; i < 300 && location === null; i++) {
      const progress = await people.cora.get(jobPath);
      if (progress.status === 303) location = progress.headers.get('location');
      else {
        expect(progress.status).toBe(200);
        await tick();
      }
    }
    expect(location).toMatch(/^\/evidence\/evd_\w+\?done=exported$/);
    const pack = await people.cora.get(location!);
    expect(pack.status).toBe(200);
    expect(pack.html).toContain('Verified just now:');
  });

  it('refuses an export more than the server runs at once, keeping the form', async () => {
    const busy = new ExportJobs({ waitMs: 0, maxRunning: 1 });
    const busyApp = createApp(world.store, { exportJobs: busy });
    const cora = new PageClient(busyApp);
    await cora.signIn((await createUser(world.store, { id: 'cora2', role: 'compliance', teams: [] }, 'test')).token);
    const held = heldRun();
    busy.start('someone', draft, held.run);
    const page = await cora.get('/evidence');
    const answer = await cora.post('/evidence', { _csrf: csrfOf(page.html), from: '2026-07-01', to: '2026-10-01', reason: 'busy' });
    expect(answer.status).toBe(503);
    expect(refusalOf(answer.html)).toBe('Not exported: Another evidence export is running on this server; export again when it is done.');
    expect(answer.html).toContain('>busy</textarea>');
    held.finish('evd_z');
  });
});
