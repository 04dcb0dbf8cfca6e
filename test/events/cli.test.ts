import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLockedByWriter } from '../../src/events/index.js';
import { openStore, type Store } from '../../src/store/database.js';
import type { EventInput } from '../../src/domain/event.js';
import { fixtureDb, insertEvents, removeDir } from './fixture.js';
import { ktBin, runKt } from '../kt-bin.js';


/** Runs the built CLI (npm test builds first). */
const kt = (args: string[]) => runKt(args, { timeoutMs: 30_000 });

let dir: string;
let db: string;
beforeAll(async () => {
  ({ dir, db } = await fixtureDb());
});
afterAll(() => removeDir(dir));

describe('kt events tail', () => {
  it('prints an aligned table, newest first, with a short request excerpt', async () => {
    const { code, stdout } = await kt(['--db', db, 'events', 'tail', '--limit', '3']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^time \(UTC\)\s+verdict\s+policy\s+reason_code\s+team\s+provider\/model\s+config\s+id\s+request$/);
    expect(lines[1]).toMatch(/^-+ {2}-+/);
    expect(lines).toHaveLength(5);
    expect(lines[2]).toMatch(/^2026-09-20 23:58:00\s+escalate\s+human-oversight\s+violence_terms\s+support\s+openai\/gpt-4o\s+cfg_support@2\.3\.0\s+evt_a01\s+How do I kill a python process that hangs on sh…$/);
    // Aligned: every row's id starts in the id column.
    const idColumn = lines[0]!.indexOf(' id ') + 1;
    expect(lines.slice(2).map((l) => l.slice(idColumn, idColumn + 7))).toEqual(['evt_a01', 'evt_a03', 'evt_a02']);
  });

  it('--json prints one contract object per line, newest first, past-tense verdict accepted', async () => {
    const { code, stdout } = await kt(['--db', db, 'events', 'tail', '--verdict', 'escalated', '--json']);
    expect(code).toBe(0);
    const rows = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => r.id)).toEqual(['evt_a01', 'evt_a04', 'evt_a07', 'evt_a09']);
    expect(rows[0]).toMatchObject({ timestamp: '2026-09-20T23:58:00.000Z', verdict: 'escalate', reason_code: 'violence_terms', attributes: { region: 'eu-west-1' } });
    expect(Array.isArray(rows[0]!.policy_results)).toBe(true);
  });

  it('says so when nothing matches', async () => {
    const { code, stdout } = await kt(['--db', db, 'events', 'tail', '--team', 'billing', '--verdict', 'allow']);
    expect(code).toBe(0);
    expect(stdout).toBe('(no events match)\n');
  });

  it('refuses a team no event belongs to, naming the teams, also when following', async () => {
    const teams = 'the teams are billing, sales, support.';
    const tail = await kt(['--db', db, 'events', 'tail', '--team', 'suport']);
    expect(tail).toMatchObject({ code: 2, stdout: '', stderr: `kt: Unknown team suport: no event belongs to it; ${teams}\n` });
    // A follower is refused before it starts polling, not left waiting for a team that is not there.
    const follow = await kt(['--db', db, 'events', 'tail', '--follow', '--interval', '0.2', '--team', 'suport']);
    expect(follow).toMatchObject({ code: 2, stdout: '', stderr: `kt: Unknown team suport: no event belongs to it; ${teams}\n` });
    // --team takes one team: a comma list is one (unknown) name, refused rather than matching nothing.
    const json = await kt(['--db', db, '--json', 'events', 'tail', '--team', 'support,sales']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stderr)).toEqual({ error: { code: 'bad_input', message: `Unknown team support,sales: no event belongs to it; ${teams} Name one team: a comma does not list several.`, details: { field: 'team', value: 'support,sales' } } });
  });

  it.each([
    [['--since', '5x'], /^kt: --since "5x" is neither a duration like 5m, 1h, 24h, 7d, 2w nor a date like 2026-09-14 \(midnight UTC\) or an RFC 3339 timestamp/],
    [['--until', '2026-09-14T10:00:00'], /^kt: --until "2026-09-14T10:00:00" is neither/],
    [['--since', '1h', '--until', '1d'], /^kt: --since "1h" must be before --until "1d"\.$/],
    [['--verdict', 'maybe'], /^kt: --verdict "maybe" must be one of allow, block, redact, escalate/],
    [['--limit', '0'], /^kt: --limit: expected a whole number from 1 to 10000, got "0"$/],
    [['--limit', '-3'], /^kt: --limit: expected a whole number from 1 to 10000, got "-3"$/],
    [['--limit', '2.5'], /^kt: --limit: expected a whole number from 1 to 10000, got "2\.5"$/],
    [['--limit', 'many'], /^kt: --limit: expected a whole number from 1 to 10000, got "many"$/],
    [['--limit', ''], /^kt: --limit: expected a whole number from 1 to 10000, got ""$/],
    [['--follow', '--interval', '0'], /^kt: --interval: expected a number of seconds from 0\.1 to 3600, got "0"$/],
    [['--follow', '--interval', 'soon'], /^kt: --interval: expected a number of seconds from 0\.1 to 3600, got "soon"$/],
    [['--interval', '5'], /^kt: --interval "5" only applies with --follow \(seconds between polls for new events\)\.$/],
  ])('refuses %j with exit code 2 and one sentence', async (flags, message) => {
    const { code, stdout, stderr } = await kt(['--db', db, 'events', 'tail', ...flags]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reports a refusal as a JSON error object with --json', async () => {
    const { code, stderr } = await kt(['--db', db, 'events', 'tail', '--json', '--limit', '10001']);
    expect(code).toBe(2);
    expect(JSON.parse(stderr)).toMatchObject({ error: { code: 'bad_input', message: '--limit: expected a whole number from 1 to 10000, got "10001"', details: { field: 'limit', flag: '--limit', value: '10001', expected: 'a whole number from 1 to 10000' } } });
    const many = await kt(['--db', db, '--json', 'events', 'tail', '--limit', 'many']);
    expect(many.code).toBe(2);
    expect(many.stdout).toBe('');
    expect(JSON.parse(many.stderr)).toEqual({ error: { code: 'bad_input', message: '--limit: expected a whole number from 1 to 10000, got "many"', details: { field: 'limit', flag: '--limit', value: 'many', expected: 'a whole number from 1 to 10000' } } });
  });

  it('says who holds the store when another process keeps writing it', async () => {
    const writer = await openStore(db);
    try {
      const { code, stderr } = await kt(['--db', db, 'events', 'tail']);
      expect(code).toBe(7);
      expect(stderr).toBe(`kt: The kt store ${db} is being written by another process (kt ingest or kt serve); try again when it is done, or ask kt serve instead (kt events tail and summary take --server; GET /api/events).\n`);
    } finally {
      writer.close();
    }
  });

  it('refuses an unknown flag and a missing store', async () => {
    const typo = await kt(['--db', db, 'events', 'tail', '--sinse', '1h']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^error: unknown option '--sinse'\n\(Did you mean --since\?\)\n/);
    // With --json a usage error is a JSON error object too, and nothing else is printed.
    const jsonTypo = await kt(['--db', db, '--json', 'events', 'tail', '--sinse', '1h']);
    expect(jsonTypo).toMatchObject({ code: 2, stdout: '' });
    expect(JSON.parse(jsonTypo.stderr)).toEqual({ error: { code: 'bad_input', message: "unknown option '--sinse' (Did you mean --since?)", details: { usage: 'unknownOption' } } });
    const jsonCommand = await kt(['--db', db, '--json', 'events', 'tial']);
    expect(JSON.parse(jsonCommand.stderr)).toMatchObject({ error: { code: 'bad_input', message: "unknown command 'tial' (Did you mean tail?)" } });
    const missing = await kt(['--db', join(dir, 'nope.duckdb'), 'events', 'tail']);
    expect(missing.code).toBe(7);
    expect(missing.stderr).toMatch(/^kt: Cannot open the kt store .*nope\.duckdb/);
    expect(existsSync(join(dir, 'nope.duckdb'))).toBe(false);
  });
});

