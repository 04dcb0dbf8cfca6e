import { describe, expect, it } from 'vitest';
import { EventTable } from '../../src/events/table.js';
import type { EventRow } from '../../src/events/index.js';

function event(id: string, overrides: Partial<EventRow> = {}): EventRow {
  return {
    id, timestamp: '2026-09-20T23:58:00.000Z', verdict: 'escalate', reason_code: 'pii_detected', policy: 'pii-detector',
    config_id: 'cfg_support', config_version: '2.3.0', provider: 'openai', model: 'gpt-4o', team: 'support', user_id: null,
    request_id: null, gateway_id: null, status: null, request: 'hello', response: null, score: null, latency_ms: null,
    tokens_in: null, tokens_out: null, cost_usd: null, policy_results: [], attributes: null, ...overrides,
  };
}

describe('EventTable', () => {
  it('prints the header once and keeps later rows aligned with earlier ones', () => {
    const table = new EventTable();
    const first = table.lines([event('evt_1')]).trimEnd().split('\n');
    expect(first).toHaveLength(3);
    expect(first[0]).toMatch(/^time \(UTC\) +verdict/);
    const later = table.lines([event('evt_2', { team: null, provider: null, model: null, config_id: null, request: 'a  multi\nline   request' })]);
    expect(later.trimEnd().split('\n')).toHaveLength(1);
    const idAt = first[0]!.indexOf(' id ') + 1;
    expect(first[2]!.slice(idAt, idAt + 5)).toBe('evt_1');
    expect(later.slice(idAt, idAt + 5)).toBe('evt_2');
    expect(later).toContain('2.3.0');
    expect(later).toMatch(/a multi line request\n$/);
  });

  it('cuts long requests to an excerpt and shows time in UTC without fractions', () => {
    const line = new EventTable().lines([event('evt_1', { request: 'x'.repeat(200), timestamp: '2026-09-20T23:58:00.123Z' })]).split('\n')[2]!;
    expect(line.startsWith('2026-09-20 23:58:00  ')).toBe(true);
    expect(line.endsWith('x'.repeat(47) + '…')).toBe(true);
  });
});

describe('EventTable for a follower', () => {
  it('starts roomy, so rows arriving after an empty header still line up with it', () => {
    const table = new EventTable({ roomy: true });
    const header = table.lines([]).split('\n')[0]!;
    const row = table.lines([event('evt_0123456789abcdef', { policy: 'human-oversight', reason_code: 'prompt_injection_detected' })]);
    const idAt = header.indexOf(' id ') + 1;
    expect(row.slice(idAt, idAt + 20)).toBe('evt_0123456789abcdef');
  });
});
