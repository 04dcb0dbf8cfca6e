import { resolve } from 'node:path';
import { KtError } from '../errors.js';
import type { Executor, Store } from '../store/database.js';
import { query } from '../store/queries.js';
import { eventRowSchema, keepPolicyResultExtras, mergeTyped } from './events.js';
import { openInput, type InputKind } from './input.js';
import { mayHoldTrailingCommas } from './lenient-json.js';
import { knownEventFields } from './source.js';
import { emptyReport, type IngestOptions, type IngestReport } from './types.js';
import { checkRecord } from './validate.js';

/** Rows finished in JavaScript are fetched this many at a time. */
const complexPage = 10_000;

/** Why the native path handed a file back: the caller loads it through the zod path instead. */
class NotSure extends Error {}

/**
 * The fast path for an NDJSON file of events: DuckDB's own reader parses and types the
 * whole file in parallel, and SQL checks every field against what the zod event schema
 * accepts. Rows with policy results or extra fields (a few per cent) are finished by the
 * zod schema itself in JavaScript. The merge is the zod path's own, in the same single
 * transaction. When any row is one DuckDB and zod might read differently (invalid,
 * unusual, a repeated id, a trailing comma), or DuckDB cannot read the file, nothing is
 * written and undefined is returned: the zod path then loads the file and reports each
 * bad row at its line.
 */
export async function loadEventsNative(store: Store, path: string, kind: InputKind, options: IngestOptions): Promise<IngestReport | undefined> {
  if (/[*?[\]{}]/.test(path)) return undefined; // DuckDB would read such a name as a glob
  const report: IngestReport = { ...emptyReport(path, 'events'), reader: 'duckdb' };
  const input = await openInput(path, kind.gzip, options.onProgress);
  const lenient = mayHoldTrailingCommas(input.stream);
  lenient.catch(() => undefined); // a read error is DuckDB's (or the zod path's) to report, not an unhandled rejection
  try {
    await store.transaction(async (tx) => {
      await tx.run(query('ingest_event_native_macros'));
      await tx.run(query('ingest_event_native_read'), {
        path: resolve(path), compression: kind.gzip ? 'gzip' : 'uncompressed',
      });
      const summary = await tx.one<{ total: number; unsure: number; ids: number; complex: number }>(query('ingest_event_native_summary'));
      if (!summary || summary.unsure > 0 || summary.ids !== summary.total) throw new NotSure();
      if (summary.complex > 0) await finishComplexRows(tx, path);
      if (await lenient) throw new NotSure();
      report.total = summary.total;
      report.sha256 = input.sha256();
      await mergeTyped(tx, report, options.actor ?? 'system');
    });
  } catch (error) {
    input.stream.destroy();
    // Nothing was written (the transaction rolled back); any reader error becomes the zod path's to report.
    if (error instanceof NotSure || !(error instanceof KtError)) return undefined;
    throw error;
  }
  return report;
}

/** The rows with policy results or extra fields, validated and shaped by zod exactly as on the zod path. */
async function finishComplexRows(tx: Executor, file: string): Promise<void> {
  await tx.run(query('ingest_event_stage_create'));
  const appender = await tx.connection.createAppender('ingest_event_stage', 'main', 'temp');
  try {
    let after = '';
    for (;;) {
      const rows = await tx.all<{ id: string; doc: string; key_count: number }>(query('ingest_event_native_complex'), { after, page: complexPage });
      for (const row of rows) {
        const value = JSON.parse(row.doc) as Record<string, unknown>;
        if (Object.keys(value).length !== row.key_count) throw new NotSure(); // a repeated key
        const checked = checkRecord(file, { line: 0, raw: row.doc, value }, eventRowSchema, knownEventFields, keepPolicyResultExtras);
        if (!checked.ok) throw new NotSure();
        appender.appendInteger(0);
        appender.appendVarchar(JSON.stringify(checked.doc));
        appender.endRow();
      }
      if (rows.length < complexPage) break;
      after = rows.at(-1)!.id;
    }
  } finally {
    appender.closeSync();
  }
  await tx.run(query('ingest_event_native_replace_complex'));
  await tx.run(query('ingest_event_typed_from_stage'));
  await tx.run(query('ingest_event_stage_drop'));
}
