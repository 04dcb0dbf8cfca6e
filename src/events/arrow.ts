import { Float64, Int64, Table, TimestampMillisecond, Utf8, tableToIPC, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import { eventRowFields, type EventRow } from './rows.js';

type Field = (typeof eventRowFields)[number];

/**
 * The Arrow type of each contract field. The schema is fixed rather than inferred,
 * so an empty answer or an all-null column still has the same columns and types.
 * Nested fields (policy_results, attributes) travel as JSON text.
 */
const arrowTypes: Record<Field, () => DataType> = {
  id: () => new Utf8(),
  timestamp: () => new TimestampMillisecond('UTC'),
  verdict: () => new Utf8(),
  reason_code: () => new Utf8(),
  policy: () => new Utf8(),
  config_id: () => new Utf8(),
  config_version: () => new Utf8(),
  provider: () => new Utf8(),
  model: () => new Utf8(),
  team: () => new Utf8(),
  user_id: () => new Utf8(),
  request_id: () => new Utf8(),
  gateway_id: () => new Utf8(),
  status: () => new Utf8(),
  request: () => new Utf8(),
  response: () => new Utf8(),
  score: () => new Float64(),
  latency_ms: () => new Float64(),
  tokens_in: () => new Int64(),
  tokens_out: () => new Int64(),
  cost_usd: () => new Float64(),
  policy_results: () => new Utf8(),
  attributes: () => new Utf8(),
};

/** A value of one field as Arrow's builder for its type expects it. */
function arrowValue(field: Field, row: EventRow): unknown {
  const value = row[field];
  if (value === null || value === undefined) return null;
  switch (field) {
    case 'timestamp':
      return Date.parse(row.timestamp);
    case 'tokens_in':
    case 'tokens_out':
      return BigInt(value as number);
    case 'policy_results':
    case 'attributes':
      return JSON.stringify(value);
    default:
      return value;
  }
}

/** Events as one Arrow IPC stream (`application/vnd.apache.arrow.stream`), in the given order. */
export function eventsToArrowIPC(rows: readonly EventRow[]): Uint8Array {
  const columns: Record<string, Vector> = {};
  for (const field of eventRowFields) {
    columns[field] = vectorFromArray(
      rows.map((row) => arrowValue(field, row)),
      arrowTypes[field](),
    );
  }
  return tableToIPC(new Table(columns), 'stream');
}

export const arrowStreamMediaType = 'application/vnd.apache.arrow.stream';
