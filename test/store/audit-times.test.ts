import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestEventText, ingestFile } from '../../src/ingest/index.js';
import { verifyAudit } from '../../src/store/audit.js';
import { mismatchText } from '../../src/store/audit-state.js';
import { claimEscalation, reassignEscalation, resolveEscalation, unclaimEscalation } from '../../src/store/queue/index.js';
import { alice, openWorld, root, type World } from '../review/seed.js';

// kt audit verify holds an escalation's times and severity against its entries, as instants, where the entries record them.

let world: World;
beforeEach(async () => {
  world = await openWorld();
  // Worked in kt: the claim records claimed_at, the resolve resolved_at.
  await claimEscalation(world.store, alice, 'esc_q1', new Date('2026-03-01T11:00:00Z'));
  await resolveEscalation(world.store, alice, 'esc_q1', { outcome: 'approved', category: 'false_positive', cause: 'policy_logic', note: 'A question about killing a stuck process.' }, new Date('2026-03-01T12:00:00Z'));
  // Made by ingest: the create entry records created_at, severity and due_at; the import records every field.
  await ingestEventText(world.store, 'events.ndjson', [
    JSON.stringify({ id: 'evt_auto', timestamp: '2026-03-02T08:00:00.123456Z', verdict: 'escalate', reason_code: 'violence_terms', team: 'support' }),
    JSON.stringify({ id: 'evt_imp', timestamp: '2026-03-02T09:00:00Z', verdict: 'escalate', reason_code: 'violence_terms', team: 'support' }),
  ].join('\n') + '\n');
  const file = join(world.dir, 'upstream.ndjson');
  writeFileSync(file, JSON.stringify({
    id: 'esc_imp', event_id: 'evt_imp', created_at: '2026-03-02T09:00:00+02:00', status: 'resolved', severity: 'high',
    claimed_by: 'rev7', claimed_at: '2026-03-02T09:10:00+02:00', resolved_by: 'rev7', resolved_at: '2026-03-02T09:30:00.5+02:00',
    outcome: 'denied', category: 'true_positive', note: 'A real threat, correctly flagged.',
  }) + '\n');
  await ingestFile(world.store, 'escalations', file);
});
afterEach(() => world.close());

async function firstMismatch() {
  const result = await verifyAudit(world.store);
  expect(result.ok).toBe(false);
  expect(result.state?.mismatched).toBe(1);
  return result.state!.first[0]!;
}

describe('audit verify: times and severity', () => {
  it('accounts for every escalation as kt and ingest left them (times compared as instants, not as text)', async () => {
    expect(await verifyAudit(world.store)).toMatchObject({ ok: true, state: { mismatched: 0 } });
  });

  it('shows a resolved_at moved earlier in the file, to hide that an item was resolved late', async () => {
    await world.store.run(`UPDATE escalations SET resolved_at = '2026-03-01T11:30:00Z' WHERE id = 'esc_q1'`);
    const m = await firstMismatch();
    expect(m).toMatchObject({ escalation: 'esc_q1', field: 'resolved_at', stored: '2026-03-01T11:30:00.000Z', audited: '2026-03-01T12:00:00.000Z' });
    expect(mismatchText(m)).toMatch(/esc_q1 has resolved_at "2026-03-01T11:30:00.000Z" in the store, but its last audit entry \(\d+\) leaves it "2026-03-01T12:00:00.000Z"/);
  });

  it('shows an imported resolved_at edited, though the import spelled it in another zone', async () => {
    await world.store.run(`UPDATE escalations SET resolved_at = resolved_at - INTERVAL 1 DAY WHERE id = 'esc_imp'`);
    expect(await firstMismatch()).toMatchObject({ escalation: 'esc_imp', field: 'resolved_at', audited: '2026-03-02T07:30:00.500Z' });
  });

  it.each([
    ['claimed_at', `claimed_at = claimed_at + INTERVAL 5 MINUTE`, 'esc_q1'],
    ['severity', `severity = 'low'`, 'esc_imp'],
    ['due_at', `due_at = due_at + INTERVAL 3 DAY`, 'esc_imp'],
    ['created_at', `created_at = created_at + INTERVAL 1 HOUR`, 'esc_evt_auto'],
    ['due_at', `due_at = due_at + INTERVAL 1 DAY`, 'esc_evt_auto'],
  ])('shows %s changed in the file (%s on %s)', async (field, set, id) => {
    await world.store.run(`UPDATE escalations SET ${set} WHERE id = $id`, { id });
    expect(await firstMismatch()).toMatchObject({ escalation: id, field });
  });

  it('holds the claim time through unclaims and reassigns', async () => {
    await claimEscalation(world.store, alice, 'esc_q2', new Date('2026-03-03T10:00:00Z'));
    await unclaimEscalation(world.store, alice, 'esc_q2', new Date('2026-03-03T10:05:00Z'));
    expect(await verifyAudit(world.store)).toMatchObject({ ok: true });
    await world.store.run(`UPDATE escalations SET claimed_at = '2026-03-03T10:00:00Z' WHERE id = 'esc_q2'`);
    expect(await firstMismatch()).toMatchObject({ escalation: 'esc_q2', field: 'claimed_at', audited: null });
    await world.store.run(`UPDATE escalations SET claimed_at = NULL WHERE id = 'esc_q2'`);
    await reassignEscalation(world.store, root, 'esc_q2', 'alice', new Date('2026-03-03T11:00:00Z'));
    await world.store.run(`UPDATE escalations SET claimed_at = '2026-03-03T12:00:00Z' WHERE id = 'esc_q2'`);
    expect(await firstMismatch()).toMatchObject({ escalation: 'esc_q2', field: 'claimed_at', audited: '2026-03-03T11:00:00.000Z' });
  });

  it('does not guess a field an entry never recorded (a hand-written import naming no times)', async () => {
    // The seeded imports name no times (test/review/seed.ts): esc_r1's resolved_at is not held until an entry records it.
    await world.store.run(`UPDATE escalations SET resolved_at = resolved_at + INTERVAL 1 DAY WHERE id = 'esc_r1'`);
    expect(await verifyAudit(world.store)).toMatchObject({ ok: true });
  });
});
