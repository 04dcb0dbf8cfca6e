import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestEventRecords, ingestFile } from '../../src/ingest/index.js';
import { openStore } from '../../src/store/database.js';
import { projectRoot } from '../../src/store/queries.js';
import { breakStatement, escalateEvent, event, fixture, storeTotals, tempStore, writeBigFile } from './helpers.js';

let ctx: Awaited<ReturnType<typeof tempStore>>;
beforeEach(async () => {
  ctx = await tempStore();
  await ingestFile(ctx.store, 'events', fixture('events.ndjson'));
});
afterEach(() => ctx.done());

const totals = (db = ctx.store) => storeTotals(db);

describe('atomic per file', () => {
  it('a failure in the merge (after the staged rows are committed for a parallel scan) stores nothing and frees the staging', async () => {
    const before = await totals();
    const path = join(ctx.dir, 'merge-breaks.ndjson');
    writeFileSync(path, [escalateEvent('evt_m1'), event('evt_m2'), escalateEvent('evt_m3')].map((r) => JSON.stringify(r)).join('\n') + '\n');
    // The escalations step fails, as a full disk or a bug would, after the events were inserted.
    const mend = breakStatement(ctx.store, 'INSERT INTO escalations', 'disk full');
    await expect(ingestFile(ctx.store, 'events', path)).rejects.toThrow('disk full');
    mend();
    expect(await totals()).toEqual(before);
    const temps = await ctx.store.transaction((tx) => tx.all("SELECT table_name FROM duckdb_tables() WHERE temporary AND table_name LIKE 'ingest_%'"));
    expect(temps).toEqual([]);
    const report = await ingestFile(ctx.store, 'events', path);
    expect(report).toMatchObject({ reader: 'duckdb', inserted: 3, escalationsCreated: 2 });
  });

  it('a failure thrown mid-file leaves nothing behind, and the store takes the next file normally', async () => {
    const before = await totals();
    function* recordsThatBreak() {
      for (let i = 1; i <= 500; i++) {
        const value = i % 5 === 0 ? escalateEvent(`evt_x${i}`) : event(`evt_x${i}`);
        yield { line: i, raw: JSON.stringify(value), value };
      }
      throw new Error('connection reset while reading the body');
    }
    await expect(ingestEventRecords(ctx.store, 'body', recordsThatBreak())).rejects.toThrow('connection reset');
    expect(await totals()).toEqual(before);
    const report = await ingestEventRecords(ctx.store, 'body', [{ line: 1, raw: '{}', value: escalateEvent('evt_after') }]);
    expect(report).toMatchObject({ inserted: 1, escalationsCreated: 1 });
  });

  it('a gzip file cut short fails as a whole, naming the file, and stores nothing', async () => {
    const before = await totals();
    const full = gzipSync(Buffer.from(Array.from({ length: 2000 }, (_, i) => JSON.stringify(escalateEvent(`evt_gz${i}`))).join('\n')));
    const path = join(ctx.dir, 'cut.ndjson.gz');
    writeFileSync(path, full.subarray(0, Math.floor(full.length / 2)));
    await expect(ingestFile(ctx.store, 'events', path)).rejects.toThrow(/cut\.ndjson\.gz: cannot be read: .*Nothing from this file was stored/);
    expect(await totals()).toEqual(before);
  });

  // Without the file's directory allowed, DuckDB may not read it and the zod path reads it (as for a
  // caller that names no directories); with it, DuckDB's own reader is mid-read when the kill lands.
  it.each([
    ['zod', false],
    ['duckdb', true],
  ])('a process killed (SIGKILL) mid-file (%s reader) leaves the store as before; a re-run loads the exact count', async (reader, allowDirectory) => {
    const entry = join(projectRoot, 'dist', 'ingest', 'index.js');
    expect(existsSync(entry), 'run `npm run build` first: the child process runs the built code').toBe(true);
    const n = 40_000;
    const big = join(ctx.dir, 'big.ndjson');
    await writeBigFile(big, n);
    const before = await totals();
    ctx.store.close();

    // The child prints "reading" once it is past a third of the file, inside the open transaction.
    const script = join(ctx.dir, 'child.mjs');
    writeFileSync(script, `
      import { openStore } from ${JSON.stringify(join(projectRoot, 'dist', 'store', 'database.js'))};
      import { ingestFile } from ${JSON.stringify(entry)};
      const store = await openStore(process.argv[2], { allowedDirectories: process.argv[4] ? [process.argv[4]] : [] });
      let told = false;
      await ingestFile(store, 'events', process.argv[3], { onProgress: (done, total) => {
        if (!told && done > total / 3) { told = true; process.stdout.write('reading\\n'); }
      } });
      process.stdout.write('committed\\n');
    `);
    const args = [script, ctx.db, big, ...(allowDirectory ? [ctx.dir] : [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let said = '';
    child.stdout.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes('reading')) child.kill('SIGKILL');
    });
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    expect({ code, signal, said }).toEqual({ code: null, signal: 'SIGKILL', said: 'reading\n' });

    ctx.store = await openStore(ctx.db, { allowedDirectories: allowDirectory ? [ctx.dir] : [] });
    expect(await totals()).toEqual(before);
    const report = await ingestFile(ctx.store, 'events', big);
    expect(report).toMatchObject({ reader, total: n, accepted: n, inserted: n, escalationsCreated: n / 10 });
    expect(await totals()).toEqual({ events: before.events + n, escalations: before.escalations + n / 10, audit: before.audit + n / 10 + 1 });
  });
});
