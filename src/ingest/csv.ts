import { outOfRange } from './issues.js';
import type { SourceRecord } from './types.js';

/** How a kind's CSV text cells become values: which columns hold numbers, which hold JSON text. */
export interface CsvShape {
  numeric: ReadonlySet<string>;
  json: ReadonlySet<string>;
}

type Cell = string | null;

/**
 * CSV (RFC 4180: header row, quoted fields may hold commas, quotes and newlines)
 * → records. A record may span several physical lines; it is numbered by the line
 * it starts on (the header is line 1) and its raw text is kept verbatim.
 * Cells become values by `shape`: an unquoted empty cell is null, numeric columns
 * are read as plain decimal numbers (any other spelling is refused, naming the column),
 * JSON columns parsed; any other text stays text.
 */
export async function* csvRecords(lines: AsyncIterable<string>, shape: CsvShape): AsyncGenerator<SourceRecord> {
  let header: string[] | undefined;
  let lineNo = 0;
  let start = 0;
  let pending: string[] = [];
  let quotes = 0;
  for await (const physical of lines) {
    lineNo += 1;
    if (pending.length === 0) {
      if (physical.trim() === '') continue;
      start = lineNo;
    }
    pending.push(physical);
    quotes += countQuotes(physical);
    if (quotes % 2 === 1) continue; // inside a quoted field that goes on on the next line
    const raw = pending.join('\n');
    pending = [];
    quotes = 0;
    const cells = parseCsvRecord(raw);
    if (!header) {
      if (typeof cells === 'string') throw new CsvHeaderError(start, `the header row ${cells}`);
      header = cells.map((c) => (c ?? '').trim());
      const problem = csvHeaderProblem(header);
      if (problem) throw new CsvHeaderError(start, problem.reason, problem.column);
      continue;
    }
    if (typeof cells === 'string') {
      yield { line: start, raw, unreadable: `the row ${cells}` };
      continue;
    }
    if (cells.length !== header.length) {
      yield { line: start, raw, unreadable: `the row has ${cells.length} fields but the header has ${header.length}` };
      continue;
    }
    yield toRecord(start, raw, header, cells, shape);
  }
  if (pending.length > 0) yield { line: start, raw: pending.join('\n'), unreadable: 'the row ends inside a quoted field (a closing " is missing)' };
}

/** A header that cannot be read, or whose names do not each name one column: the whole file is refused. */
export class CsvHeaderError extends Error {
  constructor(
    readonly line: number,
    message: string,
    readonly column?: string,
  ) {
    super(message);
  }
}

/**
 * Why a header's names (trimmed) cannot map cells to fields, or undefined: a repeated name
 * would keep one of its cells and lose the other, an empty one would lose its cells.
 */
export function csvHeaderProblem(names: readonly string[]): { column: string; reason: string } | undefined {
  const seen = new Map<string, number>();
  for (const [i, name] of names.entries()) {
    if (name === '') return { column: '', reason: `column ${i + 1} of the header has no name: every column needs one, else its cells are lost` };
    const first = seen.get(name);
    if (first !== undefined) {
      return { column: name, reason: `the header names the column ${JSON.stringify(name)} twice (columns ${first + 1} and ${i + 1}): one of its cells would be lost` };
    }
    seen.set(name, i);
  }
  return undefined;
}

function countQuotes(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) n += 1;
  return n;
}

/** The cells of one record, or why it cannot be read. Quoted "" is an empty string, an unquoted empty cell null. */
export function parseCsvRecord(text: string): Cell[] | string {
  const cells: Cell[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const close = text.indexOf('"', j);
        if (close === -1) return 'ends inside a quoted field (a closing " is missing)';
        value += text.slice(j, close);
        if (text[close + 1] === '"') {
          value += '"';
          j = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      cells.push(value);
      if (i === text.length) return cells;
      if (text[i] !== ',') return `has text after a closing quote at column ${i + 1}`;
      i += 1;
    } else {
      const comma = text.indexOf(',', i);
      const end = comma === -1 ? text.length : comma;
      const value = text.slice(i, end);
      cells.push(value === '' ? null : value);
      if (comma === -1) return cells;
      i = comma + 1;
    }
  }
}

/** A number cell as the native path's kt_csv_number_ok takes it: an optional minus, digits, a fraction, an exponent. */
const plainDecimal = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** A cell in a message: JSON-quoted, long ones cut. */
function quoted(cell: string): string {
  const text = JSON.stringify(cell);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** One record's cells (by the header) as the value zod validates: see csvRecords for how cells become values. */
export function toRecord(line: number, raw: string, header: readonly string[], cells: readonly Cell[], shape: CsvShape): SourceRecord {
  const value: Record<string, unknown> = {};
  for (let k = 0; k < header.length; k++) {
    const name = header[k] as string;
    const cell = cells[k] ?? null;
    if (cell === null || cell === '') {
      value[name] = cell === '' && !shape.numeric.has(name) && !shape.json.has(name) ? '' : null;
    } else if (shape.numeric.has(name)) {
      // Plain decimal notation only, as DuckDB's reader (the native path) reads it too: Number() alone
      // would also take 0x1, 0b1, ' 1 ' and Infinity, quietly changing what the file says.
      if (!plainDecimal.test(cell)) {
        return { line, raw, field: name, unreadable: `${name} must be a number in plain decimal notation, such as 12, 0.5 or 1e-3 (got ${quoted(cell)})` };
      }
      const n = Number(cell);
      if (!Number.isFinite(n)) return { line, raw, field: name, unreadable: `${name} ${outOfRange(cell)}` };
      value[name] = n;
    } else if (shape.json.has(name)) {
      try {
        value[name] = JSON.parse(cell);
      } catch {
        return { line, raw, field: name, unreadable: `${name} is not valid JSON text` };
      }
    } else {
      value[name] = cell;
    }
  }
  return { line, raw, value };
}
