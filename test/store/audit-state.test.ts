import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/store/audit.js';
import { mismatchText } from '../../src/store/audit-state.js';
import { claimEscalation, reassignEscalation, resolveEscalation, unclaimEscalation } from '../../src/store/queue/index.js';
import { revokeUser } from '../../src/store/users.js';
import { alice, openWorld, root, seedEvent, type World } from '../review/seed.js';

let world: World;
beforeEach(async () => {
  world = await openWorld();
  // Some queue history on top of the seeded imports: every kind of escalation change.
  await claimEscalation(world.store, alice, 'esc_q1');
  await unclaimEscalation(world.store, alice, 'esc_q1');
  await reassignEscalation(world.store, root, 'esc_q1', 'alice');
  await resolveEscalation(world.store, alice, 'esc_q1', { outcome: 'approved', category: 'false_positive', cause: 'policy_logic', note: 'A question about killing a stuck process.' });
});
afterEach(() => world.close());

describe('audit verify: the stored escalations against their entries', () => {
  it('accounts for every escalation after claims, unclaims, reassigns and resolves', async () => {
    const result = await verifyAudit(world.store);
    expect(result).toMatchObject({ ok: true, state: { escalations: 7, mismatched: 0, first: [] } });
  });

  it('shows the newest entry cut off the end, which the chain alone cannot', async () => {
    await world.store.run('DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)');
    const result = await verifyAudit(world.store);
    expect(result.firstBroken).toBeUndefined();
    expect(result.ok).toBe(false);
    expect(result.state?.mismatched).toBe(1);
    const [m] = result.state!.first;
    expect(m).toMatchObject({ escalation: 'esc_q1', field: 'status', stored: 'resolved', audited: 'claimed' });
    expect(mismatchText(m!)).toMatch(/esc_q1 has status "resolved" in the store, but its last audit entry \(\d+\) leaves it "claimed"/);
  });

  it('shows a row edited, added or deleted outside kt', async () => {
    await world.store.run(`UPDATE escalations SET note = 'rewritten later' WHERE id = 'esc_r1'`);
    await world.store.run(`INSERT INTO escalations (id, event_id, created_at, status, origin) VALUES ('esc_x', 'evt_s1x', now(), 'queued', 'auto')`);
    await world.store.run(`DELETE FROM escalations WHERE id = 'esc_s1'`);
    const result = await verifyAudit(world.store);
    expect(result.ok).toBe(false);
    expect(result.state?.first.map((m) => [m.escalation, m.field, m.stored])).toEqual([
      ['esc_r1', 'note', 'rewritten later'],
      ['esc_x', 'row', 'present'],
      ['esc_s1', 'row', 'missing'],
    ]);
  });

  it('shows a follow-up changed outside kt', async () => {
    // esc_q1 was resolved above with no follow-up: dropping the incident flag (or adding one) is an edit the log must show.
    await world.store.run(`UPDATE escalations SET follow_up = 'incident' WHERE id = 'esc_q1'`);
    const result = await verifyAudit(world.store);
    expect(result.ok).toBe(false);
    expect(result.state?.first).toMatchObject([{ escalation: 'esc_q1', field: 'follow_up', stored: 'incident', audited: null }]);
    expect(mismatchText(result.state!.first[0]!)).toMatch(/esc_q1 has follow_up "incident" in the store, but its last audit entry \(\d+\) leaves it \(none\)/);
  });

  it('shows an escalation re-pointed at another event, whose request an evidence pack would then show beside this decision', async () => {
    // A harmless event of the same team, with no escalation of its own (event_id is unique).
    await seedEvent(world.store, { id: 'evt_bland', timestamp: '2026-03-01T10:00:00Z', team: 'support' });
    await world.store.run(`UPDATE escalations SET event_id = 'evt_bland' WHERE id = 'esc_r1'`);
    const result = await verifyAudit(world.store);
    expect(result.ok).toBe(false);
    expect(result.state?.first).toMatchObject([{ escalation: 'esc_r1', field: 'event_id', stored: 'evt_bland', audited: 'evt_r1' }]);
    expect(mismatchText(result.state!.first[0]!)).toMatch(/esc_r1 has event_id "evt_bland" in the store, but its last audit entry \(\d+\) leaves it "evt_r1"/);
  });

  it('holds the chain against a head noted earlier', async () => {
    const noted = (await verifyAudit(world.store)).head;
    await revokeUser(world.store, 'pat', 'root');
    expect(await verifyAudit(world.store, { expectHead: noted })).toMatchObject({ ok: true, expected_head: { hash: noted, found: true } });
    // Cutting the entries back to before the noted head changes no escalation: only the noted head shows it.
    const { seq } = (await world.store.one<{ seq: number }>('SELECT seq FROM audit WHERE hash = ?', [noted]))!;
    await world.store.run('DELETE FROM audit WHERE seq >= ?', [seq]);
    await world.store.run(`UPDATE escalations SET status = 'claimed', resolved_by = NULL, outcome = NULL, category = NULL, cause = NULL, note = NULL WHERE id = 'esc_q1'`);
    const cut = await verifyAudit(world.store, { expectHead: noted });
    expect(cut.ok).toBe(false);
    expect(cut.expected_head).toEqual({ hash: noted, found: false });
  });
});
