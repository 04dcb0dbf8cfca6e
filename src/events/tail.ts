import type { Executor } from '../store/database.js';
import { query } from '../store/queries.js';
import { filterParams, type EventFilter } from './filter.js';
import { toEventRow, type EventRow, type StoredEventRow } from './rows.js';

/** The newest events matching the filter (timestamp, then id, descending), at most `filter.limit`. */
export async function tailEvents(db: Executor, filter: EventFilter): Promise<EventRow[]> {
  const rows = await db.all<StoredEventRow>(query('events_tail'), { ...filterParams(filter), limit: filter.limit });
  return rows.map(toEventRow);
}
