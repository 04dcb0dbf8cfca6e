import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backlog } from '../../src/analytics/backlog.js';
import type { Principal } from '../../src/domain/user.js';
import { claimEscalation, unclaimEscalation } from '../../src/store/queue/actions.js';
import { openWorld, type World } from '../review/seed.js';

// Time to claim is time to the first claim: an unclaim clears claimed_at, so the row alone
// would time a re-claimed item from its last claim and miss one claimed and put back.
let world: World;
beforeEach(async () => (world = await openWorld()));
afterEach(() => world.close());

const alice: Principal = { id: 'alice', role: 'reviewer', teams: ['support'] };
const bob: Principal = { id: 'bob', role: 'reviewer', teams: ['sales'] };
const at = (time: string) => new Date(`2026-03-01T${time}:00Z`);
const now = new Date('2026-03-10T00:00:00Z');

describe('backlog: time to first claim, from the audit entries', () => {
  it('times a re-claimed item from its first claim', async () => {
    // esc_s1 is created 10:00; bob claims it at 10:10, puts it back at 10:20 and claims it again at 11:30.
    await claimEscalation(world.store, bob, 'esc_s1', at('10:10'));
    await unclaimEscalation(world.store, bob, 'esc_s1', at('10:20'));
    await claimEscalation(world.store, bob, 'esc_s1', at('11:30'));
    const report = await backlog(world.store, { team: 'sales' }, 'everyone', now);
    // sales: esc_s2 claimed as it was created (0 minutes), esc_s1 first claimed after 10 → p50 5, p90 9 (not 45 and 81).
    expect(report.overall).toMatchObject({ escalations: 2, time_to_claim_p50_minutes: 5, time_to_claim_p90_minutes: 9 });
    expect(report.by_reviewer).toMatchObject([{ reviewer: 'bob', time_to_claim_p50_minutes: 5 }]);
  });

  it('counts an item that was claimed and put back in the queue', async () => {
    // esc_q1 (created 10:00) claimed by alice at 10:30 and put back at 10:45: queued now, but it waited 30 minutes for a reviewer.
    await claimEscalation(world.store, alice, 'esc_q1', at('10:30'));
    await unclaimEscalation(world.store, alice, 'esc_q1', at('10:45'));
    const report = await backlog(world.store, { team: 'support' }, 'everyone', now);
    // support claims: c1, r1, r2 at 0 and q1 at 30 → p50 0, p90 21 (q2 was never claimed).
    expect(report.overall).toMatchObject({ escalations: 5, time_to_claim_p50_minutes: 0 });
    expect(report.overall.time_to_claim_p90_minutes).toBeCloseTo(21, 9);
    expect(report.open).toMatchObject({ queued: 2, claimed: 1 });
  });
});
