import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestEventText, ingestFile } from '../../src/ingest/index.js';
import { changeText } from '../../src/domain/audit.js';
import { auditFor, verifyAudit } from '../../src/store/audit.js';
import { claimEscalation } from '../../src/store/queue/index.js';
import { createUser } from '../../src/store/users.js';
import { count, escalateEvent, tempStore, writeLines } from './helpers.js';

let ctx: Awaited<ReturnType<typeof tempStore>>;
beforeEach(async () => {
  ctx = await tempStore();
  // No config is stored, so nothing is routed: every escalate event gets a queued escalation.
  await ingestEventText(ctx.store, 'events.ndjson', [
    escalateEvent('evt_1', { timestamp: '2026-09-14T10:00:00Z' }),
    escalateEvent('evt_2', { timestamp: '2026-09-14T11:00:00Z', severity: 'critical' }),
    escalateEvent('evt_3', { severity: 'not-a-severity' }),
    escalateEvent('evt_4'),
  ].map((e) => JSON.stringify(e)).join('\n'));
});
afterEach(() => ctx.done());

type Esc = { id: string; event_id: string; status: string; severity: string; created_at: string; due_at: string; origin: string; claimed_by: string | null; note: string | null; attributes: string | null };
const escalation = (eventId: string) => ctx.store.one<Esc>('SELECT * FROM escalations WHERE event_id = ?', [eventId]);

const resolvedRow = (id: string, eventId: string, overrides: Record<string, unknown> = {}) => ({
  id, event_id: eventId, status: 'resolved', claimed_by: 'upstream_rev', resolved_by: 'upstream_rev',
  resolved_at: '2026-09-14T12:00:00Z', outcome: 'approved', category: 'false_positive', cause: 'policy_logic',
  note: 'Asked how to stop a process, not about violence.', ticket: 'SUP-1', ...overrides,
});

describe('automatic escalations', () => {
  it('every escalate event gets esc_<event id>, queued, created at the event time, due by severity', async () => {
    expect(await escalation('evt_1')).toMatchObject({
      id: 'esc_evt_1', status: 'queued', origin: 'auto', severity: 'medium',
      created_at: '2026-09-14T10:00:00.000Z', due_at: '2026-09-15T10:00:00.000Z', claimed_by: null,
    });
    expect(await escalation('evt_2')).toMatchObject({ severity: 'critical', due_at: '2026-09-14T12:00:00.000Z' });
    expect((await escalation('evt_3'))?.severity).toBe('medium');
  });
});

