import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKt } from '../kt-bin.js';
import { openStore } from '../../src/store/database.js';
import { fixtureStoreFile } from '../reports/fixture.js';

// kt evidence export, list and verify as whole processes on the reports fixture (HTML only: no Chromium).

let dir: string;
let db: string;
let cleanup: () => void;
beforeAll(async () => {
  ({ dir, db, cleanup } = await fixtureStoreFile());
});
afterAll(() => cleanup());

describe('kt evidence export | list | verify', () => {
  it('lists the packs it exported, newest first, with where each lies, and verifies them', async () => {
    const out = join(dir, 'q3-pack');
    const exported = await runKt(['evidence', 'export', '--db', db, '--from', '2026-09-01', '--to', '2026-10-01', '--team', 'red',
      '--reason', 'Q3 audit', '--out', out, '--no-pdf', '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    const pack = JSON.parse(exported.stdout) as { pack_id: string; counts: { escalations: number } };
    const second = await runKt(['evidence', 'export', '--db', db, '--from', '2026-09-01', '--to', '2026-10-01', '--out', join(dir, 'all'), '--no-pdf', '--json']);
    const newest = JSON.parse(second.stdout) as { pack_id: string };

    const listed = await runKt(['evidence', 'list', '--db', db, '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const packs = JSON.parse(listed.stdout) as Array<{ pack_id: string; dir: string; reason: string | null; scope: { teams: string[] }; counts: { escalations: number } }>;
    expect(packs.map((p) => p.pack_id)).toEqual([newest.pack_id, pack.pack_id]);
    expect(packs[1]).toMatchObject({ dir: out, reason: 'Q3 audit', scope: { teams: ['red'] }, counts: { escalations: pack.counts.escalations } });

    const text = await runKt(['evidence', 'list', '--db', db]);
    expect(text.stdout.split('\n')[0]).toMatch(/^pack\s+exported\s+by\s+resolved_from\s+to\s+teams\s+escalations\s+dir$/);
    expect(text.stdout).toMatch(new RegExp(`${pack.pack_id}\\s.*2026-09-01\\s+2026-10-01\\s+red\\s+${pack.counts.escalations}\\s`));
    expect(text.stdout).toMatch(new RegExp(`${newest.pack_id}\\s.*\\sall\\s`));

    const verified = await runKt(['evidence', 'verify', '--db', db, out]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^OK: 9 files match the manifest/);
    expect(verified.stdout).toMatch(/The audit log of .* recorded this manifest \(entry \d+\) and still holds the chain head it names/);
    expect(pack.counts.escalations).toBeGreaterThan(0);
  });

  it('refuses a period that ends before it starts, or a time it cannot read, naming the flags', async () => {
    const out = join(dir, 'inverted-pack');
    const inverted = await runKt(['evidence', 'export', '--db', db, '--from', '2026-10-01', '--to', '2026-09-01', '--out', out, '--no-pdf']);
    expect(inverted.code).toBe(2);
    expect(inverted.stderr).toBe('kt: --from must be before --to.\n');
    const unreadable = await runKt(['evidence', 'export', '--db', db, '--from', '2026-09-01', '--to', 'soon', '--out', out, '--no-pdf']);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toBe('kt: --to "soon" must be a day like 2026-07-01 or an RFC 3339 time like 2026-07-01T00:00:00Z.\n');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a team no event belongs to, naming the teams, instead of exporting an empty pack', async () => {
    const out = join(dir, 'misspelt-pack');
    const refused = await runKt(['evidence', 'export', '--db', db, '--from', '2026-09-01', '--to', '2026-10-01', '--team', 'rde', '--out', out, '--no-pdf']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('kt: Unknown team rde: no event belongs to it; the teams are blue, green, red.\n');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a pack whose file and manifest were rewritten together, against the store it came from', async () => {
    const out = join(dir, 'forged');
    const exported = await runKt(['evidence', 'export', '--db', db, '--from', '2026-09-01', '--to', '2026-10-01', '--out', out, '--no-pdf', '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    // An outcome changed in the CSV, and the manifest's line for it made to match: the pack alone still checks out.
    const csv = join(out, 'escalations.csv');
    const original = readFileSync(csv, 'utf8');
    expect(original).toContain(',approved,');
    writeFileSync(csv, original.replace(',approved,', ',denied,'));
    const manifestPath = join(out, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: Array<{ path: string; sha256: string; bytes: number }> };
    const line = manifest.files.find((f) => f.path === 'escalations.csv')!;
    line.sha256 = createHash('sha256').update(readFileSync(csv)).digest('hex');
    line.bytes = statSync(csv).size;
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));

    const alone = await runKt(['evidence', 'verify', '--db', join(dir, 'no-such-store.duckdb'), out]);
    expect(alone.code, alone.stderr).toBe(0);
    expect(alone.stdout).toMatch(/Not checked against an audit log: no kt store at/);
    const against = await runKt(['evidence', 'verify', '--db', db, out]);
    expect(against.code).toBe(3);
    expect(against.stdout).toMatch(/^AUDIT: manifest.json hashes otherwise than the audit log recorded: SHA-256 is [0-9a-f]{64}, entry \d+ recorded [0-9a-f]{64}; its reason, scope, counts and chain head are as the entry recorded, so its list of files \(or another field\) was edited$/m);
    const json = JSON.parse((await runKt(['evidence', 'verify', '--db', db, '--json', out])).stdout) as { ok: boolean; audit: { checked: boolean; note: string } };
    expect(json).toMatchObject({ ok: false, audit: { checked: true } });
    expect(json.audit.note).toMatch(/^Checked against the audit log of .* \(entry \d+\): it disagrees with the pack \(the audit problems\)\.$/);
  });

  it('names the manifest field edited against its export entry, and does not blame the intact log for a head moved in the manifest', async () => {
    const out = join(dir, 'moved-head');
    const exported = await runKt(['evidence', 'export', '--db', db, '--from', '2026-09-01', '--to', '2026-10-01', '--out', out, '--no-pdf', '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    const manifestPath = join(out, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { reason: string | null; audit_chain_head: { seq: number } };
    manifest.audit_chain_head.seq -= 1;
    manifest.reason = 'a routine check';
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');

    const against = await runKt(['evidence', 'verify', '--db', db, out]);
    expect(against.code).toBe(3);
    expect(against.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^AUDIT: manifest.json hashes otherwise than the audit log recorded: SHA-256 is [0-9a-f]{64}, entry \d+ recorded [0-9a-f]{64}; what differs from the entry: reason, audit_chain_head$/),
    ]);
    expect((await runKt(['audit', 'verify', '--db', db])).code).toBe(0);
  });

  it('names a pack whose export entry the log lacks: cut off with its chain head (not "not checked"), or a store copied before the export', async () => {
    const before = join(dir, 'before.duckdb');
    copyFileSync(db, before);
    const firstOut = join(dir, 'cut-1');
    const first = JSON.parse((await runKt(['evidence', 'export', '--db', db, '--from', '2026-09-01', '--to', '2026-10-01', '--out', firstOut, '--no-pdf', '--json'])).stdout) as { audit_seq: number };
    // A copy of the store taken just before the export holds the pack's head but not its export: not proof of tampering alone.
    expect((await runKt(['evidence', 'verify', '--db', before, firstOut])).stdout).toMatch(/^AUDIT: manifest.json names audit chain head \d+, which this store's audit log holds, but the log has no record of the export: the entry was removed \(or the store is a copy made before the export\)$/m);
    const out = join(dir, 'cut-2');
    const second = await runKt(['evidence', 'export', '--db', db, '--from', '2026-09-01', '--to', '2026-10-01', '--out', out, '--no-pdf', '--json']);
    expect(second.code, second.stderr).toBe(0);
    // Two exports in a row cut off a copy of the store: the second pack's head (the first export's entry) is gone with them.
    const cut = join(dir, 'cut.duckdb');
    copyFileSync(db, cut);
    const store = await openStore(cut);
    await store.run('DELETE FROM audit WHERE seq >= ?', [first.audit_seq]);
    store.close();
    expect((await runKt(['audit', 'verify', '--db', cut])).code).toBe(0); // the chain alone cannot show it

    const against = await runKt(['evidence', 'verify', '--db', cut, out]);
    expect(against.code).toBe(3);
    const json = JSON.parse((await runKt(['evidence', 'verify', '--db', cut, '--json', out])).stdout) as { audit: { checked: boolean; entry: number | null; note: string } };
    expect(json.audit).toMatchObject({ checked: true, entry: null, note: expect.stringMatching(/, which no longer records the export: it disagrees with the pack/) });
    expect(against.stdout).toMatch(new RegExp(`^AUDIT: manifest.json names audit chain head ${first.audit_seq}, which this store's audit log no longer holds, though it holds entry \\d+ of the pack's audit data: the entries after it, the export's among them, were removed or rewritten`, 'm'));
    // Another store altogether (a new one here) is still only "not checked".
    const other = join(dir, 'other.duckdb');
    (await openStore(other)).close();
    const elsewhere = await runKt(['evidence', 'verify', '--db', other, out]);
    expect(elsewhere.code, elsewhere.stdout).toBe(0);
    expect(elsewhere.stdout).toMatch(/Not checked against an audit log: the store .* has no record of exporting this pack/);
  });
});
