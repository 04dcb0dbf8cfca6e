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
 * Counted by the day, or by the hour when the span is three days or less. The span is the window
 * asked for (`--since`, `--until`), cut to the events stored in the caller's teams, or else the
 * matching events' own: a rule that began firing three days into `--since 7d` shows the quiet days
 * before. Buckets with no event are filled with zeros, so a line drawn through them falls to zero
 * instead of jumping over the gap.
 */
export async function countEventsOverTime(db: Executor, filter: EventFilter): Promise<EventsOverTime> {
  const params = filterParams(filter);
  const daily = await countsBy(db, params, 'day');
  if (daily.length === 0) return { bucket: 'day', buckets: [], counts: [], deploys: [] };
  const window = await askedWindow(db, filter);
  const spanStart = (rows: BucketCount[], step: number) => floorTo(window.from ?? Date.parse(rows[0]!.bucket_start), step);
  const spanEnd = (rows: BucketCount[], step: number) => floorTo(window.to ?? Date.parse(rows.at(-1)!.bucket_start), step);
  const days = (spanEnd(daily, dayMs) - spanStart(daily, dayMs)) / dayMs + 1;
  const bucket: TimeBucket = days <= hourlyUpToDays ? 'hour' : 'day';
  const step = bucket === 'hour' ? hourMs : dayMs;
  const rows = bucket === 'hour' ? await countsBy(db, params, bucket) : daily;
  const first = spanStart(rows, step);
  const last = spanEnd(rows, step);
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

type BucketCount = { bucket_start: string; verdict: Verdict; events: number };

/**
 * The window asked for as the first and last instants to chart: since (or else the oldest event
 * stored in the caller's teams) to until, exclusive (or else the newest), cut to the stored
 * events, since zeros outside them are not known zeros. Null without a since or until: then
 * the matching events' own span is charted.
 */
async function askedWindow(db: Executor, filter: EventFilter): Promise<{ from: number | null; to: number | null }> {
  if (!filter.since && !filter.until) return { from: null, to: null };
  const stored = await db.one<{ oldest_event: string | null; newest_event: string | null }>(query('events_time_span'), { teams: filterParams(filter).teams ?? null });
  if (!stored?.oldest_event || !stored.newest_event) return { from: null, to: null };
  const oldest = Date.parse(stored.oldest_event);
  const newest = Date.parse(stored.newest_event);
  return {
    from: Math.max(filter.since?.getTime() ?? oldest, oldest),
    to: Math.min(filter.until ? filter.until.getTime() - 1 : newest, newest),
  };
}

/** The start of the UTC hour or day (step in ms) holding the instant. */
function floorTo(ms: number, step: number): number {
  return Math.floor(ms / step) * step;
}

async function countsBy(db: Executor, params: ReturnType<typeof filterParams>, bucket: TimeBucket): Promise<BucketCount[]> {
  const rows = await db.all<{ bucket_start: string | Date; verdict: Verdict; events: bigint | number }>(matchingEventsQuery('events_over_time'), { ...params, bucket_seconds: bucket === 'hour' ? 3600 : 86400 });
  return rows.map((r) => ({ bucket_start: new Date(r.bucket_start).toISOString(), verdict: r.verdict, events: Number(r.events) }));
}
