import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { claimEscalation, unclaimEscalation } from '../../src/store/queue/index.js';
import { openWorld } from './seed.js';
import { kt } from './cli.js';

let dir: string;
let db: string;
beforeEach(async () => {
  // A seeded store with some queue history, closed so the CLI process can open it.
  const world = await openWorld();
  const alice = { id: 'alice', role: 'reviewer' as const, teams: ['support'] };
  await claimEscalation(world.store, alice, 'esc_q1');
  await unclaimEscalation(world.store, alice, 'esc_q1');
  await claimEscalation(world.store, alice, 'esc_q2');
  world.store.close();
  db = join(world.dir, 'kt.duckdb');
  dir = world.dir;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a mistyped --db', () => {
  it('is refused by the commands that read the store, which leave no empty store behind', async () => {
    const typo = join(dir, 'kt.duckbd');
    for (const args of [['audit', 'verify'], ['audit', 'log'], ['analyze', 'backlog'], ['config', 'list'], ['users', 'list'], ['tune', 'verify', '--config-id', 'c', '--version', '1.0.0']]) {
      const run = await kt(['--db', typo, ...args]);
      expect(run.code, args.join(' ')).toBe(7);
      expect(run.stderr).toBe(`kt: Cannot open the kt store ${typo}: there is no such file; point --db (or KT_DB) at an existing store, or create one with kt ingest or kt demo.\n`);
      expect(existsSync(typo)).toBe(false);
    }
  });
});

describe('kt audit', () => {
  it('verifies an untouched chain, then names the entry someone changed', async () => {
    const ok = await kt(['--db', db, 'audit', 'verify']);
    expect(ok.code).toBe(0);
    // 5 user_add and 7 import entries from the seed, then claim, unclaim, claim.
    expect(ok.stdout).toMatch(/^Audit chain OK: 15 entries, head [0-9a-f]{64}; all 7 escalations and 5 users match their entries$/m);

    const store = await openStore(db);
    await store.run(`UPDATE audit SET actor = 'mallory' WHERE seq = 7`);
    store.close();
    const broken = await kt(['--db', db, 'audit', 'verify']);
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toMatch(/broken at entry 7: its content does not match its hash/);
    const json = await kt(['--db', db, '--json', 'audit', 'verify']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, entries: 6, firstBroken: { seq: 7 } });
  });

  it('names an escalation the log no longer accounts for, and a noted head the chain lost', async () => {
    const noted = JSON.parse((await kt(['--db', db, '--json', 'audit', 'verify'])).stdout).head as string;
    // A head copied in capitals is the same hash.
    expect((await kt(['--db', db, 'audit', 'verify', '--expect-head', noted.toUpperCase()])).code).toBe(0);
    const store = await openStore(db);
    // The newest entry (alice's claim of esc_q2) cut off: the chain still links, the row says claimed.
    await store.run('DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)');
    store.close();
    const cut = await kt(['--db', db, 'audit', 'verify']);
    expect(cut.code).toBe(3);
    expect(cut.stdout).toMatch(/^MISMATCH: escalation esc_q2 has status "claimed" in the store, but its last audit entry \(\d+\) leaves it "queued"$/m);
    expect(cut.stderr).toMatch(/does not account for 1 escalation\(s\).*changed outside kt, or the newest audit entries were removed/);
    const lost = await kt(['--db', db, 'audit', 'verify', '--expect-head', noted]);
    expect(lost.code).toBe(3);
    expect(lost.stderr).toMatch(new RegExp(`no longer holds entry ${noted}`));
    const bad = await kt(['--db', db, 'audit', 'verify', '--expect-head', 'abc']);
    expect(bad.code).toBe(2);
  });

  it('names a user whose role was raised outside kt', async () => {
    const store = await openStore(db);
    await store.run(`UPDATE users SET role = 'admin', teams = []::VARCHAR[] WHERE id = 'alice'`);
    store.close();
    const raised = await kt(['--db', db, 'audit', 'verify']);
    expect(raised.code).toBe(3);
    expect(raised.stdout).toMatch(/^MISMATCH: user alice has role admin in the store, but its last audit entry \(\d+\) leaves it reviewer$/m);
    expect(raised.stderr).toMatch(/does not account for 1 user\(s\).*users table was changed outside kt/);
  });

  it('prints one escalation\'s timeline', async () => {
    const log = await kt(['--db', db, 'audit', 'log', '--escalation', 'esc_q1']);
    expect(log.code).toBe(0);
    const lines = log.stdout.trim().split('\n').slice(2);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/test\s+import\s+esc_q1/);
    expect(lines[1]).toMatch(/alice\s+claim\s+esc_q1\s+status: queued → claimed, claimed_by: – → alice/);
    expect(lines[2]).toMatch(/alice\s+unclaim\s+esc_q1/);
    const none = await kt(['--db', db, 'audit', 'log', '--escalation', 'esc_none']);
    expect(none.code).toBe(4);
  });

  it('filters the log by actor and action, oldest of the matches first, and names a bad flag', async () => {
    const claims = await kt(['--db', db, '--json', 'audit', 'log', '--actor', 'alice', '--action', 'claim']);
    expect(claims.code, claims.stderr).toBe(0);
    const entries = JSON.parse(claims.stdout) as Array<{ seq: number; actor: string; action: string; target: string }>;
    expect(entries.map((e) => [e.action, e.target])).toEqual([['claim', 'esc_q1'], ['claim', 'esc_q2']]);
    expect(entries[0]!.seq).toBeLessThan(entries[1]!.seq);
    const latest = await kt(['--db', db, '--json', 'audit', 'log', '--action', 'claim', '--limit', '1']);
    expect((JSON.parse(latest.stdout) as Array<{ target: string }>).map((e) => e.target)).toEqual(['esc_q2']);
    const bad = await kt(['--db', db, 'audit', 'log', '--action', 'drop_table']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Invalid --action "drop_table": must be one of create, route/);
    // A window that ends before it starts names the flags, not the API's query keys.
    const inverted = await kt(['--db', db, 'audit', 'log', '--since', '2026-11-10', '--until', '2026-11-01']);
    expect(inverted.code).toBe(2);
    expect(inverted.stderr).toBe('kt: --since "2026-11-10" must be before --until "2026-11-01".\n');
    const since = await kt(['--db', db, 'audit', 'log', '--since', 'yesterday']);
    expect(since.stderr).toMatch(/^kt: --since "yesterday" is neither a duration/);
    for (const limit of ['0', '2.5', 'all']) {
      const refused = await kt(['--db', db, 'audit', 'log', '--limit', limit]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe(`kt: --limit: expected a whole number from 1 to 1000000, got "${limit}"\n`);
    }
  });
});
