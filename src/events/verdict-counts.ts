import { zeroPerVerdict, type Verdict } from '../domain/event.js';
import type { Executor } from '../store/database.js';
import { filterParams, matchingEventsQuery, type EventFilter } from './filter.js';

/** How many events match a filter, in all and per verdict (every verdict present, zero or not). */
export interface VerdictCounts {
  all: number;
  byVerdict: Record<Verdict, number>;
}

/** The filter's events counted per verdict; its own verdict and limit are left out, so each verdict's count shows. */
export async function countEventsByVerdict(db: Executor, filter: EventFilter): Promise<VerdictCounts> {
  const params = filterParams({ ...filter, verdict: null });
  const rows = await db.all<{ verdict: Verdict; events: bigint | number }>(matchingEventsQuery('events_verdict_counts'), params);
  const byVerdict = zeroPerVerdict();
  for (const row of rows) byVerdict[row.verdict] = Number(row.events);
  return { all: Object.values(byVerdict).reduce((sum, n) => sum + n, 0), byVerdict };
}
