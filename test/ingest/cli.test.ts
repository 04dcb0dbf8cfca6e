import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kt } from '../review/cli.js';
import { escalateEvent, fixture, writeLines } from './helpers.js';

let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kt-ingest-cli-'));
  db = join(dir, 'kt.duckdb');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('kt ingest', () => {
  it('prints accepted + rejected = total per file and each rejection as file:line: reason; exit 3 when rows were rejected', async () => {
    const run = await kt(['--db', db, 'ingest', 'events', fixture('events.ndjson'), fixture('events.csv'), '--rejects', join(dir, 'rejects.ndjson')]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('events.ndjson: 12 rows: 5 accepted, 7 rejected (5 new, 0 updated, 0 unchanged); 3 escalations created, 0 routed');
    expect(run.stdout).toContain('events.csv: 4 rows: 2 accepted, 2 rejected');
    expect(run.stderr).toContain(`${fixture('events.ndjson')}:7: reason_code is required when verdict is block`);
    const rejects = readFileSync(join(dir, 'rejects.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string; line: number });
    expect(rejects).toHaveLength(9);
    expect(rejects.at(-1)).toMatchObject({ file: fixture('events.csv'), line: 6 });
  });

  it('--json prints one report per file; a clean file exits 0', async () => {
    const config = await kt(['--db', db, '--json', 'ingest', 'configs', fixture('policy-config.yaml')]);
    expect(config.code).toBe(0);
    const report = JSON.parse(config.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ kind: 'configs', total: 1, accepted: 1, rejected: 0, inserted: 1, rejections: [] });
    const bad = await kt(['--db', db, 'ingest', 'tickets', fixture('events.ndjson')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown kind "tickets": use one of events, escalations, configs.');
  });

  it('refuses a config file holding two YAML documents at the line the second starts; nothing stored', async () => {
    const one = readFileSync(fixture('policy-config.yaml'), 'utf8');
    const configs = join(dir, 'configs.yaml');
    writeFileSync(configs, `${one.trimEnd()}\n---\n${one.replace('version: 2.3.0', 'version: 2.4.0')}`);
    const secondAt = one.trimEnd().split('\n').length + 1;
    const run = await kt(['--db', db, 'ingest', 'configs', configs]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`${configs}:${secondAt}: holds a second YAML document; put one configuration per file\n`);
    expect(run.stderr).not.toMatch(/parseAllDocuments/);
    const list = await kt(['--db', db, '--json', 'config', 'list']);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('names the command a data file or a config file belongs to when given to the other', async () => {
    const asConfig = await kt(['--db', db, 'ingest', 'configs', fixture('events.ndjson')]);
    expect(asConfig).toEqual({ code: 2, stdout: '', stderr: `kt: ${fixture('events.ndjson')}: a .ndjson file holds events or escalations (kt ingest events|escalations); a policy config is YAML or JSON (.yaml, .yml, .json); nothing was loaded.\n` });
    const asEvents = await kt(['--db', db, 'ingest', 'events', fixture('policy-config.yaml')]);
    expect(asEvents.code).toBe(2);
    expect(asEvents.stderr).toBe(`kt: ${fixture('policy-config.yaml')}: cannot tell the format from the name; use .ndjson, .jsonl, .csv or .parquet (optionally .gz) (a YAML file is a policy config: kt ingest configs); nothing was loaded.\n`);
    expect(existsSync(db)).toBe(false);
  });

  it('an escalation row refused by the store leaves the earlier row for its event in place; supersession names what was shared', async () => {
    const events = writeLines(dir, 'ev.ndjson', [escalateEvent('evt_1'), escalateEvent('evt_3')]);
    expect((await kt(['--db', db, 'ingest', 'events', events])).code).toBe(0);
    const refused = writeLines(dir, 'q.ndjson', [
      { id: 'esc_a', event_id: 'evt_3', status: 'queued', severity: 'critical' },
      { id: 'esc_evt_1', event_id: 'evt_3', status: 'queued', severity: 'low' },
    ]);
    const run = await kt(['--db', db, 'ingest', 'escalations', refused]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe(`${refused}: 2 rows: 1 accepted, 1 rejected (0 new, 1 updated, 0 unchanged)\n`);
    expect(run.stderr).toBe(`${refused}:2: id esc_evt_1 already belongs to the escalation of event evt_1\n`);
    // Line 1 was stored: the same file again finds it unchanged.
    expect((await kt(['--db', db, 'ingest', 'escalations', refused])).stdout).toContain('1 accepted, 1 rejected (0 new, 0 updated, 1 unchanged)');

    const twice = writeLines(dir, 'twice.ndjson', [{ id: 'esc_b', event_id: 'evt_1' }, { id: 'esc_c', event_id: 'evt_1' }, { id: 'esc_c', event_id: 'evt_1', severity: 'low' }]);
    const again = await kt(['--db', db, 'ingest', 'escalations', twice]);
    expect(again.stdout).toBe(`${twice}: 3 rows: 3 accepted, 0 rejected (0 new, 1 updated, 0 unchanged, 1 superseded by a later row with the same id, 1 by a later row for the same event)\n`);
  });

  it('checks every file and the --rejects path before loading any: one error naming the path, exit 2, nothing loaded', async () => {
    const a = writeLines(dir, 'a.ndjson', [escalateEvent('evt_a')]);
    const b = writeLines(dir, 'b.ndjson', [escalateEvent('evt_b')]);
    const missing = join(dir, 'nope.ndjson');
    const unreadable = await kt(['--db', db, 'ingest', 'events', a, missing, b]);
    expect(unreadable).toEqual({ code: 2, stdout: '', stderr: `kt: ${missing}: cannot read the file (ENOENT: no such file or directory); nothing was loaded.\n` });
    const rejects = '/nonexistent/dir/r.ndjson';
    const unwritable = await kt(['--db', db, 'ingest', 'events', a, b, '--rejects', rejects]);
    expect(unwritable).toEqual({ code: 2, stdout: '', stderr: `kt: --rejects ${rejects} cannot be written (ENOENT: no such file or directory); nothing was loaded.\n` });
    const intoInput = await kt(['--db', db, 'ingest', 'events', a, b, '--rejects', b]);
    expect(intoInput.stderr).toBe(`kt: --rejects ${b} is one of the files to load; name another file for the rejected rows; nothing was loaded.\n`);
    expect(readFileSync(b, 'utf8')).toContain('evt_b');
    // Nothing was loaded by any of those: both files are new now.
    const load = await kt(['--db', db, 'ingest', 'events', a, b]);
    expect(load.code).toBe(0);
    expect(load.stdout).toBe(`${a}: 1 row: 1 accepted, 0 rejected (1 new, 0 updated, 0 unchanged); 1 escalation created, 0 routed\n`
      + `${b}: 1 row: 1 accepted, 0 rejected (1 new, 0 updated, 0 unchanged); 1 escalation created, 0 routed\n`);
  });

  it('a file refused as a whole stops the command, saying which files were loaded and which not', async () => {
    const a = writeLines(dir, 'a.ndjson', [escalateEvent('evt_a')]);
    const bad = writeLines(dir, 'bad.csv', ['id,timestamp,verdict,team,team', 'evt_c,2026-09-14T10:00:00Z,allow,a,b']);
    const b = writeLines(dir, 'b.ndjson', [escalateEvent('evt_b')]);
    const run = await kt(['--db', db, 'ingest', 'events', a, bad, b]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe(`${a}: 1 row: 1 accepted, 0 rejected (1 new, 0 updated, 0 unchanged); 1 escalation created, 0 routed\n`);
    expect(run.stderr).toBe(`kt: ${bad}:1: the header names the column "team" twice (columns 4 and 5): one of its cells would be lost. Nothing from this file was stored.`
      + ` Stopped there: ${b} was not loaded; ${a} was (running the same command again after a fix is safe).\n`);
    const json = await kt(['--db', db, '--json', 'ingest', 'events', bad, a, b]);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'bad_file', details: { file: 'bad.csv', line: 1, field: 'team', loaded: [], not_loaded: [a, b] } } });
  });
});
