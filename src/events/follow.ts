import { setTimeout as sleep } from 'node:timers/promises';
import { KtError } from '../errors.js';
import { openStore, type Executor } from '../store/database.js';
import { query } from '../store/queries.js';
import { filterParams, type EventFilter } from './filter.js';
import { toEventRow, type EventRow, type StoredEventRow } from './rows.js';

/** The last event a follower has seen, by arrival: ingested_at in epoch microseconds, then id. */
export interface ArrivalMark {
  arrival_us: number;
  id: string;
}

/** Before any event: a follower of an empty store prints everything that arrives. */
export const beforeFirstArrival: ArrivalMark = { arrival_us: Number.MIN_SAFE_INTEGER, id: '' };

/** Where a follower starts: the event ingested last, whatever the filters. */
export async function latestArrival(db: Executor): Promise<ArrivalMark> {
  const row = await db.one<ArrivalMark>(query('events_latest_arrival'));
  return row ?? beforeFirstArrival;
}

/** Matching events ingested after `mark`, oldest arrival first, at most `limit`. */
export async function eventsArrivedAfter(
  db: Executor,
  filter: EventFilter,
  mark: ArrivalMark,
  limit: number,
): Promise<Array<{ row: EventRow; mark: ArrivalMark }>> {
  const rows = await db.all<StoredEventRow & { arrival_us: number }>(query('events_arrived_after'), {
    ...filterParams(filter),
    after_us: BigInt(mark.arrival_us),
    after_id: mark.id,
    limit,
  });
  return rows.map(({ arrival_us, ...stored }) => ({ row: toEventRow(stored), mark: { arrival_us, id: stored.id } }));
}

export interface FollowOptions {
  /** Print what arrives after this point. */
  after: ArrivalMark;
  /** Pause between polls. */
  intervalMs: number;
  /** Stops following (SIGINT in the CLI). */
  signal: AbortSignal;
  /** Receives each poll's new events in arrival order. */
  onEvents: (rows: EventRow[]) => void;
  /** Rows per query; a poll keeps reading until it has them all. */
  batchSize?: number;
}

/**
 * Polls the store for newly ingested events matching the filter until aborted.
 * The file is opened read-only for each poll and closed right after, so a writer
 * (`kt ingest`) can take it in between; a poll that finds the file locked by a
 * writer is skipped quietly and the next one catches up.
 */
export async function followEvents(dbPath: string, filter: EventFilter, options: FollowOptions): Promise<void> {
  let mark = options.after;
  const batchSize = options.batchSize ?? 1000;
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
      for (;;) {
        const batch = await eventsArrivedAfter(store, filter, mark, batchSize);
        if (batch.length > 0) {
          mark = batch.at(-1)!.mark;
          options.onEvents(batch.map((b) => b.row));
        }
        if (batch.length < batchSize) break;
      }
      // Skip past events that did not match, so the next poll does not scan them again.
      const latest = await latestArrival(store);
      if (compareMarks(latest, mark) > 0) mark = latest;
    } finally {
      store.close();
    }
  }
}

function compareMarks(a: ArrivalMark, b: ArrivalMark): number {
  return a.arrival_us - b.arrival_us || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** DuckDB allows one writing process or many reading ones; a writer's lock is not an error to a follower. */
export function isLockedByWriter(error: unknown): boolean {
  return error instanceof KtError && error.code === 'unavailable' && /Could not set lock|Conflicting lock/i.test(error.message);
}
