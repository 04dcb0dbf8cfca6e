import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/index.js';
import { verifyAudit } from '../../src/store/audit.js';
import { openStore } from '../../src/store/database.js';
import { projectRoot } from '../../src/store/queries.js';
import { event, fixture, storeTotals, tempStore, writeBigFile, type TempStore } from './helpers.js';

// A kill while ingest reads its file is the atomicity test's. These kill the ingest while it
// writes the store: inside the merge's transaction, at each of its writing statements, and
// as it commits. Whatever the moment, the store must reopen with all of the file or none of it,
// its audit chain intact, and a re-run must end at the exact count.

const n = 20_000;
const child = join(projectRoot, 'test', 'ingest', 'ingest-kill-child.mjs');

let ctx: TempStore;
let file: string;
let before: Awaited<ReturnType<typeof storeTotals>>;
beforeAll(async () => {
  expect(existsSync(join(projectRoot, 'dist', 'ingest', 'index.js')), 'run `npm run build` first: the child process runs the built code').toBe(true);
  ctx = await tempStore();
  await ingestFile(ctx.store, 'events', fixture('events.ndjson'));
  before = await storeTotals(ctx.store);
  file = join(ctx.dir, 'big.ndjson');
  await writeBigFile(file, n);
  ctx.store.close();
});
afterAll(() => ctx.done());

const after = () => ({ events: before.events + n, escalations: before.escalations + n / 10, audit: before.audit + n / 10 + 1 });

/**
 * Runs the ingest in a child and kills it (SIGKILL) as soon as it starts the `nth` statement
 * beginning with `head` after the merge's transaction began. Returns what the child printed.
 */
async function killAt(path: string, head: string, nth = 1): Promise<{ statements: string[]; reader?: string }> {
  const proc = spawn(process.execPath, [child, ctx.db, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const statements: string[] = [];
  let merging = false;
  let seen = 0;
  let pending = '';
  proc.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      statements.push(line);
      if (line === 'statement BEGIN TRANSACTION') merging = true;
      if (merging && line.startsWith(`statement ${head}`) && ++seen === nth) proc.kill('SIGKILL');
    }
  });
  const [code, signal] = (await once(proc, 'exit')) as [number | null, NodeJS.Signals | null];
  // Killed, never finished: a statement renamed away from `head` would end here, not pass.
  expect({ code, signal, committed: statements.some((s) => s.startsWith('committed')) }).toEqual({ code: null, signal: 'SIGKILL', committed: false });
  return { statements, reader: statements.includes('statement ROLLBACK') ? 'zod' : 'duckdb' };
}

async function reopened(): Promise<{ totals: Awaited<ReturnType<typeof storeTotals>>; chain: boolean }> {
  const store = await openStore(ctx.db);
  try {
    return { totals: await storeTotals(store), chain: (await verifyAudit(store)).ok };
  } finally {
    store.close();
  }
}

describe('an ingest killed while it writes the store', () => {
  it.each([
    ['the hourly traffic merge', 'MERGE INTO event_traffic_hourly'],
    ['the insert into events', 'INSERT INTO events'],
    ['the automatic escalations', 'INSERT INTO escalations'],
    ['the escalations\' event fields', 'UPDATE escalations SET'],
    ['the cleanup after the audit entries', 'DROP VIEW IF EXISTS ingest_event_latest'],
  ])('during %s (DuckDB reader) leaves the store as before', async (_, head) => {
    const { reader } = await killAt(file, head);
    expect(reader).toBe('duckdb');
    expect(await reopened()).toEqual({ totals: before, chain: true });
  });

  it('during the insert into events on the zod path (a file with a bad row) leaves the store as before', async () => {
    const path = join(ctx.dir, 'with-bad-row.ndjson');
    writeFileSync(path, readFileSync(file, 'utf8') + JSON.stringify(event('evt_bad', { timestamp: 'yesterday' })) + '\n');
    const { reader } = await killAt(path, 'INSERT INTO events');
    expect(reader).toBe('zod');
    expect(await reopened()).toEqual({ totals: before, chain: true });
  });

  it('at the commit leaves all of the file or none of it; a re-run ends at the exact count', async () => {
    await killAt(file, 'COMMIT');
    const { totals, chain } = await reopened();
    expect(chain).toBe(true);
    expect([before, after()]).toContainEqual(totals);

    const store = await openStore(ctx.db, { allowedDirectories: [ctx.dir] });
    try {
      const report = await ingestFile(store, 'events', file);
      expect(report.reader).toBe('duckdb');
      expect(report.inserted + report.unchanged).toBe(n);
      expect(await storeTotals(store)).toEqual(after());
      expect((await verifyAudit(store)).ok).toBe(true);
    } finally {
      store.close();
    }
  });
});
