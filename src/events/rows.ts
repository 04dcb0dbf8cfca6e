import type { Verdict } from '../domain/event.js';

/** One policy's say on an event, as stored in `policy_results`. */
export interface PolicyResult {
  policy: string;
  phase?: string | null;
  verdict?: Verdict | null;
  reason_code?: string | null;
  score?: number | null;
}

/**
 * One stored event with the contract's field names (what `kt events tail --json`
 * prints and `GET /api/events` returns). `timestamp` is RFC 3339 in UTC;
 * `attributes` holds the unknown fields kept at ingest (null when there were none).
 */
export interface EventRow {
  id: string;
  timestamp: string;
  verdict: Verdict;
  reason_code: string | null;
  policy: string | null;
  config_id: string | null;
  config_version: string | null;
  provider: string | null;
  model: string | null;
  team: string | null;
  user_id: string | null;
  request_id: string | null;
  gateway_id: string | null;
  status: string | null;
  request: string | null;
  response: string | null;
  score: number | null;
  latency_ms: number | null;
  tokens_in: number | null;
  tokens_out: number | null;
  cost_usd: number | null;
  policy_results: PolicyResult[];
  attributes: Record<string, unknown> | null;
}

/** The contract's fields in the order they are printed and exported. */
export const eventRowFields = [
  'id', 'timestamp', 'verdict', 'reason_code', 'policy', 'config_id', 'config_version',
  'provider', 'model', 'team', 'user_id', 'request_id', 'gateway_id', 'status',
  'request', 'response', 'score', 'latency_ms', 'tokens_in', 'tokens_out', 'cost_usd',
  'policy_results', 'attributes',
] as const satisfies readonly (keyof EventRow)[];

/** A row as the store returns it: JSON columns still text. */
export type StoredEventRow = Omit<EventRow, 'policy_results' | 'attributes'> & {
  policy_results: string | null;
  attributes: string | null;
};

/** Parses the JSON columns so the row reads like the event that was ingested. */
export function toEventRow(stored: StoredEventRow): EventRow {
  const row = {} as Record<string, unknown>;
  for (const field of eventRowFields) row[field] = stored[field] ?? null;
  row.policy_results = parseJsonColumn(stored.policy_results, []);
  const attributes = parseJsonColumn<Record<string, unknown> | null>(stored.attributes, null);
  row.attributes = attributes && Object.keys(attributes).length > 0 ? attributes : null;
  return row as unknown as EventRow;
}

function parseJsonColumn<T>(text: string | null, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  const value = JSON.parse(text) as T | null;
  return value ?? fallback;
}
