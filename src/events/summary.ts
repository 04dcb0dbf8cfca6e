import { verdicts, type Verdict } from '../domain/event.js';
import type { Executor } from '../store/database.js';
import { refuseUnknownTeam, type EventFilter } from './filter.js';
import { countEventsOverTime, type TimeBucket } from './over-time.js';
import { countEventsByVerdict } from './verdict-counts.js';

/** One bucket of the summary's timeline: its start and its events per verdict. */
export type SummaryBucket = { start: string } & Record<Verdict, number>;

/**
 * What `kt events summary`, `GET /api/events/summary` and the Events page's tabs and chart
 * show: how many events a filter matches, per verdict and over time, with the config versions
 * deployed in the span (a rollout's effect on what gets flagged).
 */
export interface EventsSummary {
  /** Events matching the whole filter. */
  events: number;
  /** Each verdict's count under the other filters (the filter's own verdict left out), so every tab has its number. */
  by_verdict: Record<Verdict, number>;
  over_time: {
    /** `hour` when the matching events span three days or less, else `day` (UTC). */
    bucket: TimeBucket;
    /** Every bucket from the first event's to the last's, oldest first, empty ones as zeros. */
    buckets: SummaryBucket[];
    deploys: Array<{ config_id: string; config_version: string; deployed_at: string }>;
  };
}

/** The filter's summary; a team no event belongs to is refused, as the tail refuses it. */
export async function summarizeEvents(db: Executor, filter: EventFilter): Promise<EventsSummary> {
  await refuseUnknownTeam(db, filter);
  const [counts, overTime] = await Promise.all([countEventsByVerdict(db, filter), countEventsOverTime(db, filter)]);
  const byStart = new Map<string, SummaryBucket>(overTime.buckets.map((start) => [start, { start, ...zeroPerVerdict() }]));
  for (const count of overTime.counts) byStart.get(count.bucket_start)![count.verdict] = count.events;
  return {
    events: filter.verdict ? counts.byVerdict[filter.verdict] : counts.all,
    by_verdict: counts.byVerdict,
    over_time: { bucket: overTime.bucket, buckets: [...byStart.values()], deploys: overTime.deploys },
  };
}

function zeroPerVerdict(): Record<Verdict, number> {
  return Object.fromEntries(verdicts.map((v) => [v, 0])) as Record<Verdict, number>;
}
