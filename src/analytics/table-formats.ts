import { Bool, Float64, Int32, Table, TimestampMillisecond, Utf8, tableToIPC, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import { stringify } from 'csv-stringify/sync';
import { spreadsheetSafe } from '../render/spreadsheet-safe.js';
import type { AnswerTable, ColumnKind, TableValue } from './tables.js';

/** Text cells made spreadsheet-safe (separating terms come from gateway users' requests); numbers stay: -0.12 is a number. */
function safeCell(value: TableValue, kind: ColumnKind): TableValue {
  return kind === 'text' && typeof value === 'string' ? spreadsheetSafe(value) : value;
}

/** The table as CSV: a header row, fields quoted as RFC 4180 says, lines ending in \n as in evidence packs; an empty cell is a null. */
export function tableToCsv(table: AnswerTable): string {
  const records = table.rows.map((row) => table.columns.map((c) => safeCell(row[c.name] ?? null, c.kind)));
  return stringify(records, {
    header: true,
    columns: table.columns.map((c) => c.name),
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
}

const arrowTypes: Record<ColumnKind, () => DataType> = {
  text: () => new Utf8(),
  count: () => new Int32(),
  number: () => new Float64(),
  time: () => new TimestampMillisecond('UTC'),
  flag: () => new Bool(),
};

/** The table as one Arrow IPC stream (`application/vnd.apache.arrow.stream`), its column types fixed by kind. */
export function tableToArrowIPC(table: AnswerTable): Uint8Array {
  const columns: Record<string, Vector> = {};
  for (const column of table.columns) {
    const values = table.rows.map((row) => {
      const value = row[column.name] ?? null;
      return column.kind === 'time' && typeof value === 'string' ? Date.parse(value) : value;
    });
    columns[column.name] = vectorFromArray(values, arrowTypes[column.kind]());
  }
  return tableToIPC(new Table(columns), 'stream');
}
