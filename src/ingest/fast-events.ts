import { resolve } from 'node:path';
import type { Executor, Store } from '../store/database.js';
import { query } from '../store/queries.js';
import { mergeTyped, stageRecords } from './events.js';
import { inputKind, openInput } from './input.js';
import { decodeJsonLine } from './ndjson.js';
import { emptyReport, type IngestOptions, type IngestReport, type SourceRecord } from './types.js';

/** Lines handed to the zod path per round trip. */
const restPage = 5000;

/** The fast path cannot take this file; the caller loads it the usual way (nothing was stored). */
class NotFast extends Error {}

/**
 * Loads an NDJSON file of events (plain or .gz) with DuckDB doing the reading,
 * the validation of ordinary rows and the typing, set-based and in parallel: the
 * result is the same as `loadEvents` (same rows, counts, audit, one transaction)
 * at close to DuckDB's own read speed. Lines SQL cannot vouch for (invalid rows,
 * extra fields, unusual forms) go through the zod path, which words every
 * rejection. Returns undefined, having stored nothing, when the file is not
 * NDJSON, lies outside the store's allowed directories, or holds a carriage
 * return or byte-order mark (where DuckDB's line reader and ours disagree).
 */
export async function loadEventFileFast(store: Store, path: string, options: IngestOptions = {}): Promise<IngestReport | undefined> {
  const kind = await inputKind(path);
  const file = resolve(path);
  if (kind.format !== 'ndjson' || !(await storeMayRead(store, file))) return undefined;
  const report = emptyReport(path, 'events');
  const scan = scanInput(file, kind.gzip, options.onProgress);
  scan.catch(() => undefined); // its failure is read where it is awaited, below
  try {
    await store.transaction(async (tx) => {
      await tx.run(query('ingest_event_typed_create'));
      try {
        await tx.run(query('ingest_fast_event_lines_create'), { path: file });
      } catch {
        throw new NotFast(); // e.g. a line longer than the reader takes, or bytes that are not UTF-8
      }
      const scanned = await scan;
      if (!scanned.linesAgree) throw new NotFast();
      await tx.run(query('ingest_fast_event_macros'));
      await tx.run(query('ingest_fast_event_parsed_create'));
      await tx.run(query('ingest_fast_event_typed_insert'));
      const typed = await tx.one<{ typed: number }>(query('ingest_fast_event_typed_count'));
      report.total = Number(typed?.typed ?? 0);
      await tx.run(query('ingest_fast_event_rest'));
      await stageRecords(tx, path, restRecords(tx), report);
      await tx.run(query('ingest_fast_event_drop'));
      report.sha256 = scanned.sha256;
      await mergeTyped(tx, report, options.actor ?? 'system');
    });
  } catch (error) {
    if (error instanceof NotFast) return undefined;
    throw error;
  } finally {
    await scan.catch(() => undefined);
  }
  return report;
}

/** Whether the store was opened with the file's directory among those DuckDB may read. */
async function storeMayRead(store: Store, file: string): Promise<boolean> {
  const row = await store.one<{ dirs: string[] | null }>(query('ingest_allowed_directories'));
  return (row?.dirs ?? []).some((dir) => file.startsWith(dir.endsWith('/') ? dir : `${dir}/`));
}

interface Scanned {
  sha256: string;
  /** No \r and no leading byte-order mark: DuckDB's lines are exactly the lines `splitLines` makes. */
  linesAgree: boolean;
}

/** One pass over the file in Node, beside DuckDB's: the sha256 of its bytes, progress, and whether the lines agree. */
async function scanInput(file: string, gzip: boolean, onProgress?: (done: number, total: number) => void): Promise<Scanned> {
  const input = await openInput(file, gzip, onProgress);
  let linesAgree = true;
  let first = true;
  try {
    for await (const chunk of input.stream as AsyncIterable<Buffer>) {
      if (first && chunk.length > 0) {
        first = false;
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) linesAgree = false;
      }
      if (linesAgree && chunk.indexOf(13) !== -1) linesAgree = false;
    }
  } catch {
    throw new NotFast(); // a broken gzip: the usual path reports it, naming the file
  }
  return { sha256: input.sha256(), linesAgree };
}

/** The lines the fast path left, in line order, as the NDJSON reader would give them (blank lines skipped). */
async function* restRecords(tx: Executor): AsyncGenerator<SourceRecord> {
  let after = 0;
  for (;;) {
    const rows = await tx.all<{ line: number; raw: string }>(query('ingest_fast_event_rest_page'), { after, page: restPage });
    for (const row of rows) {
      if (row.raw.trim() !== '') yield decodeJsonLine(row.line, row.raw);
    }
    const last = rows.at(-1);
    if (!last || rows.length < restPage) return;
    after = last.line;
  }
}
