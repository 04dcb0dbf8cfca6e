import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { listEscalations, queueFilterSchema } from '../../src/store/queue/index.js';
import { verifyAudit } from '../../src/store/audit.js';
import { createUser } from '../../src/store/users.js';
import { openWorld, seedEvent, type World, alice, root } from './seed.js';
import { call } from '../server/request.js';

let world: World;
beforeEach(async () => {
  world = await openWorld();
});
afterEach(() => world.close());

const filter = (q: Record<string, string>) => queueFilterSchema.parse(q);

describe('the queue list', () => {
  it('shows a reviewer only their teams, in the items and in the counts', async () => {
    const app = createApp(world.store);
    const a = await call(app, 'GET', '/api/escalations', world.tokens.reviewerA);
    expect(a.json.items.map((i: { id: string }) => i.id)).toEqual(['esc_q1', 'esc_q2', 'esc_c1', 'esc_r1', 'esc_r2']);
    expect(a.json.counts).toEqual({ queued: 2, claimed: 1, resolved: 2 });
    const b = await call(app, 'GET', '/api/escalations', world.tokens.reviewerB);
    expect(b.json.items.map((i: { id: string }) => i.id)).toEqual(['esc_s1', 'esc_s2']);
    expect(b.json.counts).toEqual({ queued: 1, claimed: 0, resolved: 1 });
    const asked = await call(app, 'GET', '/api/escalations?team=support', world.tokens.reviewerB);
    expect(asked.status).toBe(403);
    expect(asked.json.error.message).toMatch(/team support/);
  });

  it('refuses a team no event belongs to, naming the teams (of a limited caller, only theirs), instead of an empty page', async () => {
    const app = createApp(world.store);
    const misspelt = await call(app, 'GET', '/api/escalations?team=suport', world.tokens.admin);
    expect(misspelt.status).toBe(400);
    expect(misspelt.json).toEqual({ error: { code: 'bad_input', message: 'Unknown team suport: no event belongs to it; the teams are sales, support.', details: { field: 'team', value: 'suport' } } });
    // A team that is there but has nothing matching is answered, empty.
    const none = await call(app, 'GET', '/api/escalations?team=sales&status=claimed', world.tokens.admin);
    expect(none.status).toBe(200);
    expect(none.json.items).toEqual([]);
    // Another team, existing or not, stays a refusal of access: a limited caller learns nothing of other teams.
    const other = await call(app, 'GET', '/api/escalations?team=suport', world.tokens.reviewerA);
    expect(other.status).toBe(403);
    expect(other.json.error.message).toBe('You may not see team suport; your teams are support.');
    // One of the caller's own teams without events yet: unknown, naming only the caller's teams.
    const olga = (await createUser(world.store, { id: 'olga', role: 'reviewer', teams: ['support', 'ops'] }, 'test')).token;
    const ops = await call(app, 'GET', '/api/escalations?team=ops', olga);
    expect(ops.status).toBe(400);
    expect(ops.json.error.message).toBe('Unknown team ops: no event belongs to it; the teams are support.');
    // Once an event of the team arrives (a write), the team is answered.
    await seedEvent(world.store, { id: 'evt_ops1', timestamp: '2026-03-06T10:00:00Z', team: 'ops' });
    const arrived = await call(app, 'GET', '/api/escalations?team=ops', olga);
    expect(arrived.status).toBe(200);
    expect(arrived.json.items).toEqual([]);
  });

  it('filters by status, owner (me), severity and overdue', async () => {
    const now = new Date('2026-03-05T00:00:00Z');
    const ids = async (q: Record<string, string>, who = alice) => (await listEscalations(world.store, who, filter(q), now)).items.map((i) => i.id);
    expect(await ids({ status: 'queued' })).toEqual(['esc_q1', 'esc_q2']);
    expect(await ids({ owner: 'me' })).toEqual(['esc_c1', 'esc_r1', 'esc_r2']);
    expect(await ids({ owner: 'me', status: 'claimed' })).toEqual(['esc_c1']);
    expect(await ids({ severity: 'critical' })).toEqual(['esc_q2']);
    // esc_q2 was due 2026-03-02T11:00; esc_q1 is due 2026-03-09; resolved items are never overdue.
    expect(await ids({ overdue: 'true' })).toEqual(['esc_q2']);
    expect(await ids({ overdue: 'false', status: 'queued' })).toEqual(['esc_q1']);
    const page = await listEscalations(world.store, alice, filter({ status: 'queued' }), now);
    expect(page.counts).toEqual({ queued: 2, claimed: 1, resolved: 2 });
    expect(page.items[0]).toMatchObject({
      id: 'esc_q1', event_id: 'evt_q1', status: 'queued', owner: null, reviewer: null, routed: false,
      policy: 'human-oversight', reason_code: 'violence_terms', team: 'support', config_version: '2.3.0',
      age_minutes: 4 * 24 * 60 - 10 * 60, overdue: false, due_at: '2026-03-09T00:00:00.000Z',
    });
    expect(page.items[0]!.request_excerpt).toMatch(/kill the evt_q1 process/);
  });

  it('sorts by due time and pages with an opaque cursor, never repeating or skipping', async () => {
    const due = await listEscalations(world.store, root, filter({ sort: 'due', status: 'queued' }));
    expect(due.items.map((i) => i.id)).toEqual(['esc_q2', 'esc_q1', 'esc_s1']);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await listEscalations(world.store, root, filter({ limit: '2', ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((i) => i.id));
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    expect(seen).toEqual(['esc_q1', 'esc_s1', 'esc_q2', 'esc_s2', 'esc_c1', 'esc_r1', 'esc_r2']);
    const app = createApp(world.store);
    const bad = await call(app, 'GET', '/api/escalations?cursor=nonsense', world.tokens.admin);
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/cursor/);
    const unknown = await call(app, 'GET', '/api/escalations?colour=red', world.tokens.admin);
    expect(unknown.status).toBe(400);
  });
});

describe('the escalation detail', () => {
  it('has the event in full, the rule of its config version, the audit timeline and a team-limited pattern', async () => {
    const app = createApp(world.store);
    const a = await call(app, 'GET', '/api/escalations/esc_q1', world.tokens.reviewerA);
    expect(a.status).toBe(200);
    expect(a.json.event).toMatchObject({ id: 'evt_q1', verdict: 'escalate', response: 'a response', score: 0.8, provider: 'openai', team: 'support' });
    expect(a.json.config).toMatchObject({ config_id: 'cfg_support_prod', config_version: '2.3.0', known: true, rule: { reason_code: 'violence_terms', match: { any: ['kill', 'shoot'] } } });
    // Seven escalations share the pattern, but alice may count only support's five.
    expect(a.json.pattern).toMatchObject({ total: 5, by_status: { queued: 2, claimed: 1, resolved: 2 }, by_outcome: { approved: 1, denied: 1 }, by_category: { false_positive: 1, true_positive: 1 } });
    expect(a.json.pattern.recent_notes.map((n: { escalation_id: string }) => n.escalation_id)).toEqual(['esc_r2', 'esc_r1']);
    // The pattern is its key and its counts; the event appears once, as `event`.
    expect(Object.keys(a.json.pattern).sort()).toEqual(['by_category', 'by_outcome', 'by_status', 'config_id', 'config_version', 'policy', 'reason_code', 'recent_notes', 'total']);
    expect(a.json.pattern).toMatchObject({ policy: 'human-oversight', reason_code: 'violence_terms', config_id: 'cfg_support_prod', config_version: '2.3.0' });
    expect(a.text).not.toMatch(/Secret sales note/);
    const admin = await call(app, 'GET', '/api/escalations/esc_q1', world.tokens.admin);
    expect(admin.json.pattern.total).toBe(7);
    expect(admin.json.pattern.recent_notes[0]).toMatchObject({ escalation_id: 'esc_r2', resolved_by: 'alice', note: expect.any(String), resolved_at: expect.any(String) });
  });

  it('answers a foreign or missing id alike (404)', async () => {
    const app = createApp(world.store);
    const foreign = await call(app, 'GET', '/api/escalations/esc_s1', world.tokens.reviewerA);
    const missing = await call(app, 'GET', '/api/escalations/esc_nope', world.tokens.reviewerA);
    expect([foreign.status, missing.status]).toEqual([404, 404]);
    expect(foreign.json.error.message).toBe('No escalation esc_s1.');
  });
});

describe('claim, unclaim, resolve, reassign', () => {
  it('records every change in the audit chain with actor, before and after', async () => {
    const app = createApp(world.store);
    expect((await call(app, 'POST', '/api/escalations/esc_q1/claim', world.tokens.reviewerA)).json).toMatchObject({ status: 'claimed', owner: 'alice' });
    expect((await call(app, 'POST', '/api/escalations/esc_q1/unclaim', world.tokens.reviewerA)).json).toMatchObject({ status: 'queued', owner: null });
    await call(app, 'POST', '/api/escalations/esc_q1/claim', world.tokens.reviewerA);
    const resolved = await call(app, 'POST', '/api/escalations/esc_q1/resolve', world.tokens.reviewerA, {
      outcome: 'approved', category: 'false_positive', cause: 'policy_logic', note: '  Asked how to kill a hung process; harmless.  ', follow_up: 'policy_tuning',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.json).toMatchObject({ status: 'resolved', reviewer: 'alice', outcome: 'approved', category: 'false_positive', cause: 'policy_logic' });
    const audit = await call(app, 'GET', '/api/escalations/esc_q1/audit', world.tokens.reviewerA);
    expect(audit.json.entries.map((e: { action: string; actor: string }) => `${e.actor}:${e.action}`)).toEqual(['test:import', 'alice:claim', 'alice:unclaim', 'alice:claim', 'alice:resolve']);
    expect(audit.json.entries[4]).toMatchObject({ before: { status: 'claimed', claimed_by: 'alice' }, after: { status: 'resolved', note: 'Asked how to kill a hung process; harmless.' } });
    expect(await verifyAudit(world.store)).toMatchObject({ ok: true });
    const again = await call(app, 'POST', '/api/escalations/esc_q1/resolve', world.tokens.reviewerA, { outcome: 'denied', category: 'true_positive', note: 'Changing my mind about this one entirely.' });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/resolved is final/);
  });

  it('tells the loser of a claim who owns the item', async () => {
    const app = createApp(world.store);
    const lost = await call(app, 'POST', '/api/escalations/esc_c1/claim', world.tokens.admin);
    expect(lost.status).toBe(409);
    expect(lost.json.error).toMatchObject({ code: 'conflict', details: { owner: 'alice' } });
  });

  it('refuses to requeue a queued item, saying how to name the new owner on either interface', async () => {
    const app = createApp(world.store);
    const requeue = await call(app, 'POST', '/api/escalations/esc_q2/reassign', world.tokens.admin, {});
    expect(requeue.status).toBe(409);
    expect(requeue.json.error).toMatchObject({ code: 'conflict', details: { id: 'esc_q2', status: 'queued', field: 'to' } });
    expect(requeue.json.error.message).toBe('Escalation esc_q2 is already queued; name the user to hand it to (--to on the CLI, "to" in the API).');
  });

  it('validates a resolution and names the field', async () => {
    const app = createApp(world.store);
    const resolve = (body: unknown, token = world.tokens.reviewerA) => call(app, 'POST', '/api/escalations/esc_c1/resolve', token, body);
    const base = { outcome: 'approved', category: 'benign_positive' };
    for (const [note, pattern] of [['', /note is empty/], ['     ', /note is empty/], ['ok fine', /note is too short/], ['!!!!!!!!!!!!!!!!!!!!', /note is too short/]] as const) {
      const r = await resolve({ ...base, note });
      expect(r.status).toBe(400);
      expect(r.json.error.message).toMatch(pattern);
    }
    // The refusal says what it counts: characters, then words of two or more letters.
    const digits = await resolve({ ...base, note: '1 2 3 4 5 6 7 8 9 10' });
    expect(digits.json.error.message).toBe('Invalid body: note is too short: write at least 3 words explaining the decision (it has 0); a word is two or more letters, so numbers and symbols do not count');
    const brief = await resolve({ ...base, note: '  ok fine  ' });
    expect(brief.json.error.message).toMatch(/note is too short: write at least 15 characters \(it has 7\) explaining the decision$/);
    const noNote = await resolve(base);
    expect(noNote.json.error.message).toBe('Invalid body: note is required');
    const noCause = await resolve({ outcome: 'approved', category: 'false_positive', note: 'Harmless question about a game level.' });
    expect(noCause.status).toBe(400);
    expect(noCause.json.error.message).toMatch(/cause is required for a false positive/);
    const badOutcome = await resolve({ ...base, outcome: 'maybe', note: 'Harmless question about a game level.' });
    expect(badOutcome.json.error.message).toMatch(/outcome must be one of approved, denied/);
    const notOwner = await resolve({ ...base, note: 'Harmless question about a game level.' }, world.tokens.admin);
    expect(notOwner.status).toBe(403);
    expect(notOwner.json.error.message).toMatch(/claimed by alice/);
    const queued = await call(app, 'POST', '/api/escalations/esc_q1/resolve', world.tokens.reviewerA, { ...base, note: 'Harmless question about a game level.' });
    expect(queued.status).toBe(409);
  });

  it('takes identity only from the token, never from the body or headers', async () => {
    const app = createApp(world.store);
    const claimed = await call(app, 'POST', '/api/escalations/esc_q1/claim', world.tokens.reviewerA, { actor: 'root', claimed_by: 'root', user: 'root' }, { 'X-User': 'root', 'X-Actor': 'root', 'X-Forwarded-User': 'root' });
    expect(claimed.json.owner).toBe('alice');
    const spoofed = await call(app, 'POST', '/api/escalations/esc_c1/resolve', world.tokens.reviewerB, { outcome: 'approved', category: 'benign_positive', note: 'Resolving as alice, or so I claim.', resolved_by: 'alice' }, { 'X-User': 'alice' });
    expect(spoofed.status).toBe(400);
    const anonymous = await call(app, 'POST', '/api/escalations/esc_q2/claim', undefined, undefined, { 'X-User': 'alice' });
    expect(anonymous.status).toBe(401);
    const audit = await call(app, 'GET', '/api/escalations/esc_q1/audit', world.tokens.admin);
    expect(audit.json.entries.map((e: { actor: string }) => e.actor)).toEqual(['test', 'alice']);
  });

  it('lets an admin put back or hand over an item, to an active reviewer of its team only', async () => {
    const app = createApp(world.store);
    const reassign = (id: string, body: unknown, token = world.tokens.admin) => call(app, 'POST', `/api/escalations/${id}/reassign`, token, body);
    expect((await reassign('esc_q1', { to: 'bob' })).json.error.message).toMatch(/may not see team support/);
    expect((await reassign('esc_q1', { to: 'pat' })).json.error.message).toMatch(/does not review/);
    expect((await reassign('esc_q1', { to: 'ghost' })).json.error.message).toMatch(/no active user/);
    expect((await reassign('esc_q1', { to: 'alice' })).json).toMatchObject({ status: 'claimed', owner: 'alice' });
    expect((await reassign('esc_q1', {})).json).toMatchObject({ status: 'queued', owner: null });
    expect((await reassign('esc_q1', {})).status).toBe(409);
    expect((await reassign('esc_r1', { to: 'alice' })).status).toBe(409);
    const audit = await call(app, 'GET', '/api/escalations/esc_q1/audit', world.tokens.admin);
    expect(audit.json.entries.map((e: { actor: string; action: string; after: { claimed_by: string | null } }) => [e.actor, e.action, e.after.claimed_by])).toEqual([['test', 'import', null], ['root', 'reassign', 'alice'], ['root', 'reassign', null]]);
  });
});
