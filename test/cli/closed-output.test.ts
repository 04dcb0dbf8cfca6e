import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { fixtureDb, fixtureEvents, insertEvents, removeDir } from '../events/fixture.js';
import { ktBin } from '../kt-bin.js';

interface ClosedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stdout: string;
}

/**
 * Runs the built kt with its stdout (or stderr) piped into a reader that goes away: at once, or
 * after the first chunk, like `kt … | head -1`. What kt says on the other stream is kept.
 */
function runClosing(args: string[], close: { stream: 'stdout' | 'stderr'; when: 'at-once' | 'after-first-chunk' }): Promise<ClosedRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ktBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const closing = child[close.stream];
    const kept = close.stream === 'stdout' ? child.stderr : child.stdout;
    let keptText = '';
    kept.on('data', (chunk: Buffer) => (keptText += chunk.toString()));
    if (close.when === 'at-once') closing.destroy();
    else closing.once('data', () => closing.destroy());
    child.on('close', (code, signal) =>
      resolve({ code, signal, stderr: close.stream === 'stdout' ? keptText : '', stdout: close.stream === 'stderr' ? keptText : '' }));
  });
}

let dir: string;
let db: string;
beforeAll(async () => {
  ({ dir, db } = await fixtureDb());
  // Far more than a pipe holds (64 KiB), so kt is still writing when the reader has gone.
  const store = await openStore(db);
  try {
    const [template] = fixtureEvents();
    const many = Array.from({ length: 800 }, (_, i) => ({ ...template!, id: `evt_many_${String(i).padStart(4, '0')}`, request: `row ${i} `.repeat(100) }));
    await insertEvents(store, many);
  } finally {
    store.close();
  }
});
afterAll(() => removeDir(dir));

describe('kt with its output closed by the reader', () => {
  it('`kt users --help | head -1`: exits 0, no stack trace', async () => {
    const run = await runClosing(['users', '--help'], { stream: 'stdout', when: 'at-once' });
    expect(run.stderr).toBe('');
    expect(run).toMatchObject({ code: 0, signal: null });
  });

  it('`kt events tail --json | head -2`: stops quietly once the reader is gone', async () => {
    const run = await runClosing(['--db', db, 'events', 'tail', '--since', '3650d', '--limit', '5000', '--json'], { stream: 'stdout', when: 'after-first-chunk' });
    expect(run.stderr).toBe('');
    expect(run).toMatchObject({ code: 0, signal: null });
  });

  it('`kt events tail | head -2` (the table): the same', async () => {
    const run = await runClosing(['--db', db, 'events', 'tail', '--since', '3650d', '--limit', '5000'], { stream: 'stdout', when: 'after-first-chunk' });
    expect(run.stderr).toBe('');
    expect(run).toMatchObject({ code: 0, signal: null });
  });

  it('keeps the exit code of a refusal whose stderr was closed', async () => {
    const run = await runClosing(['--db', db, 'events', 'tail', '--since', '5x'], { stream: 'stderr', when: 'at-once' });
    expect(run).toMatchObject({ code: 2, signal: null, stdout: '' });
  });
});

describe('kt with a real write error on its output', () => {
  it.runIf(existsSync('/dev/full'))('says so in one sentence and exits non-zero (a full disk is not a closed reader)', async () => {
    // /dev/full refuses every write with ENOSPC, as a full disk behind `kt … > file` would.
    const full = openSync('/dev/full', 'w');
    try {
      const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [ktBin, 'users', '--help'], { stdio: ['ignore', full, 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => resolve({ code, stderr }));
      });
      expect(run.stderr).toMatch(/^kt: cannot write to standard output: .*ENOSPC.*\n$/);
      expect(run.code).toBe(1);
    } finally {
      closeSync(full);
    }
  });
});
