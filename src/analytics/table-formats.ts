import { Bool, Float64, Int32, Table, TimestampMillisecond, Utf8, tableToIPC, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import { stringify } from 'csv-stringify/sync';
import type { AnswerTable, ColumnKind, TableValue } from './tables.js';

/**
 * A text cell a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
 * return) gets a leading ', so it opens as text (OWASP's CSV injection advice): separating terms
 * come from gateway users' requests, and these files are opened in spreadsheets. Numbers are
 * left as they are: -0.12 is a number.
 */
function spreadsheetSafe(value: TableValue, kind: ColumnKind): TableValue {
  return kind === 'text' && typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The table as CSV: a header row, fields quoted as RFC 4180 says, lines ending in \n as in evidence packs; an empty cell is a null. */
export function tableToCsv(table: AnswerTable): string {
  const records = table.rows.map((row) => table.columns.map((c) => spreadsheetSafe(row[c.name] ?? null, c.kind)));
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
