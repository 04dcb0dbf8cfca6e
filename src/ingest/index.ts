import type { Store } from '../store/database.js';
import { loadConfig } from './configs.js';
import { loadEscalations } from './escalations.js';
import { loadEvents } from './events.js';
import { loadEventsNative } from './events-native.js';
import { inputKind } from './input.js';
import { escalationShape, eventShape, fileSource, recordSource, textSource } from './source.js';
import type { IngestKind, IngestOptions, IngestReport } from './types.js';

export type { IngestKind, IngestOptions, IngestReport, Rejection } from './types.js';
export { ingestKinds } from './types.js';
export { rejectionLine } from './validate.js';
export { writeRejects } from './rejects.js';
export { checkIngestInputs } from './preflight.js';

/**
 * Ingests one file of events, escalations or a policy config into the store, in
 * one transaction: all of the file's valid rows land together with their audit
 * entries, or (on any failure or kill) nothing does. Invalid rows are reported,
 * never stored.
 */
export async function ingestFile(store: Store, kind: IngestKind, path: string, options: IngestOptions = {}): Promise<IngestReport> {
  switch (kind) {
    case 'events': {
      // NDJSON and CSV go through DuckDB's own reader when every row is one it can vouch for.
      const native = await loadEventsNative(store, path, await inputKind(path), options);
      return native ?? loadEvents(store, await fileSource(path, eventShape, options.onProgress), options);
    }
    case 'escalations':
      return loadEscalations(store, await fileSource(path, escalationShape, options.onProgress), options);
    case 'configs':
      return loadConfig(store, path, options);
  }
}

/** An NDJSON body of events (the whole text, or an async iterable of its lines), e.g. `POST /api/events`. */
export async function ingestEventText(store: Store, source: string, ndjson: string | AsyncIterable<string>, options: IngestOptions = {}): Promise<IngestReport> {
  return loadEvents(store, textSource(source, ndjson), options);
}

/** Events already decoded by the caller (an Arrow IPC body): each with its line/row number and raw text for rejections. */
export async function ingestEventRecords(
  store: Store,
  source: string,
  records: Iterable<{ line: number; raw: string; value: unknown }>,
  options: IngestOptions = {},
): Promise<IngestReport> {
  return loadEvents(store, recordSource(source, records), options);
}
