import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { DuckDBValue } from '@duckdb/node-api';
import { KtError } from '../errors.js';
import { z } from 'zod';
import { policyResultSchema } from '../domain/event.js';
import type { Executor, Store } from '../store/database.js';
import { query } from '../store/queries.js';
import { csvHeaderProblem, toRecord } from './csv.js';
import { scanCsv } from './csv-quotes.js';
import { eventRowSchema, keepPolicyResultExtras, mergeBulk, mergeTyped } from './events.js';
import { openInput, type InputKind } from './input.js';
import { mayHoldTrailingCommas } from './lenient-json.js';
import { eventShape, knownEventFields } from './source.js';
import { emptyReport, type IngestOptions, type IngestReport, type SourceRecord } from './types.js';
import { checkRecord } from './validate.js';

/** Rows finished in JavaScript are fetched this many at a time. */
const complexPage = 10_000;

/** Why the native path handed a file back: the caller loads it through the zod path instead. */
class NotSure extends Error {}

/** One format's part of the native path. */
interface NativeReader {
  /** Looks at the file as needed (a CSV's header) and gives the parameters of rowsQuery. */
  prepare(tx: Executor, path: string, compression: string): Promise<Record<string, DuckDBValue>>;
  /** The file's rows as DuckDB reads them, each field checked (a SELECT; the byte scan runs meanwhile). */
  readonly rowsQuery: string;
  /** Whether rowsQuery's rows may go straight into an empty `events` (the bulk load): false where that would not pay. */
  readonly bulk: boolean;
  /** After the read: whether the scan found text DuckDB and kt's parser may read differently. */
  ambiguous(scan: unknown): boolean;
  scan(decoded: Readable): Promise<unknown>;
  /** Sets the rows JavaScript finishes apart, numbered, in ingest_event_complex. */
  readonly complexQuery: string;
  /** Parameters of complexQuery. */
  readonly complexParams?: Record<string, number>;
  /** Drops the rows finished whole, before their staged versions are typed in (none when no row is). */
  readonly replaceQuery: string | undefined;
  /** A complex row as the record kt's own parser would have made of it, or just its policy results. */
  finish(row: Record<string, unknown>): Finishing | undefined;
}

/** A row zod must see whole (it has extra fields), or one whose policy results alone need zod. */
type Finishing = { whole: SourceRecord } | { policyResults: unknown };

const policyResultsSchema = z.array(policyResultSchema);

/**
 * The fast path for NDJSON and CSV files of events: DuckDB's own reader parses and types
 * the whole file in parallel, and SQL checks every field against what the zod event
 * schema accepts. Rows with policy results or extra fields (a few per cent) are finished
 * by the zod schema itself in JavaScript. The merge is the zod path's own, in the same
 * single transaction. Into a store without events the checked rows go straight into `events`
 * (the bulk load: no copy of the file in between, the one-id-per-row check left to the primary
 * key), and the finished rows are rewritten in place before the commit.
 * When any row is one DuckDB and zod might read differently (invalid,
 * unusual, a repeated id, a trailing comma, a stray quote), or DuckDB cannot read the
 * file, nothing is written and undefined is returned: the zod path then loads the file
 * and reports each bad row at its line.
 */
