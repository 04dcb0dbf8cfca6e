import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { eventsToArrowIPC, type EventRow } from '../../src/events/index.js';
import { arrowRecords } from '../../src/server/arrow-records.js';

const row: EventRow = {
  id: 'evt_1', timestamp: '2026-03-01T10:00:00.000Z', verdict: 'escalate', reason_code: 'pii_detected', policy: 'pii-detector',
  config_id: 'cfg', config_version: '1.0.0', provider: 'openai', model: 'gpt-4o', team: 'support', user_id: null,
  request_id: null, gateway_id: null, status: null, request: 'my card is 4111', response: null, score: 0.9,
  latency_ms: 12.5, tokens_in: 10, tokens_out: 20, cost_usd: 0.01,
  policy_results: [{ policy: 'pii-detector', verdict: 'escalate', reason_code: 'pii_detected', score: 0.9 }],
  attributes: { region: 'eu', id: 'not-the-id' },
};

describe('arrowRecords', () => {
  it('reads back what GET /api/events sends as NDJSON-shaped records', () => {
    const [record] = arrowRecords(eventsToArrowIPC([row]));
    expect(record).toMatchObject({
      id: 'evt_1', timestamp: '2026-03-01T10:00:00.000Z', verdict: 'escalate', tokens_in: 10, score: 0.9, region: 'eu',
      policy_results: [{ policy: 'pii-detector', reason_code: 'pii_detected' }],
    });
    expect(record).not.toHaveProperty('attributes');
  });

  it('refuses a body that is not Arrow', () => {
    expect(() => arrowRecords(new TextEncoder().encode('{"id":"evt_1"}\n'))).toThrow(/not an Arrow IPC stream/);
  });

  it('refuses bytes the Arrow reader would take for a stream without a schema, and an empty body', () => {
    for (const bytes of [new TextEncoder().encode('garbage'), new Uint8Array(16), new Uint8Array([255, 255, 255, 255, 0, 0, 0, 0])]) {
      expect(() => arrowRecords(bytes)).toThrow(/^The body is not an Arrow IPC stream: it has no schema \(\d+ bytes\)\.$/);
    }
    expect(() => arrowRecords(new Uint8Array())).toThrow(/^The body is empty/);
  });

  it('reads a stream with a schema and no rows as no records', () => {
    expect(arrowRecords(eventsToArrowIPC([]))).toEqual([]);
  });

  it('refuses a stream followed by more bytes: a second stream or junk would be dropped unread', () => {
    const stream = eventsToArrowIPC([row]);
    const twice = new Uint8Array([...stream, ...stream]);
    expect(() => arrowRecords(twice)).toThrow(`The body goes on for ${stream.length} bytes after its Arrow IPC stream ends (at byte ${stream.length})`);
    const junk = new Uint8Array([...stream, ...new TextEncoder().encode('{"id":"evt_2"}')]);
    expect(() => arrowRecords(junk)).toThrow(/goes on for 14 bytes after its Arrow IPC stream ends/);
  });

  it('reads one IPC file, and refuses two back to back or a file followed by junk', () => {
    const file = tableToIPC(tableFromIPC(eventsToArrowIPC([row])), 'file');
    expect(arrowRecords(file)).toHaveLength(1);
    const second = tableToIPC(tableFromIPC(eventsToArrowIPC([row, { ...row, id: 'evt_2' }])), 'file');
    const twice = new Uint8Array([...file, ...second]);
    expect(() => arrowRecords(twice)).toThrow(`The body goes on for ${second.length} bytes after its Arrow IPC file ends (at byte ${file.length}); nothing was stored. Send one file per request.`);
    const junk = new Uint8Array([...file, 1, 2, 3]);
    expect(() => arrowRecords(junk)).toThrow(`The body goes on for 3 bytes after its Arrow IPC file ends (at byte ${file.length})`);
  });

  it('reads a stream without its end-of-stream marker, as writers may leave it off', () => {
    const stream = eventsToArrowIPC([row]);
    expect(arrowRecords(stream.subarray(0, stream.length - 8))).toHaveLength(1);
  });
});
