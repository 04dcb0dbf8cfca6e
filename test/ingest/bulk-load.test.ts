import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/index.js';
import { verifyAudit } from '../../src/store/audit.js';
import { openStore } from '../../src/store/database.js';
import { projectRoot } from '../../src/store/queries.js';
import { breakStatement, escalateEvent, event, storeTotals, tempStore, writeBigFile, type TempStore } from './helpers.js';

// Into a store without events, DuckDB's reader puts a file's rows straight into `events` (the bulk
// load) and finishes, counts and escalates them in the same transaction. Whatever breaks it, or
// kills it, the store must hold all of the file or none of it, and the next run load it whole.

const n = 20_000;
const child = join(projectRoot, 'test', 'ingest', 'ingest-kill-child.mjs');
const empty = { events: 0, escalations: 0, audit: 0 };
const whole = { events: n, escalations: n / 10, audit: n / 10 + 1 };

let ctx: TempStore;
let file: string;
beforeEach(async () => {
  ctx = await tempStore();
  file = join(ctx.dir, 'big.ndjson');
  await writeBigFile(file, n);
});
afterEach(() => ctx.done());

async function reloadWhole(): Promise<void> {
  const store = await openStore(ctx.db, { allowedDirectories: [ctx.dir] });
  try {
    const report = await ingestFile(store, 'events', file);
    expect(report).toMatchObject({ reader: 'duckdb', load: 'bulk', total: n, inserted: n, escalationsCreated: n / 10 });
    expect(await storeTotals(store)).toEqual(whole);
    expect((await verifyAudit(store)).ok).toBe(true);
  } finally {
    store.close();
  }
}

describe('the bulk load into a store without events', () => {
  it.each([
    ['the insert straight from the file', 'WITH ingest_event_native_rows'],
    ['the setting apart of rows to finish', 'CREATE OR REPLACE TEMP TABLE ingest_event_typed'],
    ['the hourly counts', 'DELETE FROM event_traffic_hourly'],
    ['the automatic escalations', 'INSERT INTO escalations'],
    ['the commit', 'COMMIT'],
  ])('killed (SIGKILL) during %s leaves all of the file or none of it; a re-run loads it whole', async (_, head) => {
    expect(existsSync(join(projectRoot, 'dist', 'ingest', 'index.js')), 'run `npm run build` first: the child runs the built code').toBe(true);
    ctx.store.close();
    const proc = spawn(process.execPath, [child, ctx.db, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    const statements: string[] = [];
    let pending = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        statements.push(line);
        if (line.startsWith(`statement ${head}`)) proc.kill('SIGKILL');
      }
    });
    const [code, signal] = (await once(proc, 'exit')) as [number | null, NodeJS.Signals | null];
    // Killed at the statement, never finished: a statement renamed away from `head` would fail here.
    expect({ code, signal, committed: statements.some((s) => s.startsWith('committed')) }).toEqual({ code: null, signal: 'SIGKILL', committed: false });

    const store = await openStore(ctx.db);
    const after = await storeTotals(store);
    expect((await verifyAudit(store)).ok).toBe(true);
    store.close();
    expect(head === 'COMMIT' ? [empty, whole] : [empty]).toContainEqual(after);
    if (after.events === 0) await reloadWhole();
  });

  it('a failure after the rows are in `events` (the escalations step) stores nothing and leaves no temporary table', async () => {
    const mend = breakStatement(ctx.store, 'INSERT INTO escalations', 'disk full');
    await expect(ingestFile(ctx.store, 'events', file)).rejects.toThrow('disk full');
    mend();
    expect(await storeTotals(ctx.store)).toEqual(empty);
    expect(await ctx.store.all('SELECT * FROM event_traffic_hourly')).toEqual([]);
    const temps = await ctx.store.transaction((tx) => tx.all("SELECT table_name FROM duckdb_tables() WHERE temporary AND table_name LIKE 'ingest_%'"));
    expect(temps).toEqual([]);
    ctx.store.close();
    await reloadWhole();
  });

  it('stops at a bad last row, writing nothing, and the zod path loads the file reporting that row at its line', async () => {
    const path = join(ctx.dir, 'bad-last.ndjson');
    writeFileSync(path, readFileSync(file, 'utf8') + JSON.stringify(event('evt_bad', { timestamp: 'yesterday' })) + '\n');
    const report = await ingestFile(ctx.store, 'events', path);
    expect(report).toMatchObject({ reader: 'zod', load: 'merge', total: n + 1, accepted: n, rejected: 1, inserted: n });
    expect(report.rejections).toEqual([expect.objectContaining({ line: n + 1, field: 'timestamp' })]);
    expect(await storeTotals(ctx.store)).toEqual(whole);
  });

  it('stops at an id repeated far apart, and the zod path keeps the later row', async () => {
    const path = join(ctx.dir, 'repeated.ndjson');
    writeFileSync(path, readFileSync(file, 'utf8') + JSON.stringify(escalateEvent('evt_big_1', { team: 'later' })) + '\n');
    const report = await ingestFile(ctx.store, 'events', path);
    expect(report).toMatchObject({ reader: 'zod', total: n + 1, accepted: n + 1, inserted: n, duplicates: 1 });
    expect(await ctx.store.one("SELECT verdict, team FROM events WHERE id = 'evt_big_1'")).toEqual({ verdict: 'escalate', team: 'later' });
  });
});
