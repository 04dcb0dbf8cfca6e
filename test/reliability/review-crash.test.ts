import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';
import { verifyAudit } from '../../src/store/audit.js';
import { claimEscalation } from '../../src/store/queue/index.js';
import { projectRoot } from '../../src/store/queries.js';
import { createUser } from '../../src/store/users.js';
import { seedEscalation, seedEvent } from '../review/seed.js';
import { buildTemplate, copyWorld, type Template, type WorldCopy } from './world.js';

/**
 * Crash safety of the review side (the ingest side has its own SIGKILL test in
 * test/ingest/atomicity.test.ts): a child process works the queue as fast as it
 * can through the store functions and is killed with SIGKILL mid-burst. The store
 * must reopen cleanly with every action the child saw committed, the audit chain
 * must verify, and each escalation must be in a state its audit trail explains.
 */
const itemCount = 60;
const reviewers = ['rev0', 'rev1', 'rev2', 'rev3'];
const killAfter = 80;

let template: Template;
let world: WorldCopy;
let db: string;
const items = Array.from({ length: itemCount }, (_, i) => `esc_crash${String(i).padStart(2, '0')}`);

beforeAll(async () => {
  template = await buildTemplate();
  world = await copyWorld(template);
  db = world.store.path;
  for (const [i, id] of items.entries()) {
    const eventId = id.replace('esc_', 'evt_');
    const at = `2026-03-0${1 + (i % 5)}T1${i % 10}:00:00Z`;
    await seedEvent(world.store, { id: eventId, timestamp: at, team: 'support' });
    await seedEscalation(world.store, { id, event_id: eventId, created_at: at });
  }
  for (const id of reviewers) await createUser(world.store, { id, role: 'reviewer', teams: ['support'] }, 'test');
});
// The copy lives inside the template's folder; its store is closed by the test itself.
afterAll(() => template?.remove());

interface Row { id: string; status: string; claimed_by: string | null; resolved_by: string | null; resolved_at: string | null; outcome: string | null; category: string | null; note: string | null }

describe('a reviewer process killed mid-burst', () => {
  it('leaves a store that reopens with every committed action, a verifying chain and explainable states', async () => {
    const child = join(projectRoot, 'test', 'reliability', 'review-burst-child.mjs');
    expect(existsSync(join(projectRoot, 'dist', 'store', 'queue', 'index.js')), 'run `npm run build` first: the child runs the built code').toBe(true);
    const auditBefore = (await world.store.one<{ n: number }>('SELECT max(seq) AS n FROM audit'))!.n;
    world.store.close();

    const burst = spawn(process.execPath, [child, db, items.join(','), reviewers.join(',')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const committed: Array<{ action: string; id: string; actor: string }> = [];
    let buffer = '';
    const timer = setTimeout(() => burst.kill('SIGKILL'), 45_000);
    burst.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) if (line.startsWith('{')) committed.push(JSON.parse(line));
      if (committed.length >= killAfter) burst.kill('SIGKILL');
    });
    const [code, signal] = (await once(burst, 'exit')) as [number | null, NodeJS.Signals | null];
    clearTimeout(timer);
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });
    expect(committed.length).toBeGreaterThanOrEqual(killAfter);

    let store: Store = await openStore(db);
    try {
      expect(await verifyAudit(store)).toMatchObject({ ok: true });
      const entries = await store.all<{ actor: string; action: string; target: string }>(
        'SELECT actor, action, target FROM audit WHERE seq > $seq ORDER BY seq', { seq: auditBefore },
      );
      // Everything the child saw committed is there (each worker prints after its commit, so
      // the printed order may interleave differently); an action in flight at the kill may
      // have committed unseen — at most one per worker — or not at all.
      const key = (e: { action: string; target?: string; id?: string; actor: string }) => `${e.action} ${e.target ?? e.id} ${e.actor}`;
      const unseen = entries.map(key);
      for (const action of committed.map(key)) {
        const at = unseen.indexOf(action);
        expect(at, `committed but missing after the crash: ${action}`).toBeGreaterThanOrEqual(0);
        unseen.splice(at, 1);
      }
      expect(unseen.length).toBeLessThanOrEqual(reviewers.length);

      const rows = new Map((await store.all<Row>(
        'SELECT id, status, claimed_by, resolved_by, resolved_at, outcome, category, note FROM escalations',
      )).map((r) => [r.id, r]));
      for (const id of items) {
        const row = rows.get(id)!;
        // The state is complete…
        if (row.status === 'claimed') expect(row.claimed_by, id).toBeTruthy();
        if (row.status === 'queued') expect(row.claimed_by, id).toBeNull();
        if (row.status === 'resolved') {
          for (const field of ['resolved_by', 'resolved_at', 'outcome', 'category', 'note'] as const) expect(row[field], `${id}.${field}`).toBeTruthy();
        }
        // …and exactly what its audit entries say happened: no change without its entry, no entry without its change.
        let state: { status: string; owner: string | null } = { status: 'queued', owner: null };
        for (const e of entries.filter((x) => x.target === id)) {
          state = e.action === 'claim' ? { status: 'claimed', owner: e.actor } : e.action === 'unclaim' ? { status: 'queued', owner: null } : { status: 'resolved', owner: e.actor };
        }
        expect({ status: row.status, owner: row.status === 'resolved' ? row.resolved_by : row.claimed_by }, id).toEqual(state);
      }

      // The reopened store takes new work.
      store.close();
      store = await openStore(db);
      const open = [...rows.values()].find((r) => items.includes(r.id) && r.status === 'queued');
      if (open) {
        const item = await claimEscalation(store, { id: 'rev0', role: 'reviewer', teams: ['support'] }, open.id);
        expect(item).toMatchObject({ id: open.id, status: 'claimed', owner: 'rev0' });
      }
      expect(await verifyAudit(store)).toMatchObject({ ok: true });
    } finally {
      store.close();
    }
  });
});
