import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { verifyAudit } from '../../src/store/audit.js';
import { runKt } from '../kt-bin.js';

/** Runs the built CLI (npm test builds first). */
const kt = (args: string[]) => runKt(args, { timeoutMs: 120_000 });

interface DemoJson {
  events: number;
  escalated_events: number;
  left_to_kt: { queued: number; routed: number };
  ingest: Array<{ kind: string; total: number; accepted: number; rejected: number }>;
  users: Array<{ id: string; role: string; token: string }>;
  files: string | null;
}

let dir: string;
let db: string;
let first: DemoJson;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kt-demo-cli-'));
  db = join(dir, 'kt.duckdb');
  const run = await kt(['--db', db, '--json', 'demo', '--scale', '0.05', '--seed', '3', '--out', join(dir, 'files')]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  first = JSON.parse(run.stdout) as DemoJson;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kt demo', () => {
  it('loads every generated row through ingest with zero rejections', async () => {
    expect(first.events).toBeGreaterThan(9_000);
    expect(first.ingest.map((r) => r.kind)).toEqual(['configs', 'configs', 'configs', 'configs', 'configs', 'configs', 'events', 'escalations']);
    for (const report of first.ingest) {
      expect(report.rejected).toBe(0);
      expect(report.accepted).toBe(report.total);
    }
    expect(readdirSync(join(dir, 'files')).sort()).toEqual(['configs', 'escalations.ndjson', 'events.ndjson']);
    const store = await openStore(db, { readOnly: true });
    try {
      const counts = await store.one<{ events: number; escalations: number; configs: number }>(
        'SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM escalations) AS escalations, (SELECT count(*) FROM configs) AS configs',
      );
      expect(counts).toEqual({ events: first.events, escalations: first.escalated_events, configs: 6 });
      // cfg_legal_prod 1.6.0 routes Azure gpt-4o escalations to bob: kt creates them already claimed by him.
      expect(first.left_to_kt.routed, 'seed 3 at scale 0.05 should route at least one escalation').toBeGreaterThan(0);
      const routed = await store.all<{ claimed_by: string | null; status: string; origin: string }>(
        "SELECT x.claimed_by, x.status, x.origin FROM escalations x JOIN events e ON e.id = x.event_id WHERE e.config_id = 'cfg_legal_prod' AND e.config_version = '1.6.0' AND e.provider = 'azure' AND e.model = 'gpt-4o'",
      );
      expect(routed).toHaveLength(first.left_to_kt.routed);
      for (const row of routed) expect(row).toEqual({ claimed_by: 'bob', status: 'claimed', origin: 'routed' });
      const statuses = await store.all<{ status: string }>('SELECT DISTINCT status FROM escalations ORDER BY status');
      expect(statuses.map((s) => s.status)).toEqual(['claimed', 'queued', 'resolved']);
      expect((await verifyAudit(store)).ok).toBe(true);
    } finally {
      store.close();
    }
  });

  it('adds one user per role and prints their tokens', () => {
    expect(first.users.map((u) => [u.id, u.role])).toEqual([
      ['alice', 'reviewer'], ['bob', 'reviewer'], ['pat', 'policy_owner'], ['casey', 'compliance'], ['admin', 'admin'],
    ]);
    for (const user of first.users) expect(user.token).toMatch(/^kt_/);
  });

  it('refuses to load into a store that already holds data, and --force recreates it', async () => {
    const refused = await kt(['--db', db, 'demo', '--scale', '0.05', '--seed', '3']);
    expect(refused.code).toBe(6);
    expect(refused.stderr).toMatch(/already holds data .*--force/);
    const forced = await kt(['--db', db, '--json', 'demo', '--scale', '0.05', '--seed', '3', '--force']);
    expect(forced.code).toBe(0);
    const again = JSON.parse(forced.stdout) as DemoJson;
    expect(again.events).toBe(first.events);
    expect(again.files).toBeNull();
  });

  it('--force never deletes a file that is not a DuckDB store', async () => {
    const notAStore = join(dir, 'notes.txt');
    writeFileSync(notAStore, 'my notes\n');
    const refused = await kt(['--db', notAStore, 'demo', '--scale', '0.01', '--force']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/not a kt store; not touching it|not a kt store .*not touching it/);
    expect(readFileSync(notAStore, 'utf8')).toBe('my notes\n');
  });

  it('prints the story with deploy times as the other tables give them (YYYY-MM-DD HH:MM UTC)', async () => {
    const text = await kt(['--db', join(dir, 'text.duckdb'), 'demo', '--scale', '0.05', '--seed', '3']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/cfg_support_prod\s+2\.3\.0\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\s+pat\s/);
  });

  it('refuses a bad --scale with one sentence naming the flag', async () => {
    const bad = await kt(['--db', join(dir, 'other.duckdb'), 'demo', '--scale', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('kt: --scale: expected a number greater than 0 and at most 200, got "0"\n');
    expect(existsSync(join(dir, 'other.duckdb'))).toBe(false);
  });
});
