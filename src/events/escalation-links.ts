import { listValue } from '@duckdb/node-api';
import type { EscalationStatus } from '../domain/escalation.js';
import type { Executor } from '../store/database.js';
import { query } from '../store/queries.js';

/** An event's escalation, as a list of events links to it. */
export interface EscalationLink {
  id: string;
  status: EscalationStatus;
}

/** The escalation of each of these events that has one (an event has at most one), by event id. */
export async function escalationsOfEvents(db: Executor, eventIds: readonly string[]): Promise<Map<string, EscalationLink>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db.all<{ event_id: string; id: string; status: EscalationStatus }>(query('events_escalations'), { event_ids: listValue([...eventIds]) });
  return new Map(rows.map((row) => [row.event_id, { id: row.id, status: row.status }]));
}
