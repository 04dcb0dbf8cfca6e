import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { evidenceRoot } from '../../src/evidence/location.js';
import { manifestSchema, type Manifest } from '../../src/evidence/manifest.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { createApp } from '../../src/server/app.js';
import { lastQuarter } from '../../src/server/web/evidence-page.js';
import { periodText } from '../../src/server/web/evidence-view.js';
import { auditFor, verifyAudit } from '../../src/store/audit.js';
import { createUser } from '../../src/store/users.js';
import { csrfOf, fieldErrorOf, PageClient, refusalOf } from './client.js';
import { openWebWorld, type WebWorld } from './world.js';

// The evidence pages: compliance exports a pack from the browser, finds it again in the list,
// sees it checked against its manifest and the audit trail, and downloads its files or a zip.

let world: WebWorld;
let app: ReturnType<typeof createApp>;
const people: Record<'cora' | 'sam' | 'pat' | 'alice', PageClient> = {} as never;
let coraToken: string;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
// The web world's escalations were resolved one to two days ago.
const period = { from: day(-7), to: day(1) };

beforeAll(async () => {
  world = await openWebWorld(new Date(), { evidence: true });
  coraToken = (await createUser(world.store, { id: 'cora', role: 'compliance', teams: [] }, 'test')).token;
  const samToken = (await createUser(world.store, { id: 'sam', role: 'compliance', teams: ['sales'] }, 'test')).token;
  app = createApp(world.store);
  const tokens = { cora: coraToken, sam: samToken, pat: world.tokens.pat, alice: world.tokens.alice };
  for (const [who, token] of Object.entries(tokens)) {
    people[who as keyof typeof people] = new PageClient(app);
    await people[who as keyof typeof people].signIn(token);
  }
});
afterAll(() => world.close());

async function exportFromForm(client: PageClient, fields: Record<string, string>) {
  const page = await client.get('/evidence');
  return client.post('/evidence', { _csrf: csrfOf(page.html), ...fields });
}

/** A download as bytes, asked with the client's session cookie (as the page's links are followed). */
async function download(client: PageClient, path: string) {
  const response = await app.request(`http://localhost${path}`, { headers: { cookie: `kt_session=${client.cookie('kt_session')}` } });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const packIdOf = (location: string | null) => /^\/evidence\/(evd_[0-9A-Za-z_]+)\?done=exported$/.exec(location ?? '')?.[1];
const manifestIn = (dir: string): Manifest => manifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));

function unzip(bytes: Buffer, into: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            const path = join(into, entry.fileName);
            mkdirSync(dirname(path), { recursive: true });
            writeFileSync(path, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(names));
      zip.readEntry();
    });
  });
}