export async function loadEventsNative(store: Store, path: string, kind: InputKind, options: IngestOptions): Promise<IngestReport | undefined> {
  if (/[*?[\]{}]/.test(path)) return undefined; // DuckDB would read such a name as a glob
  const reader = kind.format === 'ndjson' ? ndjsonReader : kind.format === 'csv' ? csvReader() : undefined;
  if (!reader) return undefined;
  const report: IngestReport = { ...emptyReport(path, 'events'), reader: 'duckdb' };
  const input = await openInput(path, kind.gzip, options.onProgress);
  const scan = reader.scan(input.stream);
  scan.catch(() => undefined); // a read error is DuckDB's (or the zod path's) to report, not an unhandled rejection
  try {
    await store.transaction(async (tx) => {
      await tx.run(query('ingest_event_native_macros'));
      const params = await reader.prepare(tx, resolve(path), kind.gzip ? 'gzip' : 'uncompressed');
      const rows = query(reader.rowsQuery);
      const bulk = reader.bulk && (await tx.one<{ none: boolean }>(query('ingest_events_none_stored')))?.none === true;
      if (bulk) {
        // DuckDB stops the insert at a row it is unsure of, or a repeated id: the zod path then has the file.
        report.total = await tx.rowsChanged(`WITH ingest_event_native_rows AS (${rows}) ${query('ingest_event_native_bulk_insert')}`, params);
        if (reader.ambiguous(await scan)) throw new NotSure();
        await finishBulkComplexRows(tx, path, reader);
        report.sha256 = input.sha256();
        report.load = 'bulk';
        await mergeBulk(tx, report, options.actor ?? 'system');
        return;
      }
      await tx.run(`CREATE OR REPLACE TEMP TABLE ingest_event_typed AS ${rows}`, params);
      const summary = await tx.one<{ total: number; unsure: number; ids: number; complex: number }>(query('ingest_event_native_summary'));
      if (!summary || summary.unsure > 0 || summary.ids !== summary.total) throw new NotSure();
      if (reader.ambiguous(await scan)) throw new NotSure();
      if (summary.complex > 0) await finishComplexRows(tx, path, reader);
      report.total = summary.total;
      report.sha256 = input.sha256();
      report.load = 'merge';
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

const ndjsonReader: NativeReader = {
  prepare: async (_tx, path, compression) => ({ path, compression }),
  rowsQuery: 'ingest_event_native_rows_ndjson',
  bulk: true,
  scan: (decoded) => mayHoldTrailingCommas(decoded),
  ambiguous: (trailingCommas) => trailingCommas === true,
  complexQuery: 'ingest_event_native_complex_ndjson',
  replaceQuery: 'ingest_event_native_replace_whole',
  finish(row) {
    if (row.doc === null) return { policyResults: JSON.parse(row.policy_results as string) };
    const doc = row.doc as string;
    const value = JSON.parse(doc) as Record<string, unknown>;
    if (Object.keys(value).length !== row.key_count) return undefined; // a repeated key
    return { whole: { line: 0, raw: doc, value } };
  },
};

function csvReader(): NativeReader {
  let header: string[] = [];
  let extraColumns = false;
  let policyResultsAt = -1;
  return {
    async prepare(tx, path, compression) {
      // A header that cannot map cells to fields is the zod path's to refuse, naming the file and the column.
      const [headerCells] = await tx.all<Record<string, string | null>>(query('ingest_event_native_csv_header_cells'), { path, compression });
      if (!headerCells || csvHeaderProblem(Object.values(headerCells).map((c) => (c ?? '').trim()))) throw new NotSure();
      const columns = await tx.all<{ column_name: string }>(query('ingest_event_native_csv_header'), { path, compression });
      header = columns.map((c) => c.column_name);
      extraColumns = header.some((name) => !knownEventFields.has(name));
      policyResultsAt = header.indexOf('policy_results');
      return { path, compression, extra_columns: extraColumns, columns: header.length };
    },
    rowsQuery: 'ingest_event_native_rows_csv',
    // With extra columns every row is finished in JavaScript: rewriting them all in `events` would not pay.
    get bulk() {
      return !extraColumns;
    },
    scan: (decoded) => scanCsv(decoded),
    ambiguous(scanned) {
      const { header: parsed, ambiguous } = scanned as Awaited<ReturnType<typeof scanCsv>>;
      // kt's parser must see the very header DuckDB saw (DuckDB renames repeated names, for one).
      return ambiguous || !parsed || parsed.length !== header.length || parsed.some((name, i) => name !== header[i]);
    },
    get complexQuery() {
      return extraColumns ? 'ingest_event_native_complex_csv' : 'ingest_event_native_complex_csv_policy';
    },
    get complexParams() {
      return extraColumns ? undefined : { at: policyResultsAt + 1 };
    },
    // With extra columns zod sees the whole row (they become attributes); else only its policy results
    // need zod, SQL having checked every other cell (replacing whole rows cost the 1M-event CSV 0.9 s).
    get replaceQuery() {
      return extraColumns ? 'ingest_event_native_replace_complex' : undefined;
    },
    finish(row) {
      if (extraColumns) {
        const cells = row.cells as (string | null)[];
        return { whole: toRecord(0, cells.join(','), header, cells, eventShape) };
      }
      // As toRecord reads a JSON cell; text that is not JSON is the zod path's to report, at its line.
      try {
        return { policyResults: JSON.parse(row.policy_results as string) as unknown };
      } catch {
        return undefined;
      }
    },
  };
}

/** After a bulk load: the rows with policy results or extra fields, finished as on the staged load, then put in place. */
async function finishBulkComplexRows(tx: Executor, file: string, reader: NativeReader): Promise<void> {
  await tx.run(query('ingest_event_native_bulk_complex'));
  const finished = await finishComplexRows(tx, file, reader);
  if (finished === 0) return;
  // Each such row was finished (or NotSure thrown): every one of them must be rewritten.
  const applied = (await tx.rowsChanged(query('ingest_event_native_bulk_apply_policy'))) + (await tx.rowsChanged(query('ingest_event_native_bulk_apply_whole')));
  if (applied !== finished) throw new NotSure();
}

/** The rows with policy results or extra fields, validated and shaped by zod exactly as on the zod path; says how many. */
async function finishComplexRows(tx: Executor, file: string, reader: NativeReader): Promise<number> {
  let finished = 0;
  await tx.run(query('ingest_event_stage_create'));
  await tx.run(query('ingest_event_policy_stage_create'));
  const wholeRows = await tx.connection.createAppender('ingest_event_stage', 'main', 'temp');
  const policyResults = await tx.connection.createAppender('ingest_event_policy_stage', 'main', 'temp');
  await tx.run(query(reader.complexQuery), reader.complexParams);
  try {
    for (let after = 0; ; after += complexPage) {
      const rows = await tx.all<Record<string, unknown> & { id: string }>(query('ingest_event_native_complex_page'), { after, page: complexPage });
      finished += rows.length;
      for (const row of rows) {
        const finishing = reader.finish(row);
        if (!finishing) throw new NotSure();
        if ('whole' in finishing) {
          const checked = checkRecord(file, finishing.whole, eventRowSchema, knownEventFields, keepPolicyResultExtras);
          if (!checked.ok) throw new NotSure();
          wholeRows.appendInteger(0);
          wholeRows.appendVarchar(JSON.stringify(checked.doc));
          wholeRows.endRow();
        } else {
          // The same schema and the same extras-keeping as the event schema's policy_results field.
          const parsed = policyResultsSchema.safeParse(finishing.policyResults);
          if (!parsed.success) throw new NotSure();
          const doc: Record<string, unknown> = { policy_results: parsed.data };
          keepPolicyResultExtras(doc, { policy_results: finishing.policyResults });
          policyResults.appendVarchar(row.id);
          policyResults.appendVarchar(JSON.stringify(doc));
          policyResults.endRow();
        }
      }
      if (rows.length < complexPage) break;
    }
  } finally {
    wholeRows.closeSync();
    policyResults.closeSync();
  }
  await tx.run(query('ingest_event_native_complex_drop'));
  await tx.run(query('ingest_event_policy_stage_apply'));
  if (reader.replaceQuery) await tx.run(query(reader.replaceQuery));
  await tx.run(query('ingest_event_typed_from_stage'));
  await tx.run(query('ingest_event_stage_drop'));
  return finished;
}