describe('kt events summary', () => {
  it('prints the counts per verdict, per day and the deploys, or the summary as JSON', async () => {
    const { code, stdout } = await kt(['--db', db, 'events', 'summary', '--config-id', 'cfg_support']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('8 events match (config cfg_support).');
    expect(lines.slice(2, 9)).toEqual([
      'verdict   events  share',
      '--------  ------  ------',
      'allow     2       25.0%',
      'block     1       12.5%',
      'redact    1       12.5%',
      'escalate  4       50.0%',
      'all       8       100.0%',
    ]);
    // 2026-08-01 to 2026-09-20, every day, the quiet ones as zeros.
    expect(stdout).toContain('\nPer day:\nday (UTC)   allow  block  redact  escalate  all\n');
    expect(stdout).toMatch(/\n2026-08-02  0      0      0       0         0\n/);
    expect(stdout).toMatch(/\n2026-09-20  1      1      1       2         5\n\n/);
    // Where the flagged ones come from, the biggest first: the allowed ones are left out.
    expect(stdout).toContain([
      '\nFlagged events (allowed left out) by team:',
      'team     events',
      '-------  ------',
      'support  3',
      'billing  1',
      'sales    1',
      '(none)   1',
      '',
    ].join('\n'));
    const json = await kt(['--db', db, '--json', 'events', 'summary', '--config-id', 'cfg_support']);
    const summary = JSON.parse(json.stdout);
    expect(summary).toMatchObject({ events: 8, by_verdict: { allow: 2, block: 1, redact: 1, escalate: 4 }, over_time: { bucket: 'day', deploys: [] } });
    expect(summary.over_time.buckets).toHaveLength(51);
  });

  it('keeps the other verdicts\' counts under --verdict, and counts by the hour over three days or less', async () => {
    const { code, stdout } = await kt(['--db', db, 'events', 'summary', '--verdict', 'escalated', '--since', '2026-09-19T00:00:00Z']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^2 events match \(since 2026-09-19 00:00 UTC, verdict escalate\)\.\n/);
    expect(stdout).toContain('Each verdict is counted under the other filters (--verdict escalate left out).');
    // One column (the verdict asked for), an hour a row from the since to the newest event stored.
    expect(stdout).toContain('\nPer hour:\nhour (UTC)        escalate\n');
    expect(stdout).toMatch(/\n2026-09-19 00:00  0\n/);
    expect(stdout).toMatch(/\n2026-09-20 20:00  1\n/);
    expect(stdout).toMatch(/\n2026-09-20 23:00  1\n\nEscalated events by team:\n/);
  });

  it('refuses a team no event belongs to, a limit and a bad verdict, naming them', async () => {
    expect(await kt(['--db', db, 'events', 'summary', '--team', 'suport'])).toMatchObject({ code: 2, stdout: '', stderr: 'kt: Unknown team suport: no event belongs to it; the teams are billing, sales, support.\n' });
    expect(await kt(['--db', db, 'events', 'summary', '--limit', '5'])).toMatchObject({ code: 2, stdout: '' });
    const verdict = await kt(['--db', db, 'events', 'summary', '--verdict', 'maybe']);
    expect(verdict).toMatchObject({ code: 2, stdout: '' });
    expect(verdict.stderr).toMatch(/^kt: --verdict "maybe" must be one of/);
  });
});

describe('kt events export', () => {
  it('writes the selection and prints the row count; refuses to overwrite without --force', async () => {
    const out = join(dir, 'support.ndjson');
    const first = await kt(['--db', db, 'events', 'export', '--team', 'support', '--since', '2026-09-15T00:00:00Z', '--format', 'json', '--out', out]);
    expect(first).toMatchObject({ code: 0, stdout: `Exported 4 events to ${out} (json).\n` });
    expect(readFileSync(out, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['evt_a01', 'evt_a03', 'evt_a05', 'evt_a07']);
    const again = await kt(['--db', db, 'events', 'export', '--format', 'json', '--out', out]);
    expect(again.code).toBe(6);
    expect(again.stderr).toBe(`kt: ${out} already exists; pass --force to overwrite it.\n`);
    const forced = await kt(['--db', db, '--json', 'events', 'export', '--format', 'json', '--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toEqual({ rows: 10, out, format: 'json' });
  });

  it('refuses a team no event belongs to and writes no file', async () => {
    const out = join(dir, 'suport.ndjson');
    const refused = await kt(['--db', db, 'events', 'export', '--team', 'suport', '--format', 'json', '--out', out]);
    expect(refused).toMatchObject({ code: 2, stdout: '', stderr: 'kt: Unknown team suport: no event belongs to it; the teams are billing, sales, support.\n' });
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an unknown format and a missing directory', async () => {
    const bad = await kt(['--db', db, 'events', 'export', '--format', 'xml', '--out', join(dir, 'x.xml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('kt: --format "xml" must be one of csv, json, parquet.\n');
    const nowhere = await kt(['--db', db, 'events', 'export', '--format', 'csv', '--out', join(dir, 'no', 'x.csv')]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr.trim()).toMatch(/^kt: --out ".*x\.csv": the directory .* does not exist\.$/);
  });

  it('refuses a --format the file name contradicts, writing nothing, and takes one beside a name that says none', async () => {
    const parquet = join(dir, 'blocked.parquet');
    const wrong = await kt(['--db', db, 'events', 'export', '--format', 'csv', '--out', parquet]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(`kt: --format csv does not agree with --out "${parquet}", a parquet file name: give --format parquet, or another name.\n`);
    expect(existsSync(parquet)).toBe(false);
    const plain = join(dir, 'events.txt');
    expect(await kt(['--db', db, 'events', 'export', '--format', 'csv', '--out', plain])).toMatchObject({ code: 0 });
    expect(readFileSync(plain, 'utf8')).toMatch(/^id,timestamp,verdict,/);
  });
});

/** Collects a child's stdout lines and waits, bounded, until they satisfy a condition. */
function lineReader(child: ChildProcessWithoutNullStreams) {
  const lines: string[] = [];
  let partial = '';
  const waiters: Array<() => void> = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    lines,
    async until(condition: (lines: string[]) => boolean, what: string, timeoutMs = 20_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!condition(lines)) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; stdout so far:\n${lines.join('\n')}`);
        if (child.exitCode !== null) throw new Error(`The follower exited (${child.exitCode}) before ${what}.`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
  };
}

/** Opens the store for writing as `kt ingest` would, retrying (bounded) while a follower's poll holds it. */
async function openWriterWhenFree(file: string): Promise<Store> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await openStore(file);
    } catch (error) {
      if (!isLockedByWriter(error) || attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function ingest(file: string, events: EventInput[], holdMs = 0): Promise<void> {
  const store = await openWriterWhenFree(file);
  try {
    await insertEvents(store, events);
    // Keep the write lock over several polls: the follower must wait quietly, not fail.
    if (holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
  } finally {
    store.close();
  }
}

describe('kt events tail --follow', () => {
  it('keeps printing matching events as they are ingested by another process, in arrival order, until interrupted', async () => {
    const child = spawn(process.execPath, [ktBin, '--db', db, 'events', 'tail', '--follow', '--json', '--verdict', 'escalated', '--limit', '2', '--interval', '0.2']);
    const stderr: string[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const out = lineReader(child);
    const ids = () => out.lines.map((l) => (JSON.parse(l) as { id: string }).id);
    try {
      await out.until((lines) => lines.length >= 2, 'the initial tail');
      expect(ids()).toEqual(['evt_a01', 'evt_a04']);

      // Arrival order, not timestamp order: the older event arrives first.
      const old: EventInput = { id: 'evt_n02', timestamp: '2026-01-01T00:00:00Z', verdict: 'escalated', reason_code: 'pii_detected', team: 'support' };
      const newer: EventInput = { id: 'evt_n01', timestamp: '2026-09-22T00:00:00Z', verdict: 'escalate', reason_code: 'violence_terms', team: 'sales' };
      const allowed: EventInput = { id: 'evt_n03', timestamp: '2026-09-22T00:00:01Z', verdict: 'allow', team: 'sales' };
      await ingest(db, [old], 1500);
      await ingest(db, [allowed, newer]);
      await out.until((lines) => lines.length >= 4, 'the two new escalations');
      const later: EventInput = { id: 'evt_n04', timestamp: '2026-09-22T00:00:02Z', verdict: 'escalate', reason_code: 'violence_terms', team: 'sales' };
      await ingest(db, [later]);
      await out.until((lines) => lines.length >= 5, 'one more escalation');

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(ids()).toEqual(['evt_a01', 'evt_a04', 'evt_n02', 'evt_n01', 'evt_n04']);
      expect(stderr.join('')).toBe('');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('follows an empty store too: everything that arrives is new', async () => {
    const empty = join(dir, 'empty.duckdb');
    (await openStore(empty)).close();
    const child = spawn(process.execPath, [ktBin, '--db', empty, 'events', 'tail', '--follow', '--json', '--interval', '0.2']);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const out = lineReader(child);
    try {
      // Whether it lands before or after the follower's first read, it is printed once.
      await ingest(empty, [{ id: 'evt_first', timestamp: '2026-09-22T00:00:00Z', verdict: 'allow' }]);
      await out.until((lines) => lines.length >= 1, 'the first event');
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(out.lines.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['evt_first']);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