describe('evidence pages', () => {
  it('are in the top bar for compliance, start the form at the last full quarter, and refuse other roles', async () => {
    const page = await people.cora.get('/evidence');
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<a href="\/evidence" aria-current="page">Evidence<\/a>/);
    const quarter = lastQuarter(new Date());
    expect(page.html).toContain(`name="from" type="date" value="${quarter.from}"`);
    expect(page.html).toContain(`name="to" type="date" value="${quarter.to}"`);
    expect(page.html).toContain('No evidence pack has been exported yet.');
    for (const [who, role] of [['pat', 'policy_owner'], ['alice', 'reviewer']] as const) {
      const refused = await people[who].get('/evidence');
      expect(refused.status).toBe(403);
      expect(refusalOf(refused.html)).toBe(`Your role ${role} may not export or read evidence packs.`);
      expect((await people[who].get('/')).html).not.toContain('href="/evidence"');
    }
    expect((await new PageClient(app).get('/evidence')).headers.get('location')).toBe('/login?next=%2Fevidence');
  });

  it('works out the last full quarter in UTC', () => {
    expect(lastQuarter(new Date('2026-12-01T10:00:00Z'))).toEqual({ from: '2026-07-01', to: '2026-10-01' });
    expect(lastQuarter(new Date('2026-02-15T00:00:00Z'))).toEqual({ from: '2025-10-01', to: '2026-01-01' });
    expect(lastQuarter(new Date('2026-04-01T00:00:00Z'))).toEqual({ from: '2026-01-01', to: '2026-04-01' });
  });

  it('keeps a refused form as it was sent, says why in the form’s words, and writes nothing', async () => {
    const auditBefore = (await world.store.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM audit'))!.n;
    const answer = await exportFromForm(people.cora, { from: period.to, to: period.from, team: 'sales', reason: 'Q3 for the auditors', pdf: 'yes' });
    expect(answer.status).toBe(400);
    expect(refusalOf(answer.html)).toBe('Not exported: From must be before To.');
    expect(answer.html).toContain(`name="from" type="date" value="${period.to}"`);
    expect(answer.html).toContain('value="sales" checked');
    expect(answer.html).toContain('>Q3 for the auditors</textarea>');
    // Every refused field is marked at once, not one per send.
    const both = await exportFromForm(people.cora, { from: 'yesterday', to: 'soon', reason: 'r'.repeat(2001) });
    expect(fieldErrorOf(both.html, 'e-from')).toMatch(/^From &quot;yesterday&quot; must be a day like 2026-07-01/);
    expect(fieldErrorOf(both.html, 'e-to')).toMatch(/^To &quot;soon&quot; must be a day like 2026-07-01/);
    expect(fieldErrorOf(both.html, 'e-reason')).toBe('Reason must be at most 2000 characters.');
    expect(refusalOf(both.html)).toMatch(/^Not exported: From &quot;yesterday&quot; must be a day like .* 2 more fields are marked below\.$/);
    expect(both.html).toContain('<a href="#e-from">Go to the field</a>');
    // A field left empty is missing, not a badly written day.
    const empty = await exportFromForm(people.cora, { from: '', to: period.to });
    expect(fieldErrorOf(empty.html, 'e-from')).toMatch(/^From is required: a day like 2026-07-01/);
    const missing = await exportFromForm(people.cora, { ...period, escalation: 'esc_101' });
    expect(missing.status).toBe(404);
    expect(refusalOf(missing.html)).toMatch(/^Not exported: Escalation esc_101 is not a resolved escalation in the scope/);
    expect((await world.store.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM audit'))!.n).toBe(auditBefore);
  });

  it('ties a refused input to its field, the message beside it, the values kept', async () => {
    const inverted = await exportFromForm(people.cora, { from: period.to, to: period.from, reason: 'Q3' });
    expect(fieldErrorOf(inverted.html, 'e-from')).toBe('From must be before To.');
    expect(inverted.html).toContain('<a href="#e-from">Go to the field</a>');
    const notADay = await exportFromForm(people.cora, { from: period.from, to: 'soon' });
    expect(fieldErrorOf(notADay.html, 'e-to')).toMatch(/^To &quot;soon&quot; must be a day like 2026-07-01/);
    expect(fieldErrorOf(notADay.html, 'e-from')).toBeUndefined();
    const missing = await exportFromForm(people.cora, { ...period, escalation: 'esc_101' });
    expect(fieldErrorOf(missing.html, 'e-escalation')).toMatch(/^Escalation esc_101 is not a resolved escalation in the scope/);
    expect(missing.html).toContain('>esc_101</textarea>');
    // In the labels' words, whatever was typed kept as it was (a time of "--to" is not "To").
    const flagLike = await exportFromForm(people.cora, { from: '--to', to: period.to });
    expect(fieldErrorOf(flagLike.html, 'e-from')).toMatch(/^From &quot;--to&quot; must be a day like 2026-07-01/);
    const longId = await exportFromForm(people.cora, { ...period, escalation: `esc_${'x'.repeat(200)}` });
    expect(longId.status).toBe(400);
    expect(fieldErrorOf(longId.html, 'e-escalation')).toBe('Only these escalations must be escalation ids of at most 200 characters each.');
    const longReason = await exportFromForm(people.cora, { ...period, reason: 'r'.repeat(2001) });
    expect(refusalOf(longReason.html)).toBe('Not exported: Reason must be at most 2000 characters.');
    expect(fieldErrorOf(longReason.html, 'e-reason')).toBe('Reason must be at most 2000 characters.');
    // Another team's pack: the team boxes offer only the caller's teams, so no box is marked.
    const otherTeam = await exportFromForm(people.sam, { ...period, team: 'support' });
    expect(refusalOf(otherTeam.html)).toMatch(/^Not exported: You may not export team support/);
    expect(otherTeam.html).not.toContain('aria-invalid');
  });

  let packId: string;
  it('exports a pack from the form and shows it verified, with every file and the audit entry', async () => {
    const answer = await exportFromForm(people.cora, { ...period, reason: 'Q3 review for the auditors' });
    expect(answer.status).toBe(303);
    packId = packIdOf(answer.headers.get('location'))!;
    expect(packId).toBeDefined();
    const [entry] = await auditFor(world.store, `evidence:${packId}`);
    expect(entry).toMatchObject({ actor: 'cora', action: 'evidence_export' });
    const page = await people.cora.get(`/evidence/${packId}?done=exported`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`Evidence pack exported and recorded in the audit trail (entry ${entry!.seq}).`);
    expect(page.html).toContain('<strong>Verified just now:</strong> all 9 files match the manifest');
    expect(page.html).not.toContain('its signature checks');
    expect(page.html).toContain('Q3 review for the auditors');
    // The manifest and the nine files it lists (no PDF was asked for), each a download link.
    const links = [...page.html.matchAll(/<a href="(\/api\/evidence\/[^"]+\/files\/[^"]+)" download/g)].map((m) => m[1]);
    expect(links.map((l) => l!.split('/').pop())).toEqual([
      'manifest.json', 'audit.csv', 'audit.parquet', 'configs.csv', 'configs.parquet', 'escalations.csv', 'escalations.parquet',
      'events.csv', 'events.parquet', 'evidence.html',
    ]);
    expect(page.html).toContain(`href="/api/evidence/${packId}/archive" download`);
    const list = await people.cora.get('/evidence');
    expect(list.html).toContain(`<a href="/evidence/${packId}" class="mono">${packId}</a>`);
    expect(list.html).toContain('All teams');
    expect((await verifyAudit(world.store)).ok).toBe(true);
  });

  it('downloads each file byte for byte as the manifest hashes it, never inline', async () => {
    const dir = join(evidenceRoot(world.store.path), (await packFolder(packId)));
    const manifest = manifestIn(dir);
    for (const file of manifest.files) {
      const got = await download(people.cora, `/api/evidence/${packId}/files/${file.path}`);
      expect(got.status, file.path).toBe(200);
      expect(sha256(got.bytes), file.path).toBe(file.sha256);
      expect(got.headers.get('content-disposition')).toBe(`attachment; filename="${file.path}"`);
      expect(got.headers.get('cache-control')).toBe('private, no-store');
    }
    expect((await download(people.cora, `/api/evidence/${packId}/files/escalations.csv`)).headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // Only what the manifest lists is served: not the store, not a path out of the folder.
    for (const name of ['kt.duckdb', '..%2Fkt.duckdb', '..%2F..%2Fkt.duckdb', 'nothing.csv']) {
      expect((await download(people.cora, `/api/evidence/${packId}/files/${name}`)).status, name).toBe(404);
    }
  });

  it('downloads the whole pack as a zip that unzips to a folder kt evidence verify accepts', async () => {
    const got = await download(people.cora, `/api/evidence/${packId}/archive`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/zip');
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename="${packId}.zip"`);
    const into = mkdtempSync(join(tmpdir(), 'kt-unzip-'));
    try {
      const names = await unzip(got.bytes, into);
      expect(names).toContain(`${packId}/manifest.json`);
      expect(names).toHaveLength(10);
      const verification = await verifyEvidence(join(into, packId));
      expect(verification.ok).toBe(true);
      const [entry] = await auditFor(world.store, `evidence:${packId}`);
      expect(verification.manifest_sha256).toBe((entry!.after as { manifest_sha256: string }).manifest_sha256);
    } finally {
      rmSync(into, { recursive: true, force: true });
    }
  });

  it('answers the same over the API with a bearer token: the list, the pack with its check, and its files', async () => {
    const get = (path: string) => app.request(`http://localhost${path}`, { headers: { authorization: `Bearer ${coraToken}` } });
    const list = (await (await get('/api/evidence')).json()) as { packs: Array<{ pack_id: string; counts: { escalations: number } }> };
    expect(list.packs.map((p) => p.pack_id)).toEqual([packId]);
    const one = (await (await get(`/api/evidence/${packId}`)).json()) as { check: { ok: boolean; manifest_matches_audit: boolean }; files: unknown[] };
    expect(one.check).toMatchObject({ ok: true, manifest_matches_audit: true, problems: [] });
    expect(one.files).toHaveLength(10);
    expect((await get(`/api/evidence/${packId}/files/manifest.json`)).status).toBe(200);
    expect((await get('/api/evidence/evd_20260101T000000Z_000000')).status).toBe(404);
    expect((await get('/api/evidence/not-a-pack')).status).toBe(400);
  });

  it('limits a compliance officer of one team to packs of that team, and refuses exporting another', async () => {
    const refused = await exportFromForm(people.sam, { ...period, team: 'support' });
    expect(refused.status).toBe(403);
    expect(refusalOf(refused.html)).toBe('Not exported: You may not export team support; your teams are sales.');
    // cora's pack holds every team: to sam it does not exist.
    expect((await people.sam.get('/evidence')).html).not.toContain(packId);
    expect((await people.sam.get(`/evidence/${packId}`)).status).toBe(404);
    expect((await download(people.sam, `/api/evidence/${packId}/files/escalations.csv`)).status).toBe(404);
    expect((await download(people.sam, `/api/evidence/${packId}/archive`)).status).toBe(404);
    // A pack sam exports holds sales only; both see it.
    const own = await exportFromForm(people.sam, period);
    expect(own.status).toBe(303);
    const samPack = packIdOf(own.headers.get('location'))!;
    const page = await people.sam.get(`/evidence/${samPack}`);
    expect(page.html).toContain('<dt>Teams</dt><dd>sales</dd>');
    expect(page.html).toContain('Verified just now');
    expect((await people.sam.get('/evidence')).html).toContain(samPack);
    expect((await people.cora.get('/evidence')).html).toContain(samPack);
  });

  it('names a changed file, and a manifest rewritten to match it, against the hash in the audit trail', async () => {
    const answer = await exportFromForm(people.cora, period);
    const id = packIdOf(answer.headers.get('location'))!;
    const dir = join(evidenceRoot(world.store.path), await packFolder(id));
    // An outcome turned round in place: rows and counts stay as they were, as a careful forger would leave them.
    const original = readFileSync(join(dir, 'escalations.csv'), 'utf8');
    expect(original).toMatch(/,(approved|denied),/);
    writeFileSync(join(dir, 'escalations.csv'), original.replace(/,(approved|denied),/, (_, outcome: string) => (outcome === 'approved' ? ',denied,' : ',approved,')));
    const changed = await people.cora.get(`/evidence/${id}`);
    expect(changed.html).toContain('This pack does not verify.');
    expect(changed.html).toMatch(/<strong>Changed:<\/strong> <code>escalations.csv<\/code> SHA-256 is [0-9a-f]{64}, the manifest says/);
    // Someone rewrites the manifest to match: the pack alone verifies again, but not against the audit trail.
    const manifest = manifestIn(dir);
    const csv = readFileSync(join(dir, 'escalations.csv'));
    const entry = manifest.files.find((f) => f.path === 'escalations.csv')!;
    Object.assign(entry, { sha256: sha256(csv), bytes: csv.length });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    expect((await verifyEvidence(dir)).ok).toBe(true);
    const rewritten = await people.cora.get(`/evidence/${id}`);
    expect(rewritten.html).toContain('This pack does not verify.');
    expect(rewritten.html).toMatch(/<strong>Disagrees with the audit log:<\/strong> <code>manifest.json<\/code> hashes otherwise than the audit log recorded: SHA-256 is [0-9a-f]{64}, entry \d+ recorded [0-9a-f]{64}/);
  });

  it('takes escalation ids one per line, as pasted from a spreadsheet column, as well as comma-separated', async () => {
    const answer = await exportFromForm(people.cora, { ...period, pdf: '', escalation: 'esc_104\r\nesc_105\n' });
    const id = packIdOf(answer.headers.get('location'))!;
    const manifest = manifestIn(join(evidenceRoot(world.store.path), await packFolder(id)));
    expect(manifest.counts.escalations).toBe(2);
    const csv = readFileSync(join(evidenceRoot(world.store.path), await packFolder(id), 'escalations.csv'), 'utf8');
    expect(csv).toContain('esc_104');
    expect(csv).toContain('esc_105');
  });

  it('lists a pack whose folder left the evidence folder, and serves none of its files', async () => {
    const answer = await exportFromForm(people.cora, period);
    const id = packIdOf(answer.headers.get('location'))!;
    const folder = await packFolder(id);
    renameSync(join(evidenceRoot(world.store.path), folder), join(world.dir, folder));
    expect((await people.cora.get('/evidence')).html).toMatch(new RegExp(`${id}</a><br><span class="hint">not in the evidence folder</span>`));
    const page = await people.cora.get(`/evidence/${id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("is not in this server's evidence folder");
    expect(page.html).not.toContain('/archive');
    expect((await download(people.cora, `/api/evidence/${id}/files/manifest.json`)).status).toBe(404);
    expect((await download(people.cora, `/api/evidence/${id}/archive`)).status).toBe(404);
  });
});

/** The folder name the audit log recorded for a pack. */
async function packFolder(packId: string): Promise<string> {
  const [entry] = await auditFor(world.store, `evidence:${packId}`);
  return (entry!.after as { dir: string }).dir.split('/').pop()!;
}

describe('a pack’s period as people read it', () => {
  it('names whole days by the first and last day included, other instants as they are', () => {
    expect(periodText('2026-07-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z')).toBe('2026-07-01 – 2026-09-30');
    expect(periodText('2026-07-01T00:00:00.000Z', '2026-07-02T00:00:00.000Z')).toBe('2026-07-01');
    expect(periodText('2026-07-01T09:30:00.000Z', '2026-07-02T00:00:00.000Z')).toBe('2026-07-01 09:30 UTC up to 2026-07-02 00:00 UTC');
  });
});
