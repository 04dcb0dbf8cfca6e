import { storeWriteCount, type Executor } from '../database.js';
import { query } from '../queries.js';

/**
 * The queue reads the clock in one place only: an item is overdue when it is
 * unresolved and due before now. Between two instants at which no unresolved
 * escalation falls due, every item's overdue flag stays as it is, and so does every
 * answer that filters or counts on it. An overdue window is such a stretch: from the
 * instant it was measured to the earliest due time at or after it among all
 * unresolved escalations (every team and filter, so one window serves every
 * question), or open-ended when nothing falls due later. Any write ends it (a write
 * may add, move or resolve a due time), as it drops every kept answer.
 *
 * Answers that filter on overdue are kept per window (see answer-cache): asked once
 * per write or per due time passing rather than once per request, and exactly what
 * asking afresh would answer at any instant inside the window.
 */
interface OverdueWindow {
  writes: number;
  fromMs: number;
  /** Epoch microseconds of the next due time once measured (null: none); the window covers instants up to it. */
  untilUs: Promise<number | null>;
  measured?: { untilUs: number | null };
}

const windows = new WeakMap<Executor, OverdueWindow>();

/**
 * A name for the overdue window `now` falls in, for cache keys; undefined when an
 * answer at `now` is not to be kept: the executor is not an open store, the window
 * could not be measured, or `now` lies before the current window (a caller's own
 * earlier clock reading), which is then asked afresh rather than moving the window.
 */
export async function overdueWindow(db: Executor, now: Date): Promise<string | undefined> {
  const writes = storeWriteCount(db);
  if (writes === undefined) return undefined;
  const nowMs = now.getTime();
  let window = windows.get(db);
  const ended = window?.measured !== undefined && !covers(window.measured.untilUs, nowMs);
  if (!window || window.writes !== writes || ended) {
    window = measure(db, writes, now);
    windows.set(db, window);
  }
  if (nowMs < window.fromMs) return undefined;
  let untilUs: number | null;
  try {
    untilUs = await window.untilUs;
  } catch {
    return undefined;
  }
  return covers(untilUs, nowMs) ? `${window.writes}@${window.fromMs}` : undefined;
}

/** An item due at untilUs turns overdue once now is past it (due_at < now, compared in microseconds). */
function covers(untilUs: number | null, nowMs: number): boolean {
  return untilUs === null || nowMs * 1000 <= untilUs;
}

function measure(db: Executor, writes: number, now: Date): OverdueWindow {
  const window: OverdueWindow = {
    writes,
    fromMs: now.getTime(),
    untilUs: db.one<{ next_due_us: number | null }>(query('escalation_next_due'), { now: now.toISOString() }).then((row) => row?.next_due_us ?? null),
  };
  window.untilUs.then(
    (untilUs) => (window.measured = { untilUs }),
    // A failed measurement is tried afresh by the next caller.
    () => windows.get(db) === window && windows.delete(db),
  );
  return window;
}