describe('imported escalations', () => {
  it('an import replaces an untouched automatic escalation whatever its id, keeping reviewer ids and extras', async () => {
    const path = writeLines(ctx.dir, 'esc.ndjson', [resolvedRow('esc_up_1', 'evt_1')]);
    const report = await ingestFile(ctx.store, 'escalations', path, { actor: 'cli:tester' });
    expect(report).toMatchObject({ total: 1, accepted: 1, inserted: 0, updated: 1 });
    expect(await ctx.store.one('SELECT count(*)::INTEGER AS n FROM escalations WHERE event_id = ?', ['evt_1'])).toEqual({ n: 1 });
    const row = await escalation('evt_1');
    expect(row).toMatchObject({ id: 'esc_up_1', origin: 'import', status: 'resolved', claimed_by: 'upstream_rev', created_at: '2026-09-14T10:00:00.000Z' });
    expect(JSON.parse(row!.attributes!)).toEqual({ ticket: 'SUP-1' });
    const [entry] = await auditFor(ctx.store, 'esc_up_1');
    expect(entry).toMatchObject({ actor: 'cli:tester', action: 'import' });
    expect(entry?.before).toMatchObject({ id: 'esc_evt_1', status: 'queued' });
    expect(entry?.after).toMatchObject({ id: 'esc_up_1', status: 'resolved', outcome: 'approved' });
  });

  it('rejects an escalation naming an unknown event, with its line', async () => {
    const path = writeLines(ctx.dir, 'esc.ndjson', [resolvedRow('esc_up_1', 'evt_1'), { id: 'esc_up_9', event_id: 'evt_nope' }]);
    const report = await ingestFile(ctx.store, 'escalations', path);
    expect(report).toMatchObject({ total: 2, accepted: 1, rejected: 1 });
    expect(report.rejections[0]).toMatchObject({ line: 2, field: 'event_id', reason: 'event_id evt_nope names no known event (ingest the events first)' });
  });

  it('validates imported rows with the contract', async () => {
    const path = writeLines(ctx.dir, 'esc.ndjson', [
      { id: 'up_1', event_id: 'evt_1' },
      { id: 'esc_2', event_id: 'evt_2', status: 'resolved', outcome: 'approved' },
      { id: 'esc_3', event_id: 'evt_3', status: 'closed' },
    ]);
    const report = await ingestFile(ctx.store, 'escalations', path);
    expect(report.rejections.map((r) => r.reason)).toEqual([
      'id must start with esc_',
      'resolved_by is required when status is resolved; resolved_at is required when status is resolved; category is required when status is resolved',
      'status must be one of queued, claimed, resolved',
    ]);
  });

  it('a row without an id is the event\'s escalation, esc_<event id>; only event_id is required', async () => {
    const path = writeLines(ctx.dir, 'esc.ndjson', [{ event_id: 'evt_2', severity: 'low' }, { event_id: 'evt_1' }, { status: 'queued' }]);
    const report = await ingestFile(ctx.store, 'escalations', path);
    expect(report).toMatchObject({ total: 3, accepted: 2, rejected: 1, updated: 1, unchanged: 1 });
    expect(report.rejections).toMatchObject([{ line: 3, field: 'event_id', reason: 'event_id is required' }]);
    expect(await escalation('evt_2')).toMatchObject({ id: 'esc_evt_2', origin: 'import', severity: 'low' });
    expect(await escalation('evt_1')).toMatchObject({ id: 'esc_evt_1', origin: 'auto' });
    // The timeline (audit log, evidence document) says what the row became, not that its origin was cleared.
    const imported = (await auditFor(ctx.store, 'esc_evt_2')).find((e) => e.action === 'import')!;
    expect(changeText(imported.before, imported.after)).toMatch(/^severity: critical → low, .*, origin: auto → import$/);
  });

  it('refuses rows the review workflow cannot produce, naming line and field, and stores none of them', async () => {
    const hours = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();
    const path = writeLines(ctx.dir, 'esc.ndjson', [
      { id: 'esc_q', event_id: 'evt_3', status: 'queued', claimed_by: 'joe', resolved_by: 'ann', outcome: 'denied' },
      resolvedRow('esc_t', 'evt_3', { created_at: '2026-09-14T12:00:00Z', claimed_at: '2026-09-14T11:00:00Z', resolved_at: '2026-09-14T09:00:00Z' }),
      resolvedRow('esc_r', 'evt_3', { resolved_by: null, resolved_at: undefined }),
      { id: 'esc_f', event_id: 'evt_3', created_at: hours(48) },
      { id: 'esc_c', event_id: 'evt_3', status: 'claimed', claimed_by: 'joe', resolved_at: '2026-09-14T12:00:00Z', category: 'duplicate' },
      // No created_at: it is the event's time (10:00), which the claim may not precede.
      { id: 'esc_e', event_id: 'evt_4', status: 'claimed', claimed_by: 'joe', claimed_at: '2026-09-14T09:59:00Z' },
      { id: 'esc_s', event_id: 'evt_3', status: 'claimed', claimed_at: '2026-09-14T11:00:00Z' },
    ]);
    const report = await ingestFile(ctx.store, 'escalations', path);
    expect(report).toMatchObject({ total: 7, accepted: 0, rejected: 7 });
    expect(report.rejections.map((r) => [r.file, r.line, r.field, r.reason])).toEqual([
      [path, 1, 'claimed_by', 'claimed_by is not allowed when status is queued; resolved_by is not allowed when status is queued; outcome is not allowed when status is queued'],
      [path, 2, 'claimed_at', 'claimed_at (2026-09-14T11:00:00Z) must not be before created_at (2026-09-14T12:00:00Z); resolved_at (2026-09-14T09:00:00Z) must not be before claimed_at (2026-09-14T11:00:00Z)'],
      [path, 3, 'resolved_by', 'resolved_by is required when status is resolved; resolved_at is required when status is resolved'],
      [path, 4, 'created_at', expect.stringMatching(/^created_at is in the future \(\d{4}-.+Z\): more than a day ahead of now$/)],
      [path, 5, 'resolved_at', 'resolved_at is not allowed when status is claimed; category is not allowed when status is claimed'],
      [path, 6, 'claimed_at', "claimed_at (2026-09-14T09:59:00.000Z) must not be before created_at (the event's time, 2026-09-14T10:00:00.000Z)"],
      [path, 7, 'claimed_by', 'claimed_by is required when status is claimed'],
    ]);
    expect(await escalation('evt_3')).toMatchObject({ id: 'esc_evt_3', origin: 'auto' });
    expect(await escalation('evt_4')).toMatchObject({ id: 'esc_evt_4', origin: 'auto' });
  });

  it('accepts the workflow\'s own shapes: a status implied by the fields, times in order, a little clock skew, unknown reviewers', async () => {
    const path = writeLines(ctx.dir, 'esc.ndjson', [
      { event_id: 'evt_1', claimed_by: 'upstream_rev', claimed_at: '2026-09-14T10:05:00Z' },
      resolvedRow('esc_r', 'evt_2', { claimed_at: '2026-09-14T11:00:00Z', resolved_at: '2026-09-14T11:00:00Z', category: 'false_positive', cause: undefined }),
      { id: 'esc_s', event_id: 'evt_3', created_at: new Date(Date.now() + 3_600_000).toISOString() },
    ]);
    const report = await ingestFile(ctx.store, 'escalations', path);
    expect(report.rejections).toEqual([]);
    expect(await escalation('evt_1')).toMatchObject({ id: 'esc_evt_1', status: 'claimed', claimed_by: 'upstream_rev' });
    expect(await escalation('evt_2')).toMatchObject({ id: 'esc_r', status: 'resolved' });
  });

  it('re-import of the same file is a no-op; a changed row updates it and the audit keeps before → after', async () => {
    const v1 = writeLines(ctx.dir, 'v1.ndjson', [resolvedRow('esc_up_1', 'evt_1')]);
    await ingestFile(ctx.store, 'escalations', v1);
    const auditBefore = await count(ctx.store, 'audit');
    expect(await ingestFile(ctx.store, 'escalations', v1)).toMatchObject({ accepted: 1, unchanged: 1, updated: 0, inserted: 0 });
    expect(await count(ctx.store, 'audit')).toBe(auditBefore);

    const v2 = writeLines(ctx.dir, 'v2.ndjson', [resolvedRow('esc_up_1', 'evt_1', { category: 'benign_positive', cause: null })]);
    expect(await ingestFile(ctx.store, 'escalations', v2)).toMatchObject({ updated: 1 });
    expect((await ctx.store.one<{ category: string }>("SELECT category FROM escalations WHERE id = 'esc_up_1'"))?.category).toBe('benign_positive');
    const timeline = await auditFor(ctx.store, 'esc_up_1');
    expect(timeline.map((e) => e.action)).toEqual(['import', 'import']);
    expect(timeline[1]?.before).toMatchObject({ category: 'false_positive' });
    expect(timeline[1]?.after).toMatchObject({ category: 'benign_positive' });
    expect((await verifyAudit(ctx.store)).ok).toBe(true);
  });

  it('refuses to overwrite an escalation worked in kt, saying so', async () => {
    const { user } = await createUser(ctx.store, { id: 'alice', role: 'reviewer', teams: [] }, 'cli:test');
    await claimEscalation(ctx.store, { id: user.id, role: user.role, teams: user.teams }, 'esc_evt_4');
    const path = writeLines(ctx.dir, 'esc.ndjson', [resolvedRow('esc_up_4', 'evt_4'), resolvedRow('esc_evt_4', 'evt_4')]);
    const report = await ingestFile(ctx.store, 'escalations', path);
    // Two rows for one event, both refused: a refused row supersedes nothing.
    expect(report).toMatchObject({ total: 2, accepted: 0, duplicates: 0, rejected: 2 });
    expect(report.rejections.map((r) => r.line)).toEqual([1, 2]);
    expect(report.rejections[1]).toMatchObject({
      line: 2, reason: 'event evt_4 already has escalation esc_evt_4, claimed by alice in kt; an import cannot overwrite work done in kt',
    });
    expect(await escalation('evt_4')).toMatchObject({ id: 'esc_evt_4', status: 'claimed', claimed_by: 'alice' });
  });

  it('of two rows for one event, a later row the store refuses does not hide the earlier valid one', async () => {
    const path = writeLines(ctx.dir, 'q.ndjson', [
      { id: 'esc_a', event_id: 'evt_3', status: 'queued', severity: 'critical' },
      // esc_evt_1 is the automatic escalation of evt_1: this row is refused.
      { id: 'esc_evt_1', event_id: 'evt_3', status: 'queued', severity: 'low' },
    ]);
    const report = await ingestFile(ctx.store, 'escalations', path);
    expect(report).toMatchObject({ total: 2, accepted: 1, rejected: 1, inserted: 0, updated: 1, duplicates: 0 });
    expect(report.rejections).toMatchObject([{ line: 2, field: 'id', reason: 'id esc_evt_1 already belongs to the escalation of event evt_1' }]);
    expect(await escalation('evt_3')).toMatchObject({ id: 'esc_a', origin: 'import', severity: 'critical' });
    expect(await escalation('evt_1')).toMatchObject({ id: 'esc_evt_1', origin: 'auto' });
    expect(await count(ctx.store, 'escalations')).toBe(4);
  });

  it('of two valid rows for one event the last wins, counted as superseded by a row for the same event', async () => {
    const path = writeLines(ctx.dir, 'q.ndjson', [
      { id: 'esc_a', event_id: 'evt_3', severity: 'critical' },
      { id: 'esc_b', event_id: 'evt_3', severity: 'low' },
      { id: 'esc_c', event_id: 'evt_2' },
      { id: 'esc_c', event_id: 'evt_2', severity: 'high' },
    ]);
    const report = await ingestFile(ctx.store, 'escalations', path);
    expect(report).toMatchObject({ total: 4, accepted: 4, rejected: 0, updated: 2, duplicates: 2, supersededByEvent: 1 });
    expect(await escalation('evt_3')).toMatchObject({ id: 'esc_b', severity: 'low' });
    expect(await escalation('evt_2')).toMatchObject({ id: 'esc_c', severity: 'high' });
    expect(await ctx.store.one("SELECT count(*)::INTEGER AS n FROM escalations WHERE id IN ('esc_a', 'esc_evt_3')")).toEqual({ n: 0 });
    // The same file again changes nothing.
    expect(await ingestFile(ctx.store, 'escalations', path)).toMatchObject({ accepted: 4, unchanged: 2, updated: 0, inserted: 0, duplicates: 2 });
  });

  it('reads escalations from CSV too', async () => {
    const path = writeLines(ctx.dir, 'esc.csv', [
      'id,event_id,status,severity,claimed_by,note',
      'esc_c1,evt_2,claimed,high,upstream_rev,',
      'esc_c2,evt_unknown,queued,,,',
    ]);
    const report = await ingestFile(ctx.store, 'escalations', path);
    expect(report).toMatchObject({ total: 2, accepted: 1, rejected: 1 });
    expect(report.rejections[0]).toMatchObject({ line: 3, raw: 'esc_c2,evt_unknown,queued,,,' });
    expect(await escalation('evt_2')).toMatchObject({ id: 'esc_c1', status: 'claimed', severity: 'high', due_at: '2026-09-14T15:00:00.000Z', note: null });
  });
});
