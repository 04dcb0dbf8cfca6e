import { zeroPerVerdict, type Verdict } from '../domain/event.js';
import type { Executor } from '../store/database.js';
import { filterParams, matchingEventsQuery, refuseUnknownTeam, type EventFilter } from './filter.js';
import { countEventsOverTime, type TimeBucket } from './over-time.js';
import { countEventsByVerdict } from './verdict-counts.js';

/** One bucket of the summary's timeline: its start and its events per verdict. */
export type SummaryBucket = { start: string } & Record<Verdict, number>;

/**
 * What `kt events summary`, `GET /api/events/summary` and the Events page's tabs, chart and
 * sources show: how many events a filter matches, per verdict and over time, with the config
 * versions deployed in the span (a rollout's effect on what gets flagged), and where they come from.
 */
export interface EventsSummary {
  /** Events matching the whole filter. */
  events: number;
  /** Each verdict's count under the other filters (the filter's own verdict left out), so every tab has its number. */
  by_verdict: Record<Verdict, number>;
  over_time: {
    /** `hour` when the span is three days or less, else `day` (UTC). */
    bucket: TimeBucket;
    /**
     * Every bucket of the span, oldest first, empty ones as zeros: the since / until asked for, cut
     * to the events stored in the caller's teams, or else the first matching event's to the last's.
     */
    buckets: SummaryBucket[];
    deploys: Array<{ config_id: string; config_version: string; deployed_at: string }>;
  };
  sources: EventSources;
}

/**
 * Where the events come from, the biggest first: did several teams hit it after a rollout, is it
 * one reason code, which config version? Without a verdict asked for, allowed traffic is left
 * out (as the chart leaves it out): it would bury what was flagged, and its policy is none.
 */
export interface EventSources {
  /** What the lists count: every flagged event (block, redact, escalate), or the verdict asked for. */
  of: 'flagged' | Verdict;
  /** How many events that is: the lists' entries add up to it when none is left out. */
  events: number;
  teams: Array<{ team: string | null; events: number }>;
  reasons: Array<{ policy: string | null; reason_code: string | null; events: number }>;
  configs: Array<{ config_id: string | null; config_version: string | null; events: number }>;
  /** How many teams, reasons and config versions there are in all: each list holds the biggest ten. */
  in_all: { teams: number; reasons: number; configs: number };
}

/** Each source list holds this many, the biggest. */
export const sourcesShown = 10;

/** The filter's summary; a team no event belongs to is refused, as the tail refuses it. */
export async function summarizeEvents(db: Executor, filter: EventFilter): Promise<EventsSummary> {
  await refuseUnknownTeam(db, filter);
  const [counts, overTime, sources] = await Promise.all([countEventsByVerdict(db, filter), countEventsOverTime(db, filter), eventSources(db, filter)]);
  const byStart = new Map<string, SummaryBucket>(overTime.buckets.map((start) => [start, { start, ...zeroPerVerdict() }]));
  for (const count of overTime.counts) byStart.get(count.bucket_start)![count.verdict] = count.events;
  return {
    events: filter.verdict ? counts.byVerdict[filter.verdict] : counts.all,
    by_verdict: counts.byVerdict,
    over_time: { bucket: overTime.bucket, buckets: [...byStart.values()], deploys: overTime.deploys },
    sources,
  };
}

type SourceRow = {
  dimension: 'team' | 'reason' | 'config';
  team: string | null; policy: string | null; reason_code: string | null; config_id: string | null; config_version: string | null;
  events: bigint | number; groups: bigint | number; total: bigint | number;
};

/** Where the filter's events come from (flagged ones only when it asks for no verdict); the summary's last part on its own. */
export async function eventSources(db: Executor, filter: EventFilter): Promise<EventSources> {
  const rows = await db.all<SourceRow>(matchingEventsQuery('events_sources'), { ...filterParams(filter), flagged_only: filter.verdict === null, top: sourcesShown });
  const of = (dimension: SourceRow['dimension']) => rows.filter((r) => r.dimension === dimension);
  const inAll = (dimension: SourceRow['dimension']) => Number(of(dimension)[0]?.groups ?? 0);
  return {
    of: filter.verdict ?? 'flagged',
    events: Number(rows[0]?.total ?? 0),
    teams: of('team').map((r) => ({ team: r.team, events: Number(r.events) })),
    reasons: of('reason').map((r) => ({ policy: r.policy, reason_code: r.reason_code, events: Number(r.events) })),
    configs: of('config').map((r) => ({ config_id: r.config_id, config_version: r.config_version, events: Number(r.events) })),
    in_all: { teams: inAll('team'), reasons: inAll('reason'), configs: inAll('config') },
  };
}
