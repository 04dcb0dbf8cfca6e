import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/store/queries.js';

/**
 * event_traffic_hourly counts events by config, version, team and hour, and only ingest keeps
 * it: the merge (queries/ingest_event_traffic_merge.sql, before the insert and the update), and
 * the bulk load into a store without events (counted afresh after its rows are in place).
 * A new statement that writes events must keep the counts too: this test names it.
 */
describe('writers of events', () => {
  it('are only the ingest insert and update, which the hourly traffic merge goes with, and the bulk load, counted afresh', () => {
    const dir = join(projectRoot, 'queries');
    const writers = readdirSync(dir).filter((file) => {
      const sql = readFileSync(join(dir, file), 'utf8').replace(/--.*$/gm, '');
      return /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM|MERGE\s+INTO|COPY)\s+(main\.)?events\b/i.test(sql);
    });
    const bulk = ['ingest_event_native_bulk_apply_policy', 'ingest_event_native_bulk_apply_whole', 'ingest_event_native_bulk_insert'];
    expect(writers.sort()).toEqual(['ingest_event_insert.sql', 'ingest_event_update.sql', ...bulk.map((name) => `${name}.sql`)].sort());
    const merge = readFileSync(join(projectRoot, 'src/ingest/events.ts'), 'utf8');
    const order = ['ingest_event_traffic_merge', 'ingest_event_update', 'ingest_event_insert'].map((name) => merge.indexOf(`query('${name}')`));
    expect(order.every((at) => at > 0), 'all three run in src/ingest/events.ts').toBe(true);
    expect([...order].sort((a, b) => a - b), 'the traffic merge reads the stored rows, so it runs first').toEqual(order);

    // The bulk load writes in src/ingest/events-native.ts, then hands over to mergeBulk, which counts afresh.
    const native = readFileSync(join(projectRoot, 'src/ingest/events-native.ts'), 'utf8');
    const handover = native.indexOf('await mergeBulk(');
    for (const name of bulk) expect(native, `${name} is run by the native loader`).toContain(`'${name}'`);
    expect(handover).toBeGreaterThan(native.indexOf('finishBulkComplexRows(tx'));
    const mergeBulk = merge.slice(merge.indexOf('export async function mergeBulk'));
    expect(mergeBulk.slice(0, mergeBulk.indexOf('\n}\n')), 'mergeBulk counts the hourly traffic afresh').toContain("query('event_traffic_rebuild')");
  });
});
