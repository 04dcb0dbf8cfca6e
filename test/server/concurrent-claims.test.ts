import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import { createUser } from '../../src/store/users.js';
import { auditFor, verifyAudit } from '../../src/store/audit.js';
import { openWorld, seedEscalation, seedEvent, type World } from '../review/seed.js';

let world: World;
let server: RunningServer;
beforeEach(async () => {
  world = await openWorld();
  server = await startServer(world.store, { port: 0, host: '127.0.0.1' });
});
afterEach(async () => {
  await server.close();
  world.close();
});

describe('concurrent claims on a real port', () => {
  it('gives exactly one owner when 20 reviewers claim the same item at once', async () => {
    const reviewers = 20;
    const tokens: string[] = [];
    for (let i = 0; i < reviewers; i++) {
      tokens.push((await createUser(world.store, { id: `rev${i}`, role: 'reviewer', teams: ['support'] }, 'test')).token);
    }
    const responses = await Promise.all(tokens.map(async (token) => {
      const response = await fetch(`${server.url}/api/escalations/esc_q1/claim`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(30_000),
      });
      return { status: response.status, body: (await response.json()) as { owner?: string; error?: { details: { owner: string } } } };
    }));
    const winners = responses.filter((r) => r.status === 200);
    const losers = responses.filter((r) => r.status !== 200);
    expect(winners).toHaveLength(1);
    expect(losers.map((r) => r.status)).toEqual(Array(reviewers - 1).fill(409));
    const owner = winners[0]!.body.owner;
    expect(owner).toMatch(/^rev\d+$/);
    for (const loser of losers) expect(loser.body.error?.details.owner).toBe(owner);
    const claims = (await auditFor(world.store, 'esc_q1')).filter((e) => e.action === 'claim');
    expect(claims.map((e) => e.actor)).toEqual([owner]);
    expect(await verifyAudit(world.store)).toMatchObject({ ok: true });
  });

  it('gives 20 reviewers asking for the next one at once different items, and the rest a 404', async () => {
    // 16 queued in support: esc_q1, esc_q2 and 14 more; 20 reviewers ask once each.
    for (let i = 0; i < 14; i++) {
      const key = `m${String(i).padStart(2, '0')}`;
      await seedEvent(world.store, { id: `evt_${key}`, timestamp: '2026-03-07T10:00:00Z', team: 'support' });
      await seedEscalation(world.store, { id: `esc_${key}`, event_id: `evt_${key}`, created_at: `2026-03-07T10:${String(i).padStart(2, '0')}:00Z` });
    }
    const tokens: string[] = [];
    for (let i = 0; i < 20; i++) tokens.push((await createUser(world.store, { id: `next${i}`, role: 'reviewer', teams: ['support'] }, 'test')).token);
    const responses = await Promise.all(tokens.map(async (token) => {
      const response = await fetch(`${server.url}/api/escalations/claim-next`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(30_000),
      });
      return { status: response.status, body: (await response.json()) as { id?: string; owner?: string } };
    }));
    const won = responses.filter((r) => r.status === 200);
    expect(won).toHaveLength(16);
    expect(new Set(won.map((r) => r.body.id)).size).toBe(16);
    expect(responses.filter((r) => r.status !== 200).map((r) => r.status)).toEqual([404, 404, 404, 404]);
    const owners = await world.store.all<{ id: string; claimed_by: string }>("SELECT id, claimed_by FROM escalations WHERE status = 'claimed' AND claimed_by LIKE 'next%'");
    expect(owners).toHaveLength(16);
    expect(new Set(owners.map((o) => o.claimed_by)).size).toBe(16);
    expect(await verifyAudit(world.store)).toMatchObject({ ok: true });
  });
});
