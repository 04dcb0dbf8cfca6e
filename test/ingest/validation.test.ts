import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile, ingestEventText, rejectionLine, writeRejects } from '../../src/ingest/index.js';
import type { Store } from '../../src/store/database.js';
import { count, event, fixture, tempStore, writeLines } from './helpers.js';

let ctx: Awaited<ReturnType<typeof tempStore>>;
let store: Store;
beforeEach(async () => {
  ctx = await tempStore();
  store = ctx.store;
});
afterEach(() => ctx.done());

/** Ingests one NDJSON line and returns its single rejection reason, or undefined when accepted. */
async function reasonFor(row: unknown): Promise<string | undefined> {
  const report = await ingestEventText(store, 'one.ndjson', typeof row === 'string' ? row : JSON.stringify(row));
  expect(report.total).toBe(1);
  return report.rejections[0]?.reason;
}

describe('event validation', () => {
  it('reports every invalid row of the fixture with line, field and reason, and loads the valid ones', async () => {
    const report = await ingestFile(store, 'events', fixture('events.ndjson'));
    expect(report).toMatchObject({ total: 12, accepted: 5, rejected: 7, inserted: 5 });
    expect(report.accepted + report.rejected).toBe(report.total);
    expect(report.rejections.map((r) => [r.line, r.field])).toEqual([
      [6, 'verdict'], [7, 'reason_code'], [9, 'score'], [10, 'timestamp'], [11, 'tokens_in'], [12, undefined], [13, 'id'],
    ]);
    expect(rejectionLine(report.rejections[0]!)).toBe(`${fixture('events.ndjson')}:6: verdict must be one of allow, block, redact, escalate (or allowed, blocked, redacted, escalated)`);
    expect(report.rejections[5]!.reason).toMatch(/^the line is not valid JSON/);
    expect(await count(store, 'events')).toBe(5);
  });

  it('requires id, timestamp and verdict', async () => {
    expect(await reasonFor({ timestamp: '2026-09-14T10:00:00Z', verdict: 'allow' })).toBe('id is required');
    expect(await reasonFor({ id: 'evt_1', verdict: 'allow' })).toMatch(/^timestamp /);
    expect(await reasonFor({ id: 'evt_1', timestamp: '2026-09-14T10:00:00Z' })).toMatch(/^verdict must be one of/);
  });

  it('normalises past-tense verdicts', async () => {
    await ingestEventText(store, 'v.ndjson', [
      JSON.stringify(event('evt_a', { verdict: 'allowed' })),
      JSON.stringify(event('evt_b', { verdict: 'Blocked', reason_code: 'pii' })),
      JSON.stringify(event('evt_c', { verdict: 'redacted', reason_code: 'pii' })),
      JSON.stringify(event('evt_d', { verdict: 'escalated', reason_code: 'pii' })),
    ].join('\n'));
    const rows = await store.all<{ id: string; verdict: string }>('SELECT id, verdict FROM events ORDER BY id');
    expect(rows.map((r) => r.verdict)).toEqual(['allow', 'block', 'redact', 'escalate']);
  });

  it('requires reason_code unless the verdict is allow', async () => {
    expect(await reasonFor(event('evt_1', { verdict: 'allow' }))).toBeUndefined();
    for (const verdict of ['block', 'redact', 'escalate']) {
      expect(await reasonFor(event('evt_1', { verdict }))).toBe(`reason_code is required when verdict is ${verdict}`);
    }
  });

  it('refuses a blank reason_code where one is required, and keeps blank optional text as given', async () => {
    for (const verdict of ['block', 'redact', 'escalate']) {
      expect(await reasonFor(event('evt_1', { verdict, reason_code: '   ' }))).toBe(`reason_code is blank (only whitespace), but is required when verdict is ${verdict}`);
    }
    expect(await reasonFor(event('evt_1', { verdict: 'block', reason_code: '\t\u3000\n' }))).toMatch(/^reason_code is blank/);
    expect(await reasonFor(event('evt_1', { verdict: 'block', reason_code: '' }))).toBe('reason_code is required when verdict is block');
    expect(await reasonFor(event(' ', {}))).toBe('id is blank (only whitespace): every event needs an id');
    expect(await reasonFor(event('', {}))).toBe('id is required');
    expect(await reasonFor(event('evt_2', { verdict: 'allow', reason_code: '  ', team: ' ', request: '\n' }))).toBeUndefined();
    expect(await store.one("SELECT reason_code, team, request FROM events WHERE id = 'evt_2'")).toEqual({ reason_code: '  ', team: ' ', request: '\n' });
  });

  it('refuses negative durations and costs, naming the field', async () => {
    expect(await reasonFor(event('evt_1', { latency_ms: -1 }))).toBe('latency_ms must be at least 0 (got -1)');
    expect(await reasonFor(event('evt_1', { cost_usd: -0.5 }))).toBe('cost_usd must be at least 0 (got -0.5)');
    expect(await reasonFor(event('evt_1', { latency_ms: 0, cost_usd: 0 }))).toBeUndefined();
  });

  it('says a number too large for a double is out of range, as written', async () => {
    const row = (fields: string) => `{"id":"evt_1","timestamp":"2026-09-14T10:00:00Z","verdict":"allow",${fields}}`;
    expect(await reasonFor(row('"cost_usd":1e400'))).toBe('cost_usd is out of range (1e400 is not a finite number)');
    expect(await reasonFor(row('"latency_ms" : -2E+999'))).toBe('latency_ms is out of range (-2E+999 is not a finite number)');
    expect(await reasonFor(row('"score":1e309,"request":"\\"score\\":5"'))).toBe('score is out of range (1e309 is not a finite number)');
    expect(await reasonFor(row('"policy_results":[{"policy":"p","score":1e400}]'))).toBe('policy_results.0.score is out of range (not a finite number)');
  });

  it('keeps score within 0..1 and counts as whole non-negative numbers', async () => {
    expect(await reasonFor(event('evt_1', { score: -0.1 }))).toBe('score must be between 0 and 1');
    expect(await reasonFor(event('evt_1', { score: 1.01 }))).toBe('score must be between 0 and 1');
    expect(await reasonFor(event('evt_1', { score: 'high' }))).toBe('score must be a number (got "high")');
    expect(await reasonFor(event('evt_1', { tokens_in: 2.5 }))).toMatch(/^tokens_in must be a whole number/);
    expect(await reasonFor(event('evt_1', { score: 1, tokens_in: 3 }))).toBeUndefined();
  });

  it('accepts RFC 3339 timestamps with a zone only', async () => {
    expect(await reasonFor(event('evt_1', { timestamp: '2026-09-14T10:00:00+02:00' }))).toBeUndefined();
    expect(await reasonFor(event('evt_2', { timestamp: '2026-09-14T10:00:00.123456Z' }))).toBeUndefined();
    expect(await reasonFor(event('evt_1', { timestamp: '2026-09-14T10:00:00' }))).toMatch(/^timestamp must be an RFC 3339 timestamp with a time zone/);
    expect(await reasonFor(event('evt_1', { timestamp: 'yesterday' }))).toMatch(/^timestamp must be an RFC 3339/);
    const row = await store.one<{ ts: string }>("SELECT \"timestamp\" AS ts FROM events WHERE id = 'evt_1'");
    expect(row?.ts).toBe('2026-09-14T08:00:00.000Z');
  });

  it('validates policy_results entries and rejects non-object lines', async () => {
    expect(await reasonFor(event('evt_1', { policy_results: [{ phase: 'request' }] }))).toBe('policy_results.0.policy is required');
    expect(await reasonFor('[1, 2]')).toBe('the line is not a JSON object');
  });

  it('keeps unknown fields in attributes, top-level and inside policy_results', async () => {
    await ingestFile(store, 'events', fixture('events.ndjson'));
    const rows = await store.all<{ id: string; attributes: string | null; policy_results: string | null }>(
      "SELECT id, attributes, policy_results FROM events WHERE id IN ('evt_001', 'evt_002') ORDER BY id",
    );
    expect(JSON.parse(rows[0]!.attributes!)).toEqual({ region: 'eu-west-1' });
    expect(rows[1]!.attributes).toBeNull();
    expect(JSON.parse(rows[1]!.policy_results!)).toEqual([
      { policy: 'pii-detector', phase: 'request', verdict: 'block', reason_code: 'pii_detected', score: 0.97, detector: 'regex-v2' },
    ]);
  });

  it('writes every rejected row, verbatim, to the rejects file', async () => {
    const report = await ingestFile(store, 'events', fixture('events.ndjson'));
    const out = join(ctx.dir, 'rejects.ndjson');
    await writeRejects(out, report.rejections);
    const written = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const source = readFileSync(fixture('events.ndjson'), 'utf8').split('\n');
    expect(written).toHaveLength(7);
    for (const r of written) {
      expect(Object.keys(r)).toEqual(['file', 'line', 'field', 'reason', 'raw']);
      expect(r.raw).toBe(source[(r.line as number) - 1]);
    }
  });

  it('lets the later row win when one file repeats an id', async () => {
    const path = writeLines(ctx.dir, 'dup.ndjson', [event('evt_1', { team: 'first' }), event('evt_2'), event('evt_1', { team: 'second' })]);
    const report = await ingestFile(store, 'events', path);
    expect(report).toMatchObject({ total: 3, accepted: 3, inserted: 2, duplicates: 1 });
    expect((await store.one<{ team: string }>("SELECT team FROM events WHERE id = 'evt_1'"))?.team).toBe('second');
  });
});
