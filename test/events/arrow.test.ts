import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';
import { eventRowFields, eventsToArrowIPC, parseEventFilter, tailEvents } from '../../src/events/index.js';
import { fixtureDb, newestFirst, removeDir } from './fixture.js';

let dir: string;
let store: Store;
beforeAll(async () => {
  const fixture = await fixtureDb();
  dir = fixture.dir;
  store = await openStore(fixture.db, { readOnly: true });
});
afterAll(() => {
  store.close();
  removeDir(dir);
});

describe('eventsToArrowIPC', () => {
  it('round-trips every event through an Arrow IPC stream', async () => {
    const rows = await tailEvents(store, parseEventFilter({}));
    const table = tableFromIPC(eventsToArrowIPC(rows));
    expect(table.numRows).toBe(10);
    expect(table.schema.fields.map((f) => f.name)).toEqual([...eventRowFields]);
    expect(table.getChild('id')?.toArray()).toEqual(newestFirst);
    const back = table.toArray().map((r) => r.toJSON() as Record<string, unknown>);
    rows.forEach((row, i) => {
      const got = back[i]!;
      expect(got.id).toBe(row.id);
      expect(new Date(got.timestamp as number).toISOString()).toBe(row.timestamp);
      expect(got.verdict).toBe(row.verdict);
      expect(got.team).toBe(row.team);
      expect(got.score).toBe(row.score);
      expect(got.tokens_in === null ? null : Number(got.tokens_in)).toBe(row.tokens_in);
      expect(JSON.parse(got.policy_results as string)).toEqual(row.policy_results);
      expect(got.attributes === null ? null : JSON.parse(got.attributes as string)).toEqual(row.attributes);
    });
  });

  it('keeps the columns and their types when there are no rows', () => {
    const table = tableFromIPC(eventsToArrowIPC([]));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toContain('timestamp:Timestamp<MILLISECOND, UTC>');
    expect(table.schema.fields).toHaveLength(eventRowFields.length);
  });
});
