import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { eventsArrivedAfter, followEvents, latestArrival, parseEventFilter, type EventRow } from '../../src/events/index.js';
import type { EventInput } from '../../src/domain/event.js';
import { insertEvents, removeDir } from './fixture.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) removeDir(dir);
  dir = undefined;
});

const escalation = (id: string, timestamp: string, team = 'support'): EventInput => ({ id, timestamp, verdict: 'escalated', reason_code: 'pii_detected', team });

async function collect(rows: AsyncIterable<EventRow[]>): Promise<string[]> {
  const ids: string[] = [];
  for await (const batch of rows) ids.push(...batch.map((r) => r.id));
  return ids;
}

describe('arrivals', () => {
  it('lists what arrived after a mark, in arrival order, with the filters applied', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kt-follow-'));
    const store = await openStore(join(dir, 'kt.duckdb'));
    try {
      expect(await latestArrival(store)).toBeNull();
      await insertEvents(store, [escalation('evt_b', '2026-09-02T00:00:00Z'), escalation('evt_a', '2026-09-01T00:00:00Z')]);
      const all = parseEventFilter({});
      // Each INSERT commits on its own: evt_b arrived first although it is newer.
      expect(await collect(eventsArrivedAfter(store, all, null))).toEqual(['evt_b', 'evt_a']);
      const mark = await latestArrival(store);
      expect(typeof mark).toBe('number');
      expect(await collect(eventsArrivedAfter(store, all, mark))).toEqual([]);
      await insertEvents(store, [escalation('evt_c', '2026-01-01T00:00:00Z', 'sales'), { id: 'evt_d', timestamp: '2026-09-03T00:00:00Z', verdict: 'allow', team: 'sales' }]);
      expect(await collect(eventsArrivedAfter(store, all, mark))).toEqual(['evt_c', 'evt_d']);
      expect(await collect(eventsArrivedAfter(store, parseEventFilter({ verdict: 'escalated' }), mark))).toEqual(['evt_c']);
      expect(await collect(eventsArrivedAfter(store, parseEventFilter({ visibleTeams: ['support'] }), mark))).toEqual([]);
      expect((await latestArrival(store))! > mark!).toBe(true);
    } finally {
      store.close();
    }
  });

  it('followEvents stops when aborted and fails clearly on a store that does not exist', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kt-follow-'));
    const stop = new AbortController();
    stop.abort();
    await expect(followEvents(join(dir, 'none.duckdb'), parseEventFilter({}), { after: null, intervalMs: 10, signal: stop.signal, onEvents: () => undefined })).resolves.toBeUndefined();
    const running = new AbortController();
    await expect(followEvents(join(dir, 'none.duckdb'), parseEventFilter({}), { after: null, intervalMs: 10, signal: running.signal, onEvents: () => undefined })).rejects.toThrowError(/Cannot open the kt store/);
  });
});
