import type { Executor } from '../store/database.js';
import { filterParams, matchingEventsQuery, refuseUnknownTeam, type EventFilter } from './filter.js';
import { toEventRow, type EventRow, type StoredEventRow } from './rows.js';

/**
 * The newest events matching the filter (timestamp, then id, descending), at most `filter.limit`.
 * A team no event belongs to is refused (a follower starts with this tail, so it is refused too).
 */
export async function tailEvents(db: Executor, filter: EventFilter): Promise<EventRow[]> {
  await refuseUnknownTeam(db, filter);
  const rows = await db.all<StoredEventRow>(matchingEventsQuery('events_tail'), { ...filterParams(filter), limit: filter.limit });
  return rows.map(toEventRow);
}
