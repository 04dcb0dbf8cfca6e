import { setTimeout as sleep } from 'node:timers/promises';
import { timestampTZValue } from '@duckdb/node-api';
import { openStore, plainValue, type Executor } from '../store/database.js';
import { isLockedByWriter } from './open.js';
import { query } from '../store/queries.js';
import { filterParams, matchingEventsQuery, type EventFilter } from './filter.js';
import { toEventRow, type EventRow, type StoredEventRow } from './rows.js';

/**
 * How far a follower has read: the latest `ingested_at` it has seen, in epoch
 * microseconds (the store's precision), or null before any event. Each ingest
 * transaction stamps its rows with its own, later, time, so "after the mark" is
 * exactly "not yet seen".
 */
export type ArrivalMark = number | null;

/** Where a follower starts: the latest arrival, whatever the filters. */
export async function latestArrival(db: Executor): Promise<ArrivalMark> {
  const row = await db.one<{ arrival_us: number | null }>(query('events_latest_arrival'));
  return row?.arrival_us ?? null;
}

/**
 * Matching events ingested after `mark`, in arrival order, streamed in chunks so
 * a large ingest is never held in memory at once.
 */
export async function* eventsArrivedAfter(db: Executor, filter: EventFilter, mark: ArrivalMark): AsyncGenerator<EventRow[]> {
  const result = await db.connection.stream(matchingEventsQuery('events_arrived_after'), {
    ...filterParams(filter),
    after_at: mark === null ? null : timestampTZValue(BigInt(mark)),
  });
  for await (const chunk of result.yieldRowObjectJs()) {
    yield chunk.map((row) => toEventRow(plainValue(row) as StoredEventRow));
  }
}

export interface FollowOptions {
  /** Print what arrives after this point. */
  after: ArrivalMark;
  /** Pause between polls. */
  intervalMs: number;
  /** Stops following (SIGINT in the CLI). */
  signal: AbortSignal;
  /** Receives new events in arrival order, a chunk at a time. */
  onEvents: (rows: EventRow[]) => void;
}

/**
 * Polls the store for newly ingested events matching the filter until aborted.
 * DuckDB allows one writing process or many reading ones per file, so the file is
 * opened read-only for each poll and closed right after, letting a writer
 * (`kt ingest`) take it in between; a poll that finds the file locked by a writer
 * is skipped quietly and the next one catches up. Within one poll the snapshot is
 * stable: nobody can write while it is open.
 */
export async function followEvents(dbPath: string, filter: EventFilter, options: FollowOptions): Promise<void> {
  let mark = options.after;
  while (!options.signal.aborted) {
    try {
      await sleep(options.intervalMs, undefined, { signal: options.signal });
    } catch {
      return; // aborted while waiting
    }
    const store = await openStore(dbPath, { readOnly: true }).catch((error: unknown) => {
      if (isLockedByWriter(error)) return undefined;
      throw error;
    });
    if (!store) continue;
    try {
      const latest = await latestArrival(store);
      if (latest !== null && (mark === null || latest > mark)) {
        for await (const rows of eventsArrivedAfter(store, filter, mark)) options.onEvents(rows);
        mark = latest;
      }
    } finally {
      store.close();
    }
  }
}
