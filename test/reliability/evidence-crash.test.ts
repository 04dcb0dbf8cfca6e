import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportEvidence } from '../../src/evidence/export.js';
import { listEvidencePacks } from '../../src/evidence/packs.js';
import { settleAbandonedExports, stagingDir } from '../../src/evidence/staging.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { verifyAudit } from '../../src/store/audit.js';
import { openStore, type Store } from '../../src/store/database.js';
import { projectRoot } from '../../src/store/queries.js';
import { fixtureStore } from '../reports/fixture.js';

/**
 * Crash safety of evidence export: a child process exporting a pack is killed with
 * SIGKILL at each step. A pack folder must then hold a whole pack or nothing; what the
 * export left must be settled by the next export into the folder (or `kt serve`): a
 * pack the audit log had already recorded is moved into place, anything else removed.
 */
let db: string;
let packs: string;
let cleanup: () => void;
beforeAll(async () => {
  const fixture = await fixtureStore();
  db = fixture.store.path;
  fixture.store.close();
  packs = mkdtempSync(join(tmpdir(), 'kt-crash-packs-'));
  cleanup = () => { fixture.cleanup(); rmSync(packs, { recursive: true, force: true }); };
});
afterAll(() => cleanup());

/** Runs the child export into `dir` until it stops at `pauseAt`, then kills it. */
async function exportKilledAt(dir: string, pauseAt: string): Promise<void> {
  const child = join(projectRoot, 'test', 'reliability', 'evidence-export-child.mjs');
  expect(existsSync(join(projectRoot, 'dist', 'evidence', 'export.js')), 'run `npm run build` first: the child runs the built code').toBe(true);
  const exporter = spawn(process.execPath, [child, db, dir, pauseAt], { stdio: ['ignore', 'pipe', 'inherit'] });
  let said = '';
  const timer = setTimeout(() => exporter.kill('SIGKILL'), 30_000);
  exporter.stdout.on('data', (chunk: Buffer) => {
    said += chunk.toString();
    if (said.includes(`paused ${pauseAt}`)) exporter.kill('SIGKILL');
  });
  const [code, signal] = (await once(exporter, 'exit')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  expect({ said: said.trim(), code, signal }).toEqual({ said: `paused ${pauseAt}`, code: null, signal: 'SIGKILL' });
}

function leftBeside(dir: string): string[] {
  const name = dir.slice(dir.lastIndexOf('/') + 1);
  return readdirSync(packs).filter((entry) => entry.startsWith(`.${name}.kt-export.`));
}

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(db, { allowedDirectories: [packs] });
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

const september = { from: '2026-09-01', to: '2026-10-01', reason: 'again, after the crash' };

describe('an evidence export killed before it is recorded', () => {
  for (const pauseAt of ['select', 'data:3', 'document', 'digest', 'audit']) {
    it(`at ${pauseAt} leaves no pack folder, no audit entry, and a re-run that just works`, async () => {
      const dir = join(packs, `cut-at-${pauseAt.replace(':', '-')}`);
      const packsBefore = await withStore((store) => listEvidencePacks(store, 'everyone'));
      await exportKilledAt(dir, pauseAt);

      expect(existsSync(dir)).toBe(false);
      expect(leftBeside(dir)).toHaveLength(1);
      await withStore(async (store) => {
        expect(await listEvidencePacks(store, 'everyone')).toHaveLength(packsBefore.length);
        expect(await verifyAudit(store)).toMatchObject({ ok: true });
        const again = await exportEvidence(store, september, { outDir: dir, actor: 'rita', viewer: 'everyone', pdf: false });
        expect(again.manifest.counts.escalations).toBe(22);
        expect(await listEvidencePacks(store, 'everyone')).toHaveLength(packsBefore.length + 1);
      });
      expect(leftBeside(dir)).toEqual([]);
      expect(await verifyEvidence(dir)).toMatchObject({ ok: true, files_checked: 9 });
    });
  }
});

describe('an evidence export killed after it is recorded, before its pack is moved into place', () => {
  it('has its pack completed into the folder by the next export there, which then refuses the full folder', async () => {
    const dir = join(packs, 'cut-at-publish');
    await exportKilledAt(dir, 'publish');
    expect(existsSync(dir)).toBe(false);
    expect(leftBeside(dir)).toHaveLength(1);

    await withStore(async (store) => {
      const [recorded] = await listEvidencePacks(store, 'everyone');
      expect(recorded).toMatchObject({ dir, reason: 'crash test' });
      await expect(exportEvidence(store, september, { outDir: dir, actor: 'rita', viewer: 'everyone', pdf: false }))
        .rejects.toThrow(/is not empty: it holds the pack of an export that was cut short after it was recorded/);
      const check = await verifyEvidence(dir);
      expect(check).toMatchObject({ ok: true, manifest_sha256: recorded!.manifest_sha256 });
    });
    expect(leftBeside(dir)).toEqual([]);
  });

  it('has its pack moved into an empty folder made for it, as kt serve settles its evidence folder', async () => {
    const dir = join(packs, 'made-empty');
    mkdirSync(dir);
    await exportKilledAt(dir, 'publish');
    expect(readdirSync(dir)).toEqual([]);
    await exportKilledAt(join(packs, 'never-recorded'), 'digest');

    const settled = await withStore((store) => settleAbandonedExports(store, packs));
    expect(settled.completed).toEqual([dir]);
    expect(settled.removed).toHaveLength(1);
    expect(settled.removed[0]).toContain('.never-recorded.kt-export.');
    expect(await verifyEvidence(dir)).toMatchObject({ ok: true });
    expect(readdirSync(packs).filter((entry) => entry.startsWith('.'))).toEqual([]);
  });
});

describe('the process an export was staged by', () => {
  it('counts as gone when it is a zombie nobody has reaped yet (as in a container whose init does not reap)', async () => {
    // `sh` starts a child and becomes `sleep` at once; the child exits a moment later under a parent that never reaps it.
    const parent = spawn('sh', ['-c', 'sleep 1 & echo $!; exec sleep 20'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const [line] = (await once(parent.stdout, 'data')) as [Buffer];
    const pid = Number(line.toString().trim());
    try {
      for (let i = 0; i < 250 && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '); i++) await new Promise((r) => setTimeout(r, 20));
      expect(readFileSync(`/proc/${pid}/stat`, 'utf8')).toContain(') Z ');
      const staging = stagingDir(join(packs, 'zombie'), pid);
      mkdirSync(staging);
      writeFileSync(join(staging, 'audit.csv'), 'seq\n');
      const settled = await withStore((store) => settleAbandonedExports(store, packs));
      expect(settled).toEqual({ completed: [], removed: [staging] });
      expect(existsSync(staging)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});

describe('an export running in this process', () => {
  it('is left alone by the settling (its process is alive)', async () => {
    const dir = join(packs, 'running');
    await withStore(async (store) => {
      let settledMeanwhile: Awaited<ReturnType<typeof settleAbandonedExports>> | undefined;
      let stagedMeanwhile: string[] = [];
      await exportEvidence(store, september, {
        outDir: dir, actor: 'rita', viewer: 'everyone', pdf: false,
        onStep: (step) => {
          if (step.step !== 'document') return;
          stagedMeanwhile = leftBeside(dir);
          void settleAbandonedExports(store, packs).then((s) => { settledMeanwhile = s; });
        },
      });
      expect(stagedMeanwhile).toHaveLength(1);
      expect(settledMeanwhile).toEqual({ completed: [], removed: [] });
    });
    expect(await verifyEvidence(dir)).toMatchObject({ ok: true });
  });
});
