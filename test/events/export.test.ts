import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executor, openStore, type Store } from '../../src/store/database.js';
import { exportEvents, parseEventFilter, tailEvents, type ExportFormat } from '../../src/events/index.js';
import { fixtureDb, fixtureNow, newestFirst, removeDir } from './fixture.js';

let dir: string;
let outDir: string;
let store: Store;
beforeAll(async () => {
  const fixture = await fixtureDb();
  dir = fixture.dir;
  outDir = join(dir, 'out');
  mkdirSync(outDir);
  // Read-only, as `kt events export` opens it: exporting must not need the write lock.
  store = await openStore(fixture.db, { readOnly: true, allowedDirectories: [outDir] });
});
afterAll(() => {
  store.close();
  removeDir(dir);
});

/** Reads an exported file back with a DuckDB of its own (the test's, not kt's locked-down one). */
async function readBack(file: string, format: ExportFormat): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  const reader = { csv: 'read_csv', json: 'read_json', parquet: 'read_parquet' }[format];
  try {
    return await executor(connection).all(`SELECT * FROM ${reader}(?)`, [file]);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('exportEvents', () => {
  it.each<ExportFormat>(['csv', 'json', 'parquet'])('writes the whole selection as %s, newest first, without the tail limit', async (format) => {
    const out = join(outDir, `escalations.${format}`);
    const filter = parseEventFilter({ verdict: 'escalated', limit: '1' }, { now: fixtureNow });
    const result = await exportEvents(store, filter, format, out);
    expect(result).toEqual({ rows: 4, path: out });
    const rows = await readBack(out, format);
    expect(rows.map((r) => r.id)).toEqual(['evt_a01', 'evt_a04', 'evt_a07', 'evt_a09']);
    const first = rows[0]!;
    expect(first.verdict).toBe('escalate');
    expect(first.team).toBe('support');
    expect(Number(first.tokens_in)).toBe(14);
    expect(Object.keys(first)).toEqual([
      'id', 'timestamp', 'verdict', 'reason_code', 'policy', 'config_id', 'config_version', 'provider', 'model', 'team',
      'user_id', 'request_id', 'gateway_id', 'status', 'request', 'response', 'score', 'latency_ms', 'tokens_in', 'tokens_out',
      'cost_usd', 'policy_results', 'attributes',
    ]);
    // Every format keeps the instant; the text formats spell it RFC 3339.
    expect(new Date(String(first.timestamp)).toISOString()).toBe('2026-09-20T23:58:00.000Z');
    const policies = typeof first.policy_results === 'string' ? JSON.parse(first.policy_results) : first.policy_results;
    expect(policies).toHaveLength(2);
  });

  it('spells timestamps RFC 3339 and nests JSON fields in NDJSON output', async () => {
    const out = join(outDir, 'team-sales.ndjson');
    await exportEvents(store, parseEventFilter({ team: 'sales' }), 'json', out);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(['evt_a02', 'evt_a06', 'evt_a08']);
    expect(lines[0]!.timestamp).toBe('2026-09-20T23:30:00.000000Z');
    const a01 = join(outDir, 'a01.ndjson');
    await exportEvents(store, parseEventFilter({ since: '5m' }, { now: fixtureNow }), 'json', a01);
    const [event] = readFileSync(a01, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(event!.attributes).toEqual({ region: 'eu-west-1' });
    expect((event!.policy_results as unknown[])[1]).toMatchObject({ policy: 'human-oversight', reason_code: 'violence_terms' });
  });

  it('exports exactly what tail shows when the limit is large enough', async () => {
    const filter = parseEventFilter({ since: '7d', limit: '10000' }, { now: fixtureNow });
    const out = join(outDir, 'week.parquet');
    await exportEvents(store, filter, 'parquet', out);
    const shown = (await tailEvents(store, filter)).map((r) => r.id);
    expect((await readBack(out, 'parquet')).map((r) => r.id)).toEqual(shown);
    expect(shown).toEqual(newestFirst.slice(0, 7));
  });

  it('writes a header-only CSV when nothing matches', async () => {
    const out = join(outDir, 'none.csv');
    expect((await exportEvents(store, parseEventFilter({ team: 'billing', verdict: 'allow' }), 'csv', out)).rows).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toMatch(/^id,timestamp,verdict,/);
  });

  it('refuses a team no event belongs to and writes no file', async () => {
    const out = join(outDir, 'suport.csv');
    await expect(exportEvents(store, parseEventFilter({ team: 'suport' }), 'csv', out)).rejects.toMatchObject({
      code: 'bad_input',
      message: 'Unknown team suport: no event belongs to it; the teams are billing, sales, support.',
    });
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to overwrite an existing file unless forced, and leaves no temporary behind', async () => {
    const out = join(outDir, 'kept.csv');
    writeFileSync(out, 'precious\n');
    await expect(exportEvents(store, parseEventFilter({}), 'csv', out)).rejects.toThrowError(`${out} already exists; pass --force to overwrite it.`);
    expect(readFileSync(out, 'utf8')).toBe('precious\n');
    const result = await exportEvents(store, parseEventFilter({}), 'csv', out, { force: true });
    expect(result.rows).toBe(10);
    expect(readFileSync(out, 'utf8')).toMatch(/^id,timestamp/);
    expect(readdirSync(outDir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('cannot write outside the directories the store was opened with', async () => {
    const elsewhere = join(dir, 'elsewhere.csv');
    await expect(exportEvents(store, parseEventFilter({}), 'csv', elsewhere)).rejects.toThrowError(/Cannot write/);
    expect(existsSync(elsewhere)).toBe(false);
  });
});
