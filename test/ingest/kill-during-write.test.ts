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
 * beginning with `head` in the transaction that writes the store (for events, the merge's,
 * after their reading transaction). Returns what the child printed.
 */
async function killAt(path: string, head: string, nth = 1, kind: 'events' | 'escalations' = 'events'): Promise<{ statements: string[]; reader?: string }> {
  const proc = spawn(process.execPath, [child, ctx.db, path, kind], { stdio: ['ignore', 'pipe', 'inherit'] });
  const statements: string[] = [];
  let merging = kind === 'escalations'; // one transaction, begun before its statements are printed
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

describe('an escalation import killed while it writes the store', () => {
  // Every escalate event of the big file got an automatic escalation; an upstream export resolves
  // some of them under its own ids, so the import deletes the automatic rows it replaces, inserts
  // its own and audits each: all of it, or none of it. Each kill takes its own quarter of them.
  const perRound = n / 10 / 4;
  const upstreamFile = (round: number) => {
    const rows = Array.from({ length: perRound }, (_, k) => {
      const i = round * perRound + k;
      return JSON.stringify({
        id: `esc_upstream_${i}`, event_id: `evt_big_${i * 10}`, status: 'resolved', claimed_by: 'upstream_rev', resolved_by: 'upstream_rev',
        resolved_at: '2026-09-14T12:00:00Z', outcome: 'approved', category: 'false_positive', cause: 'policy_logic', note: `Upstream review ${i}: a benign request.`,
      });
    });
    const path = join(ctx.dir, `upstream-${round}.ndjson`);
    writeFileSync(path, rows.join('\n') + '\n');
    return path;
  };
  type State = { totals: Awaited<ReturnType<typeof storeTotals>>; imported: number; resolved: number };
  const stateOf = async (store: Awaited<ReturnType<typeof openStore>>): Promise<State> => ({
    totals: await storeTotals(store),
    ...(await store.one<{ imported: number; resolved: number }>(
      "SELECT count(*) FILTER (WHERE origin = 'import')::INTEGER AS imported, count(*) FILTER (WHERE status = 'resolved')::INTEGER AS resolved FROM escalations"))!,
  });
  let loaded: State;
  beforeAll(async () => {
    const store = await openStore(ctx.db, { allowedDirectories: [ctx.dir] });
    try {
      await ingestFile(store, 'events', file); // loaded already, or loaded now: the commit kill above may have left either
      loaded = await stateOf(store);
    } finally {
      store.close();
    }
  });

  it.each([
    [0, 'the delete of the automatic escalations it replaces', 'DELETE FROM escalations'],
    [1, 'the insert of the imported escalations', 'INSERT INTO escalations'],
    [2, 'the copy of their event fields', 'UPDATE escalations SET'],
    [3, 'the commit', 'COMMIT'],
  ])('%i: during %s leaves all of the file or none of it; a re-run ends at the exact count', async (round, what, head) => {
    const path = upstreamFile(round);
    await killAt(path, head, 1, 'escalations');
    const store = await openStore(ctx.db, { allowedDirectories: [ctx.dir] });
    try {
      const done: State = {
        totals: { ...loaded.totals, audit: loaded.totals.audit + perRound + 1 },
        imported: loaded.imported + perRound, resolved: loaded.resolved + perRound,
      };
      const now = await stateOf(store);
      if (head === 'COMMIT') expect([loaded, done], what).toContainEqual(now);
      else expect(now, what).toEqual(loaded);
      expect((await verifyAudit(store)).ok).toBe(true);
      await ingestFile(store, 'escalations', path);
      expect(await stateOf(store)).toEqual(done);
      loaded = done; // the next kill starts from here
    } finally {
      store.close();
    }
  });
});
