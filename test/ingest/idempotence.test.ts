import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/index.js';
import { auditFor, verifyAudit } from '../../src/store/audit.js';
import { count, escalateEvent, event, fixture, tempStore, writeLines } from './helpers.js';

let ctx: Awaited<ReturnType<typeof tempStore>>;
beforeEach(async () => {
  ctx = await tempStore();
});
afterEach(() => ctx.done());

const snapshot = async () => ({
  events: await ctx.store.all('SELECT * EXCLUDE (ingested_at) FROM events ORDER BY id'),
  escalations: await ctx.store.all('SELECT * EXCLUDE (updated_at) FROM escalations ORDER BY id'),
  audit: await count(ctx.store, 'audit'),
});

describe('idempotent ingest', () => {
  it('re-ingesting the same file adds nothing and changes nothing', async () => {
    const first = await ingestFile(ctx.store, 'events', fixture('events.ndjson'), { actor: 'cli:test' });
    expect(first).toMatchObject({ inserted: 5, updated: 0, unchanged: 0, escalationsCreated: 3 });
    const before = await snapshot();
    const again = await ingestFile(ctx.store, 'events', fixture('events.ndjson'), { actor: 'cli:test' });
    expect(again).toMatchObject({ total: 12, accepted: 5, rejected: 7, inserted: 0, updated: 0, unchanged: 5, escalationsCreated: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('a changed row with the same id updates it; the others stay unchanged', async () => {
    const v1 = writeLines(ctx.dir, 'v1.ndjson', [event('evt_1'), event('evt_2', { score: 0.2 }), escalateEvent('evt_3')]);
    await ingestFile(ctx.store, 'events', v1);
    const v2 = writeLines(ctx.dir, 'v2.ndjson', [event('evt_1'), event('evt_2', { score: 0.3, region: 'eu' }), escalateEvent('evt_3'), event('evt_4')]);
    const report = await ingestFile(ctx.store, 'events', v2);
    expect(report).toMatchObject({ inserted: 1, updated: 1, unchanged: 2, escalationsCreated: 0 });
    const row = await ctx.store.one<{ score: number; attributes: string }>("SELECT score, attributes FROM events WHERE id = 'evt_2'");
    expect(row?.score).toBe(0.3);
    expect(JSON.parse(row!.attributes)).toEqual({ region: 'eu' });
    expect(await count(ctx.store, 'escalations')).toBe(1);
  });

  it('audits each file once with its counts and sha256, and each automatic escalation; the chain verifies', async () => {
    const report = await ingestFile(ctx.store, 'events', fixture('events.ndjson'), { actor: 'cli:tester' });
    const [entry] = await auditFor(ctx.store, 'file:events.ndjson');
    expect(entry).toMatchObject({ actor: 'cli:tester', action: 'ingest', before: null });
    expect(entry?.after).toMatchObject({ kind: 'events', total: 12, accepted: 5, rejected: 7, inserted: 5, escalations_created: 3, sha256: report.sha256 });
    expect(report.sha256).toMatch(/^[0-9a-f]{64}$/);
    const created = await auditFor(ctx.store, 'esc_evt_005');
    expect(created.map((e) => [e.actor, e.action])).toEqual([['system', 'create']]);
    await ingestFile(ctx.store, 'events', fixture('events.ndjson'), { actor: 'cli:tester' });
    expect(await auditFor(ctx.store, 'file:events.ndjson')).toHaveLength(1);
    expect(await verifyAudit(ctx.store)).toMatchObject({ ok: true, entries: 4 });
  });
});
