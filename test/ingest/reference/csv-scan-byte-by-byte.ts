import type { Readable } from 'node:stream';
import type { CsvScan } from '../../../src/ingest/csv-quotes.js';
import { parseCsvRecord } from '../../../src/ingest/csv.js';


const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
enum State { FieldStart, Unquoted, Quoted, QuoteInQuoted }

/**
 * DuckDB's CSV reader and kt's own parser agree on RFC 4180 text, but not on a quote inside
 * an unquoted cell (`ab"c`: kt's parser reads on to the next line, DuckDB keeps the quote),
 * on text after a closing quote, on a \r inside a quoted cell (kt drops it with the line
 * end) or on a lone \r. One pass over the decoded bytes looks for any of those, and keeps
 * the header line; such a file goes down the zod path, whose parser reports the row.
 */
export async function scanCsvByteByByte(decoded: Readable): Promise<CsvScan> {
  let state = State.FieldStart;
  let ambiguous = false;
  let headerBytes: Buffer[] | undefined = [];
  let header: string[] | undefined;
  let previous = -1;
  for await (const chunk of decoded as AsyncIterable<Buffer>) {
    if (ambiguous) continue; // keep reading to the end: the caller hashes every byte
    let headerEnd = -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (previous === CR && b !== LF) { ambiguous = true; break; }
      previous = b;
      switch (state) {
        case State.FieldStart:
          if (b === QUOTE) state = State.Quoted;
          else if (b === LF) { if (headerBytes && headerEnd < 0) headerEnd = i; }
          else if (b !== COMMA && b !== CR) state = State.Unquoted;
          break;
        case State.Unquoted:
          if (b === QUOTE) ambiguous = true;
          else if (b === COMMA) state = State.FieldStart;
          else if (b === LF) { state = State.FieldStart; if (headerBytes && headerEnd < 0) headerEnd = i; }
          break;
        case State.Quoted:
          if (b === QUOTE) state = State.QuoteInQuoted;
          else if (b === CR) ambiguous = true;
          break;
        case State.QuoteInQuoted:
          if (b === QUOTE) state = State.Quoted;
          else if (b === COMMA) state = State.FieldStart;
          else if (b === LF) { state = State.FieldStart; if (headerBytes && headerEnd < 0) headerEnd = i; }
          else if (b !== CR) ambiguous = true;
          break;
      }
      if (ambiguous) break;
    }
    if (headerBytes) {
      headerBytes.push(headerEnd < 0 ? chunk : chunk.subarray(0, headerEnd));
      if (headerEnd >= 0) {
        header = headerNames(Buffer.concat(headerBytes).toString('utf8'));
        headerBytes = undefined;
      }
    }
  }
  if (state === State.Quoted || previous === CR) ambiguous = true;
  if (headerBytes) header = headerNames(Buffer.concat(headerBytes).toString('utf8'));
  return { header, ambiguous };
}

/** The header's names as kt's CSV parser takes them (trimmed), or undefined when it cannot read them. */
function headerNames(line: string): string[] | undefined {
  const cells = parseCsvRecord(line.endsWith('\r') ? line.slice(0, -1) : line);
  return typeof cells === 'string' ? undefined : cells.map((c) => (c ?? '').trim());
}
