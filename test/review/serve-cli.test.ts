import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { projectRoot } from '../../src/store/queries.js';
import { createUser } from '../../src/store/users.js';
import { kt } from './cli.js';
import { ktBin } from '../kt-bin.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kt-serve-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** An evidence export into the server's evidence folder, killed with SIGKILL while it writes its data files. */
async function cutShortExport(db: string, packDir: string): Promise<void> {
  const child = spawn(process.execPath, [join(projectRoot, 'test', 'reliability', 'evidence-export-child.mjs'), db, packDir, 'data:3'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  child.stdout.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('paused')) child.kill('SIGKILL');
  });
  await once(child, 'exit');
  clearTimeout(timer);
}

describe('kt serve', () => {
  it('serves the API on 127.0.0.1, settles what a killed evidence export left, and stops cleanly on SIGTERM', async () => {
    const db = join(dir, 'kt.duckdb');
    const store = await openStore(db);
    const { token } = await createUser(store, { id: 'root', role: 'admin' }, 'test');
    store.close();
    const evidence = join(dir, 'evidence');
    await cutShortExport(db, join(evidence, 'pack-cut'));
    const [left] = readdirSync(evidence);
    expect(left).toMatch(/^\.pack-cut\.kt-export\./);

    const child = spawn(process.execPath, [ktBin, '--db', db, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`kt serve did not start: ${out}`)), 30_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = out.match(/on (http:\/\/127\.0\.0\.1:\d+)/);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
      });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(out).toContain(`kt: removed ${join(evidence, left!)}, left by an evidence export that was cut short`);
      expect(readdirSync(evidence)).toEqual([]);
      expect(existsSync(join(evidence, 'pack-cut'))).toBe(false);
      const users = await fetch(`${url}/api/users`, { headers: { Authorization: `Bearer ${token}` } });
      expect(await users.json()).toMatchObject({ users: [{ id: 'root', role: 'admin' }] });
      expect((await fetch(`${url}/api/users`)).status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('refuses a bad port with a clear sentence', async () => {
    const bad = await kt(['--db', join(dir, 'kt.duckdb'), 'serve', '--port', 'eighty']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('kt: --port: expected a whole number from 0 to 65535, got "eighty"\n');
  });
});
