import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportEvidence } from '../../src/evidence/export.js';
import { manifestSchema } from '../../src/evidence/manifest.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { auditFor, verifyAudit } from '../../src/store/audit.js';
import { openStore, type Store } from '../../src/store/database.js';
import { fixtureStore } from '../reports/fixture.js';

// One store for the file, opened a second time with the packs' folder allowed.
let store: Store;
let packs: string;
let cleanup: () => void;
beforeAll(async () => {
  const fixture = await fixtureStore();
  const path = fixture.store.path;
  fixture.store.close();
  packs = mkdtempSync(join(tmpdir(), 'kt-packs-'));
  store = await openStore(path, { allowedDirectories: [packs] });
  cleanup = () => { store.close(); fixture.cleanup(); rmSync(packs, { recursive: true, force: true }); };
});
afterAll(() => cleanup());

const september = { from: '2026-09-01', to: '2026-10-01', reason: 'Q3 audit request #42' };

describe('evidence export (HTML only) and verify', () => {
  let dir: string;
  let result: Awaited<ReturnType<typeof exportEvidence>>;
  beforeAll(async () => {
    dir = join(packs, 'q3');
    result = await exportEvidence(store, september, { outDir: dir, actor: 'rita', viewer: 'everyone', pdf: false, now: new Date('2026-10-02T09:00:00Z') });
  });

  it('writes the data as CSV and Parquet with a manifest of hashes and row counts', () => {
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
    expect(manifest.files.map((f) => f.path)).toEqual([
      'audit.csv', 'audit.parquet', 'configs.csv', 'configs.parquet', 'escalations.csv', 'escalations.parquet',
      'events.csv', 'events.parquet', 'evidence.html',
    ]);
    // The fixture has 26 escalations, 4 still open (2 queued, 2 claimed): 22 resolved in September, one import entry each.
    expect(manifest.counts).toEqual({ escalations: 22, events: 22, audit: 22, configs: 3 });
    expect(manifest.files.find((f) => f.path === 'escalations.csv')?.rows).toBe(22);
    expect(manifest.reason).toBe('Q3 audit request #42');
    expect(manifest.generator.name).toBe('kt');
    expect(manifest.audit_chain_head.seq).toBe(26);
    // CSV: header plus one line per escalation (notes hold no newlines in the fixture).
    expect(readFileSync(join(dir, 'escalations.csv'), 'utf8').trim().split('\n')).toHaveLength(23);
  });

  it('names the reason, scope, decisions and audit timeline in the document', () => {
    const html = readFileSync(join(dir, 'evidence.html'), 'utf8');
    expect(html).toContain('Q3 audit request #42');
    expect(html).toContain('esc_evt_100_00');
    expect(html).toContain('Python process question, not violence at all.');
    expect(html).toContain('cfg_support');
    expect(html).toContain('importer: import');
    expect(html).toContain('Known limitations');
  });

  it('shows what was flagged: the linked event\'s request, and that excerpts are cut with the full text in the data files', () => {
    const html = readFileSync(join(dir, 'evidence.html'), 'utf8');
    const item = html.slice(html.indexOf('esc_evt_100_00'), html.indexOf('</article>', html.indexOf('esc_evt_100_00')));
    expect(item).toMatch(/<span class="label">Request<\/span> <bdi>how do I kill a python process<\/bdi><\/div>/);
    expect(item).not.toContain('Response');
    expect(html).toMatch(/excerpts, cut after their first 600 characters .*the full text is in events\.csv and events\.parquet/);
  });

  it('records the export in the audit log, keeping the chain valid', async () => {
    const entries = await auditFor(store, `evidence:${result.pack_id}`);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: 'rita', action: 'evidence_export' });
    expect((entries[0]!.after as { manifest_sha256: string }).manifest_sha256).toBe(result.manifest_sha256);
    expect((await verifyAudit(store)).ok).toBe(true);
  });

  it('verifies a fresh pack', async () => {
    const verification = await verifyEvidence(dir);
    expect(verification).toMatchObject({ ok: true, problems: [], files_checked: 9, manifest_sha256: result.manifest_sha256 });
  });

  it('names a file whose one byte changed, an added file and a missing file', async () => {
    const copy = join(packs, 'tampered');
    const again = await exportEvidence(store, september, { outDir: copy, actor: 'rita', viewer: 'everyone', pdf: false });
    expect(again.manifest.files).toHaveLength(9);
    for (const name of ['escalations.parquet', 'audit.csv', 'evidence.html']) {
      const path = join(copy, name);
      const bytes = readFileSync(path);
      const original = Buffer.from(bytes);
      bytes[Math.floor(bytes.length / 2)] ^= 0x01;
      writeFileSync(path, bytes);
      const broken = await verifyEvidence(copy);
      expect(broken.ok).toBe(false);
      expect(broken.problems).toEqual([expect.objectContaining({ file: name, problem: 'changed' })]);
      writeFileSync(path, original);
    }
    appendFileSync(join(copy, 'notes.txt'), 'added later');
    rmSync(join(copy, 'configs.csv'));
    const problems = (await verifyEvidence(copy)).problems.map((p) => `${p.problem} ${p.file}`).sort();
    expect(problems).toEqual(['added notes.txt', 'missing configs.csv']);
  });

  it('names a manifest whose size or count was edited though every file still hashes as listed', async () => {
    const copy = join(packs, 'edited-manifest');
    await exportEvidence(store, september, { outDir: copy, actor: 'rita', viewer: 'everyone', pdf: false });
    const path = join(copy, 'manifest.json');
    const original = readFileSync(path, 'utf8');
    const edit = (change: (m: { counts: { escalations: number }; files: Array<{ path: string; bytes: number }> }) => void) => {
      const manifest = JSON.parse(original) as Parameters<typeof change>[0];
      change(manifest);
      writeFileSync(path, JSON.stringify(manifest, null, 2) + '\n');
    };
    edit((m) => { m.counts.escalations -= 1; });
    expect((await verifyEvidence(copy)).problems).toEqual([{ file: 'manifest.json', problem: 'changed', detail: 'counts 21 escalations, but escalations.csv holds 22 and escalations.parquet holds 22 rows, so the manifest (or a file with its line) was edited' }]);
    edit((m) => { m.files.find((f) => f.path === 'audit.csv')!.bytes = 1; });
    expect((await verifyEvidence(copy)).problems).toEqual([expect.objectContaining({ file: 'manifest.json', problem: 'changed', detail: expect.stringMatching(/^says audit\.csv is 1 bytes; it is \d+ and matches its SHA-256, so the manifest was edited$/) })]);
    writeFileSync(path, original);
    expect((await verifyEvidence(copy)).ok).toBe(true);
  });

  it('names a data file removed together with its manifest line', async () => {
    const copy = join(packs, 'dropped-audit');
    await exportEvidence(store, september, { outDir: copy, actor: 'rita', viewer: 'everyone', pdf: false });
    const path = join(copy, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { files: Array<{ path: string }> };
    manifest.files = manifest.files.filter((f) => f.path !== 'audit.csv');
    writeFileSync(path, JSON.stringify(manifest, null, 2) + '\n');
    rmSync(join(copy, 'audit.csv'));
    expect((await verifyEvidence(copy)).problems).toEqual([
      { file: 'audit.csv', problem: 'missing', detail: 'is neither in the folder nor in the manifest, though every kt evidence pack holds it: it was removed with its manifest line' },
    ]);
  });

  it('limits the pack to teams and ids, and refuses ids outside the scope', async () => {
    const red = await exportEvidence(store, { ...september, team: ['red'], escalation: ['esc_evt_100_00'] }, { outDir: join(packs, 'one'), actor: 'rita', viewer: 'everyone', pdf: false });
    expect(red.manifest.counts.escalations).toBe(1);
    const outside = join(packs, 'outside');
    await expect(exportEvidence(store, { ...september, team: ['blue'], escalation: ['esc_evt_100_00'] }, { outDir: outside, actor: 'rita', viewer: 'everyone', pdf: false }))
      .rejects.toThrow(/Escalation esc_evt_100_00 is not a resolved escalation in the scope/);
    expect(existsSync(outside)).toBe(false);
  });

  it('cuts a long request and a response to a bounded, escaped excerpt in the document, the data files keeping them whole', async () => {
    const request = `<script>alert(1)</script> ${'A'.repeat(5_000)}`;
    const response = 'Sure.\nHere is the answer.';
    await store.run('UPDATE events SET request = ?, response = ? WHERE id = ?', [request, response, 'evt_100_00']);
    try {
      const out = join(packs, 'long');
      await exportEvidence(store, { ...september, escalation: ['esc_evt_100_00'] }, { outDir: out, actor: 'rita', viewer: 'everyone', pdf: false });
      const html = readFileSync(join(out, 'evidence.html'), 'utf8');
      const excerpt = /<span class="label">Request<\/span> (.*?) <span class="muted">\(first 600 of 5,026 characters\)<\/span>/.exec(html);
      expect(excerpt?.[1]).toBe(`<bdi>&lt;script&gt;alert(1)&lt;/script&gt; ${'A'.repeat(600 - 26)}…</bdi>`);
      expect(html).not.toContain('<script>');
      expect(html).toContain('<span class="label">Response</span> <bdi>Sure. ↵ Here is the answer.</bdi></div>');
      expect(readFileSync(join(out, 'events.csv'), 'utf8')).toContain('A'.repeat(5_000));
    } finally {
      await store.run('UPDATE events SET request = ?, response = NULL WHERE id = ?', ['how do I kill a python process', 'evt_100_00']);
    }
  });

  it('writes text a spreadsheet would run as a formula as text in the CSV files, as stored in Parquet', async () => {
    // A gateway user writes the prompt, so it is outsiders' text: opened in a spreadsheet, =cmd|… would run.
    const request = "=cmd|' /C calc'!A0";
    await store.run('UPDATE events SET request = ?, response = ? WHERE id = ?', [request, '@SUM(1+1)', 'evt_100_00']);
    try {
      const out = join(packs, 'formula');
      const pack = await exportEvidence(store, { ...september, escalation: ['esc_evt_100_00'] }, { outDir: out, actor: 'rita', viewer: 'everyone', pdf: false });
      const csv = readFileSync(join(out, 'events.csv'), 'utf8');
      expect(csv).toContain(`,'=cmd|' /C calc'!A0,`);
      expect(csv).toContain(`'@SUM(1+1)`);
      expect(csv).not.toMatch(/(^|,)"?[=@]/m);
      // The CSV reads back with the same rows; Parquet keeps the text as stored.
      const [row] = await store.all<{ request: string; response: string }>('SELECT request, response FROM read_parquet(?)', [join(out, 'events.parquet')]);
      expect(row).toEqual({ request, response: '@SUM(1+1)' });
      expect((await verifyEvidence(out)).ok).toBe(true);
      expect(pack.manifest.files.find((f) => f.path === 'events.csv')?.rows).toBe(1);
    } finally {
      await store.run('UPDATE events SET request = ?, response = NULL WHERE id = ?', ['how do I kill a python process', 'evt_100_00']);
    }
  });

  it('refuses a non-empty folder and a limited exporter asking for another team', async () => {
    await expect(exportEvidence(store, september, { outDir: dir, actor: 'rita', viewer: 'everyone', pdf: false })).rejects.toThrow(/is not empty/);
    const viewer = { id: 'gina', role: 'compliance' as const, teams: ['green'] };
    await expect(exportEvidence(store, { ...september, team: ['red'] }, { outDir: join(packs, 'x'), actor: 'gina', viewer, pdf: false })).rejects.toThrow(/may not export team red/);
    const green = await exportEvidence(store, september, { outDir: join(packs, 'green'), actor: 'gina', viewer, pdf: false });
    expect(green.manifest.scope.visible_teams).toEqual(['green']);
    expect(green.manifest.counts.escalations).toBeLessThan(22);
  });
});

describe('evidence export of a scope with nothing resolved', () => {
  it('says in the document that no escalation was resolved in the scope, rather than leaving the section empty', async () => {
    const dir = join(packs, 'empty');
    await exportEvidence(store, { from: '2026-01-01', to: '2026-02-01', reason: 'nothing here' }, { outDir: dir, actor: 'rita', viewer: 'everyone', pdf: false, now: new Date('2026-10-02T09:00:00Z') });
    const text = readFileSync(join(dir, 'evidence.html'), 'utf8').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('No escalation was resolved in this scope: the pack holds no items');
    expect(text).toContain('No escalations, so no linked events and no configuration.');
    expect(text).not.toContain('The linked events name no configuration.');
  });
});
