import type { Executor } from './database.js';
import { query } from './queries.js';

/**
 * Counts event_traffic_hourly afresh from `events`. kt's merge keeps the counts as it writes
 * and the bulk load counts them afresh itself (in its transaction); this is for events written
 * any other way (test fixtures, the benchmark).
 */
export async function rebuildEventTraffic(db: Executor): Promise<void> {
  await db.run(query('event_traffic_rebuild'));
}
