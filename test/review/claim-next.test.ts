import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { verifyAudit } from '../../src/store/audit.js';
import { claimNext, nextFilterSchema } from '../../src/store/queue/index.js';
import { call } from '../server/request.js';
import { openWorld, seedEscalation, seedEvent, type World, alice, root } from './seed.js';

let world: World;
beforeEach(async () => {
  world = await openWorld();
});
afterEach(() => world.close());

const next = (q: Record<string, string> = {}) => nextFilterSchema.parse(q);

describe('claiming the next queued escalation', () => {
  it('claims the oldest queued item of the caller’s teams, then the next, then says nothing is left', async () => {
    const first = await claimNext(world.store, alice, next());
    expect(first).toMatchObject({ id: 'esc_q1', status: 'claimed', owner: 'alice' });
    const second = await claimNext(world.store, alice, next());
    expect(second.id).toBe('esc_q2');
    // esc_s1 is queued too, but in sales: not alice's.
    await expect(claimNext(world.store, alice, next())).rejects.toMatchObject({
      code: 'not_found', message: 'No queued escalation in your teams: there is nothing to claim.',
    });
    const audit = await world.store.all<{ action: string; target: string; actor: string }>(
      "SELECT action, target, actor FROM audit WHERE action = 'claim' ORDER BY seq");
    expect(audit).toEqual([{ action: 'claim', target: 'esc_q1', actor: 'alice' }, { action: 'claim', target: 'esc_q2', actor: 'alice' }]);
  });

  it('follows the queue’s filters and order', async () => {
    // Soonest due first: esc_q2 is due on day 2, esc_q1 a week later.
    expect((await claimNext(world.store, alice, next({ sort: 'due' }))).id).toBe('esc_q2');
    expect((await claimNext(world.store, root, next({ team: 'sales' }))).id).toBe('esc_s1');
    await expect(claimNext(world.store, root, next({ team: 'sales' }))).rejects.toMatchObject({
      code: 'not_found', message: 'No queued escalation in your teams matches team sales: there is nothing to claim.',
      details: { status: 'queued', team: 'sales' },
    });
    await expect(claimNext(world.store, root, next({ policy: 'pii-detector', overdue: 'true' }))).rejects.toMatchObject({
      message: 'No queued escalation in your teams matches policy pii-detector, overdue: there is nothing to claim.',
    });
    // The queue's team refusals hold: another team's is 403, a team no event belongs to is 400.
    await expect(claimNext(world.store, alice, next({ team: 'sales' }))).rejects.toMatchObject({ code: 'forbidden' });
    await expect(claimNext(world.store, root, next({ team: 'suport' }))).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('gives reviewers asking at the same time different items, each with one owner', async () => {
    for (let i = 0; i < 12; i++) {
      const key = `n${String(i).padStart(2, '0')}`;
      await seedEvent(world.store, { id: `evt_${key}`, timestamp: '2026-03-06T10:00:00Z', team: 'support' });
      await seedEscalation(world.store, { id: `esc_${key}`, event_id: `evt_${key}`, created_at: `2026-03-06T10:${String(i).padStart(2, '0')}:00Z` });
    }
    const bob = { id: 'bob', role: 'reviewer' as const, teams: ['support'] };
    // 14 queued in support (esc_q1, esc_q2 and 12 more); 16 asks: 14 claims, 2 told nothing is left.
    const asks = Array.from({ length: 16 }, (_, i) => claimNext(world.store, i % 2 === 0 ? alice : bob, next()));
    const settled = await Promise.allSettled(asks);
    const claimed = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.id] : []));
    const refused = settled.flatMap((s) => (s.status === 'rejected' ? [(s.reason as { code: string }).code] : []));
    expect(new Set(claimed).size).toBe(14);
    expect(claimed).toHaveLength(14);
    expect(refused).toEqual(['not_found', 'not_found']);
    const owners = await world.store.all<{ n: number }>("SELECT count(*)::INTEGER AS n FROM escalations WHERE event_team = 'support' AND status = 'queued'");
    expect(owners).toEqual([{ n: 0 }]);
    expect((await verifyAudit(world.store)).ok).toBe(true);
  });
});

describe('POST /api/escalations/claim-next', () => {
  it('answers the claimed item, 404 when none is left, and refuses what the queue refuses', async () => {
    const app = createApp(world.store);
    const claimed = await call(app, 'POST', '/api/escalations/claim-next?sort=due', world.tokens.reviewerA);
    expect(claimed.status).toBe(200);
    expect(claimed.json).toMatchObject({ id: 'esc_q2', status: 'claimed', owner: 'alice' });
    expect((await call(app, 'POST', '/api/escalations/claim-next', world.tokens.reviewerA)).json.id).toBe('esc_q1');
    const none = await call(app, 'POST', '/api/escalations/claim-next', world.tokens.reviewerA);
    expect(none.status).toBe(404);
    expect(none.json.error).toEqual({ code: 'not_found', message: 'No queued escalation in your teams: there is nothing to claim.', details: { status: 'queued' } });
    // Status and owner are not for the caller to choose: the next one is queued and becomes theirs.
    const status = await call(app, 'POST', '/api/escalations/claim-next?status=claimed', world.tokens.reviewerB);
    expect(status.status).toBe(400);
    expect(status.json.error.message).toMatch(/unknown parameter status/);
    expect((await call(app, 'POST', '/api/escalations/claim-next?sort=newest', world.tokens.reviewerB)).status).toBe(400);
    expect((await call(app, 'POST', '/api/escalations/claim-next', world.tokens.policyOwner)).status).toBe(403);
  });
});
