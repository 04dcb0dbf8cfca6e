import type { Verdict } from '../domain/event.js';
import type { Executor } from '../store/database.js';
import { query } from '../store/queries.js';
import { filterParams, matchingEventsQuery, type EventFilter } from './filter.js';

export type TimeBucket = 'hour' | 'day';

/** The filter's events per UTC hour or day and verdict, every bucket of the span present (zero or not). */
export interface EventsOverTime {
  bucket: TimeBucket;
  /** Bucket starts, oldest first, RFC 3339. */
  buckets: string[];
  counts: Array<{ bucket_start: string; verdict: Verdict; events: number }>;
  /** Config versions deployed within the span: the chart's markers. */
  deploys: Array<{ config_id: string; config_version: string; deployed_at: string }>;
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
/** A span of at most this many days is counted by the hour. */
const hourlyUpToDays = 3;

/**
 * Counted by the day, or by the hour when the events span three days or less. Buckets with no
 * event are filled with zeros, so a line drawn through them falls to zero instead of jumping
 * over the gap.
 */
export async function countEventsOverTime(db: Executor, filter: EventFilter): Promise<EventsOverTime> {
  const params = filterParams(filter);
  let bucket: TimeBucket = 'day';
  let rows = await countsBy(db, params, bucket);
  const days = new Set(rows.map((r) => r.bucket_start)).size;
  if (days > 0 && days <= hourlyUpToDays) {
    bucket = 'hour';
    rows = await countsBy(db, params, bucket);
  }
  if (rows.length === 0) return { bucket, buckets: [], counts: [], deploys: [] };
  const step = bucket === 'hour' ? hourMs : dayMs;
  const first = Date.parse(rows[0]!.bucket_start);
  const last = Date.parse(rows.at(-1)!.bucket_start);
  const buckets: string[] = [];
  for (let t = first; t <= last; t += step) buckets.push(new Date(t).toISOString());
  const seen = new Map(rows.map((r) => [`${r.bucket_start}|${r.verdict}`, r.events]));
  const verdicts = [...new Set(rows.map((r) => r.verdict))];
  const counts = buckets.flatMap((start) => verdicts.map((verdict) => ({ bucket_start: start, verdict, events: seen.get(`${start}|${verdict}`) ?? 0 })));
  const deploys = await db.all<{ config_id: string; config_version: string; deployed_at: string }>(query('events_config_deploys'), {
    from: buckets[0]!, to: new Date(last + step).toISOString(), config_id: filter.config_id,
  });
  return { bucket, buckets, counts, deploys };
}

async function countsBy(db: Executor, params: ReturnType<typeof filterParams>, bucket: TimeBucket) {
  const rows = await db.all<{ bucket_start: string | Date; verdict: Verdict; events: bigint | number }>(matchingEventsQuery('events_over_time'), { ...params, bucket_seconds: bucket === 'hour' ? 3600 : 86400 });
  return rows.map((r) => ({ bucket_start: new Date(r.bucket_start).toISOString(), verdict: r.verdict, events: Number(r.events) }));
}
