import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import { verifyAudit } from '../../src/store/audit.js';
import { createUser } from '../../src/store/users.js';
import { seedEscalation, seedEvent } from '../review/seed.js';
import { buildTemplate, copyWorld, type Template, type WorldCopy } from './world.js';

/**
 * Reviewers racing on a real port (127.0.0.1, ephemeral): bursts of parallel
 * claims on the same items, then a mixed claim/unclaim/resolve load. Bounded in
 * count (and by a deadline); afterwards the store must tell one consistent story:
 * one owner per item, resolved items untouched after their resolution, an audit
 * entry for exactly each action that answered 200, and a chain that verifies.
 */
const itemCount = 24;
const reviewerCount = 6;
const opsPerReviewer = 40;
const burstItems = 6;
const deadline = Date.now() + 40_000;

interface Row {
  id: string;
  status: string;
  claimed_by: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  outcome: string | null;
  category: string | null;
  cause: string | null;
  note: string | null;
}

let template: Template;
let world: WorldCopy;
let server: RunningServer;
const tokens = new Map<string, string>();
const items = Array.from({ length: itemCount }, (_, i) => `esc_load${String(i).padStart(2, '0')}`);
let auditBefore = 0;

beforeAll(async () => {
  template = await buildTemplate();
  world = await copyWorld(template);
  for (const [i, id] of items.entries()) {
    const eventId = id.replace('esc_', 'evt_');
    await seedEvent(world.store, { id: eventId, timestamp: `2026-03-0${1 + (i % 5)}T1${i % 10}:00:00Z`, team: 'support' });
    await seedEscalation(world.store, { id, event_id: eventId, created_at: `2026-03-0${1 + (i % 5)}T1${i % 10}:00:00Z` });
  }
  for (let r = 0; r < reviewerCount; r++) {
    tokens.set(`rev${r}`, (await createUser(world.store, { id: `rev${r}`, role: 'reviewer', teams: ['support'] }, 'test')).token);
  }
  auditBefore = (await world.store.one<{ n: number }>('SELECT max(seq) AS n FROM audit'))!.n;
  server = await startServer(world.store, { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server?.close();
  world?.close();
  template?.remove();
});

interface Outcome { reviewer: string; action: 'claim' | 'unclaim' | 'resolve'; id: string; status: number; body: any }
const outcomes: Outcome[] = [];

const noteOf = (reviewer: string) => `Checked by ${reviewer}: a harmless question about processes.`;

async function act(reviewer: string, action: Outcome['action'], id: string): Promise<Outcome> {
  const resolution = { outcome: 'approved', category: 'benign_positive', note: noteOf(reviewer) };
  const response = await fetch(`${server.url}/api/escalations/${id}/${action}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.get(reviewer)}`, ...(action === 'resolve' ? { 'content-type': 'application/json' } : {}) },
    body: action === 'resolve' ? JSON.stringify(resolution) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const outcome: Outcome = { reviewer, action, id, status: response.status, body: await response.json() };
  outcomes.push(outcome);
  return outcome;
}

/** A small deterministic generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function rows(): Promise<Map<string, Row>> {
  const list = await world.store.all<Row>(
    `SELECT id, status, claimed_by, resolved_by, resolved_at, outcome, category, cause, note FROM escalations ORDER BY id`,
  );
  return new Map(list.map((r) => [r.id, r]));
}

describe('reviewers racing on a real port', () => {
  it('gives each burst of parallel claims exactly one winner, and the losers a 409 naming it', async () => {
    const reviewers = [...tokens.keys()];
    const burst = items.slice(0, burstItems);
    const answers = await Promise.all(burst.flatMap((id) => reviewers.flatMap((r) => [act(r, 'claim', id), act(r, 'claim', id)])));
    for (const id of burst) {
      const mine = answers.filter((a) => a.id === id);
      const winners = mine.filter((a) => a.status === 200);
      expect(winners, id).toHaveLength(1);
      const owner = winners[0]!.body.owner;
      for (const loser of mine.filter((a) => a.status !== 200)) {
        expect(loser.status, id).toBe(409);
        expect(loser.body.error.details.owner, id).toBe(owner);
      }
    }
  });

  it('keeps one consistent story under a mixed claim/unclaim/resolve load', async () => {
    const before = await rows();
    const resolvedBefore = [...before.values()].filter((r) => r.status === 'resolved');
    // Reviewers of support race on support's resolved items too (esc_r1, esc_r2); sales' esc_s2 is out of their sight.
    const resolvedTargets = resolvedBefore.filter((r) => r.id.startsWith('esc_r'));
    expect(resolvedTargets.length).toBe(2);

    await Promise.all([...tokens.keys()].map(async (reviewer, r) => {
      const random = prng(7919 * (r + 1));
      for (let op = 0; op < opsPerReviewer && Date.now() < deadline; op++) {
        // Mostly the load items, sometimes an item resolved before the load started.
        const id = random() < 0.1 ? resolvedTargets[Math.floor(random() * resolvedTargets.length)]!.id : items[Math.floor(random() * items.length)]!;
        const roll = random();
        const action = roll < 0.45 ? 'claim' : roll < 0.7 ? 'unclaim' : 'resolve';
        await act(reviewer, action, id);
      }
    }));

    // Every answer is a success or a workflow refusal; never a server error.
    for (const o of outcomes) expect([200, 403, 409], `${o.reviewer} ${o.action} ${o.id}: ${JSON.stringify(o.body)}`).toContain(o.status);
    const succeeded = (action: string) => outcomes.filter((o) => o.action === action && o.status === 200);
    expect(succeeded('claim').length).toBeGreaterThan(burstItems);
    expect(succeeded('unclaim').length).toBeGreaterThan(0);
    expect(succeeded('resolve').length).toBeGreaterThan(0);

    const after = await rows();
    // At most one owner: claimed items name exactly one, queued ones none; resolved ones are complete.
    for (const row of after.values()) {
      if (row.status === 'claimed') expect(row.claimed_by, row.id).toBeTruthy();
      if (row.status === 'queued') expect(row.claimed_by, row.id).toBeNull();
      if (row.status === 'resolved') {
        for (const field of ['resolved_by', 'resolved_at', 'outcome', 'category', 'note'] as const) expect(row[field], `${row.id}.${field}`).toBeTruthy();
      }
    }
    // Resolved before the load: untouched. Resolved during it: exactly as the one 200 said.
    for (const row of resolvedBefore) expect(after.get(row.id)).toEqual(row);
    const resolutions = succeeded('resolve');
    expect(new Set(resolutions.map((o) => o.id)).size).toBe(resolutions.length);
    for (const o of resolutions) {
      const row = after.get(o.id)!;
      expect(row.status).toBe('resolved');
      expect(row.resolved_by).toBe(o.reviewer);
      expect(row.note).toBe(noteOf(o.reviewer));
      expect(o.body).toMatchObject({ status: 'resolved', reviewer: o.reviewer, resolved_at: row.resolved_at, outcome: row.outcome, category: row.category });
    }
    // An item's final owner is the last reviewer whose claim it answered 200 (if it is still claimed).
    for (const row of after.values()) {
      if (row.status !== 'claimed' || !items.includes(row.id)) continue;
      const claims = outcomes.filter((o) => o.id === row.id && o.action === 'claim' && o.status === 200);
      expect(claims.at(-1)?.reviewer, row.id).toBe(row.claimed_by);
    }

    // The audit trail: one entry per action that answered 200, no more and no fewer.
    const entries = await world.store.all<{ actor: string; action: string; target: string }>(
      'SELECT actor, action, target FROM audit WHERE seq > $seq ORDER BY seq', { seq: auditBefore },
    );
    const key = (e: { actor?: string; reviewer?: string; action: string; target?: string; id?: string }) => `${e.action} ${e.target ?? e.id} by ${e.actor ?? e.reviewer}`;
    const answered = outcomes.filter((o) => o.status === 200).map(key).sort();
    expect(entries.map(key).sort()).toEqual(answered);
    for (const action of ['claim', 'unclaim', 'resolve']) {
      expect(entries.filter((e) => e.action === action), action).toHaveLength(succeeded(action).length);
    }
    // Replaying each item's audit entries in order walks the workflow legally and ends in the stored state.
    for (const id of items) {
      let state: { status: string; owner: string | null } = { status: 'queued', owner: null };
      for (const e of entries.filter((x) => x.target === id)) {
        if (e.action === 'claim') expect(state.status, `${id}: claim from ${state.status}`).toBe('queued');
        if (e.action === 'unclaim') expect(state.owner, `${id}: unclaim by a non-owner`).toBe(e.actor);
        if (e.action === 'resolve') expect(state, `${id}: resolve by a non-owner`).toEqual({ status: 'claimed', owner: e.actor });
        state = e.action === 'claim' ? { status: 'claimed', owner: e.actor } : e.action === 'unclaim' ? { status: 'queued', owner: null } : { status: 'resolved', owner: e.actor };
      }
      const row = after.get(id)!;
      expect(row.status, id).toBe(state.status);
      if (state.status === 'claimed') expect(row.claimed_by, id).toBe(state.owner);
    }
    expect(await verifyAudit(world.store)).toMatchObject({ ok: true });
  });
});
