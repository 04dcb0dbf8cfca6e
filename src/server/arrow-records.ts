import { DataType, tableFromIPC, type Field } from 'apache-arrow';
import { badInput } from '../errors.js';
import { arrowIpcExtent, isArrowIpcFile } from './arrow-extent.js';

/**
 * Rows of an Arrow IPC stream as plain records, shaped like NDJSON events so they go
 * through the same validation: timestamps as RFC 3339 text, 64-bit integers as
 * numbers, nested values as plain arrays/objects. Columns holding JSON text for a
 * nested field (as `GET /api/events` sends `policy_results` and `attributes`) are
 * parsed back; `attributes` is spread into the record, so kept extra fields round-trip.
 */
export function arrowRecords(bytes: Uint8Array): Record<string, unknown>[] {
  if (bytes.length === 0) throw badInput('The body is empty: send the events as an Arrow IPC stream.');
  let table;
  try {
    table = tableFromIPC(bytes);
  } catch (error) {
    refuseTrailingBytes(bytes); // two files back to back fail in the reader: say why
    throw badInput(`The body is not an Arrow IPC stream: ${error instanceof Error ? error.message : String(error)}.`);
  }
  // The reader takes bytes it cannot read a message from (`garbage`, zeros) for a stream that
  // ended at once; a real stream opens with its schema, so one without columns is not one.
  if (table.schema.fields.length === 0) throw badInput(`The body is not an Arrow IPC stream: it has no schema (${bytes.length} bytes).`, { bytes: bytes.length });
  refuseTrailingBytes(bytes);
  const fields = table.schema.fields;
  const records: Record<string, unknown>[] = [];
  for (let row = 0; row < table.numRows; row++) {
    const record: Record<string, unknown> = {};
    let extra: Record<string, unknown> = {};
    for (const [index, field] of fields.entries()) {
      const value = plain(table.getChildAt(index)?.get(row), field);
      if (field.name === 'attributes') extra = jsonObject(value);
      else record[field.name] = field.name === 'policy_results' && typeof value === 'string' ? parseJsonText(value) : value;
    }
    // Kept extra fields never override a contract column of the same name.
    records.push({ ...extra, ...record });
  }
  return records;
}

/** A body holding more than its first stream or file: the rest would be dropped unread. */
function refuseTrailingBytes(bytes: Uint8Array): void {
  const extent = arrowIpcExtent(bytes);
  if (extent === 0 || extent >= bytes.length) return;
  const after = bytes.length - extent;
  const kind = isArrowIpcFile(bytes) ? 'file' : 'stream';
  throw badInput(
    `The body goes on for ${after} bytes after its Arrow IPC ${kind} ends (at byte ${extent}); nothing was stored. Send one ${kind} per request.`,
    { bytes: bytes.length, [`${kind}_bytes`]: extent },
  );
}

function plain(value: unknown, field: Field | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (field && (DataType.isTimestamp(field.type) || DataType.isDate(field.type)) && typeof value === 'number') {
    return new Date(value).toISOString();
  }
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function') {
    return plainDeep(value.toJSON());
  }
  return value;
}

function plainDeep(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plainDeep);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, undefined)]));
  }
  return value;
}

/** JSON text back to a value; text that is not JSON is left for validation to refuse. */
function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function jsonObject(value: unknown): Record<string, unknown> {
  const parsed = typeof value === 'string' ? parseJsonText(value) : value;
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}
