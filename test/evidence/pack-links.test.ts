import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportEvidence } from '../../src/evidence/export.js';
import { evidencePackFiles, type EvidencePack } from '../../src/evidence/packs.js';
import { stagingDir } from '../../src/evidence/staging.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { chainHead } from '../../src/store/audit.js';
import { openStore, type Store } from '../../src/store/database.js';
import { fixtureStore } from '../reports/fixture.js';

// A pack holds only regular files: links inside one are named by verify, never followed; an export never writes through one.

let store: Store;
let packs: string;
let outside: string;
let pristine: string;
let cleanup: () => void;
beforeAll(async () => {
  const fixture = await fixtureStore();
  const path = fixture.store.path;
  fixture.store.close();
  packs = mkdtempSync(join(tmpdir(), 'kt-pack-links-'));
  outside = mkdtempSync(join(tmpdir(), 'kt-outside-'));
  store = await openStore(path, { allowedDirectories: [packs] });
  pristine = join(packs, 'pristine');
  await exportEvidence(store, { from: '2026-09-01', to: '2026-10-01' }, { outDir: pristine, actor: 'rita', viewer: 'everyone', pdf: false });
  cleanup = () => { store.close(); fixture.cleanup(); rmSync(packs, { recursive: true, force: true }); rmSync(outside, { recursive: true, force: true }); };
});
afterAll(() => cleanup());

/** A fresh copy of the exported pack to tamper with. */
function copyOfPack(name: string): string {
  const dir = join(packs, name);
  cpSync(pristine, dir, { recursive: true });
  return dir;
}

describe('evidence verify: links in a pack', () => {
  it('verifies the untouched pack, also when the folder named is itself a link to it', async () => {
    expect(await verifyEvidence(pristine)).toMatchObject({ ok: true, problems: [] });
    const link = join(outside, 'link-to-pack');
    symlinkSync(pristine, link);
    expect(await verifyEvidence(link)).toMatchObject({ ok: true, dir: link, problems: [] });
  });

  it('names a link loop once and does not follow it', async () => {
    const dir = copyOfPack('loop');
    symlinkSync('.', join(dir, 'loop'));
    const result = await verifyEvidence(dir);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ file: 'loop', problem: 'not_a_file', detail: 'is a symbolic link (to .); a pack holds only regular files, and kt does not follow links' }]);
  });

  it('does not take a listed file from outside the pack through a link, even one with the right content', async () => {
    const dir = copyOfPack('borrowed');
    renameSync(join(dir, 'escalations.csv'), join(outside, 'escalations.csv'));
    symlinkSync(join(outside, 'escalations.csv'), join(dir, 'escalations.csv'));
    const result = await verifyEvidence(dir);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ file: 'escalations.csv', problem: 'not_a_file', detail: expect.stringMatching(/^is a symbolic link \(to .*escalations\.csv\)/) }]);
  });

  it('names a linked folder without listing what lies behind it', async () => {
    const dir = copyOfPack('linked-folder');
    const elsewhere = join(outside, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'secret.txt'), 'not part of any pack');
    symlinkSync(elsewhere, join(dir, 'extra'));
    const result = await verifyEvidence(dir);
    expect(result.problems.map((p) => [p.file, p.problem])).toEqual([['extra', 'not_a_file']]);
  });

  it('refuses a manifest that is a link, naming it', async () => {
    const dir = copyOfPack('linked-manifest');
    renameSync(join(dir, 'manifest.json'), join(outside, 'manifest.json'));
    symlinkSync(join(outside, 'manifest.json'), join(dir, 'manifest.json'));
    await expect(verifyEvidence(dir)).rejects.toThrow(/manifest\.json is a symbolic link \(to .*\); a pack holds only regular files/);
  });

  it('never serves a linked file from a pack (download or zip)', () => {
    const dir = copyOfPack('served');
    writeFileSync(join(outside, 'passwd'), 'root:x:0:0');
    rmSync(join(dir, 'evidence.html'));
    symlinkSync(join(outside, 'passwd'), join(dir, 'evidence.html'));
    const pack = { pack_id: 'evd_test', served_dir: dir } as EvidencePack;
    const files = evidencePackFiles(pack);
    expect(files.find((f) => f.name === 'evidence.html')?.bytes).toBeNull();
    expect(files.find((f) => f.name === 'escalations.csv')?.bytes).toBeGreaterThan(0);
  });
});

describe('evidence export: never through a link', () => {
  const september = { from: '2026-09-01', to: '2026-10-01' };

  it('refuses an out folder that is a link (to an empty folder, or to nothing), writing nothing and auditing nothing', async () => {
    const target = join(outside, 'empty-target');
    mkdirSync(target);
    const before = await chainHead(store);
    for (const [name, to] of [['to-empty', target], ['dangling', join(outside, 'not-there')]] as const) {
      const out = join(packs, name);
      symlinkSync(to, out);
      await expect(exportEvidence(store, september, { outDir: out, actor: 'rita', viewer: 'everyone', pdf: false }))
        .rejects.toThrow(`${out} is a symbolic link; an evidence pack needs a new or empty folder, and kt does not write through links.`);
    }
    expect(readdirSync(target)).toEqual([]);
    expect(existsSync(join(outside, 'not-there'))).toBe(false);
    expect(readdirSync(packs).filter((n) => n.includes('.kt-export.'))).toEqual([]);
    expect(await chainHead(store)).toEqual(before);
  });

  it('refuses a link placed where the pack is staged, writing nothing through it', async () => {
    const out = join(packs, 'staged-link');
    const target = join(outside, 'staging-target');
    mkdirSync(target);
    for (const to of [target, join(outside, 'staging-not-there')]) {
      symlinkSync(to, stagingDir(out));
      await expect(exportEvidence(store, september, { outDir: out, actor: 'rita', viewer: 'everyone', pdf: false }))
        .rejects.toThrow(/is a symbolic link; kt does not write through links/);
      rmSync(stagingDir(out));
    }
    expect(readdirSync(target)).toEqual([]);
    expect(existsSync(join(outside, 'staging-not-there'))).toBe(false);
    expect(existsSync(out)).toBe(false);
  });
});
