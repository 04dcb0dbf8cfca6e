import type { Readable } from 'node:stream';
import { parseCsvRecord } from './csv.js';

/** What one pass over a CSV file's bytes found: its header names, and whether DuckDB and kt's parser may split it differently. */
export interface CsvScan {
  header: string[] | undefined;
  ambiguous: boolean;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
/** Where the scan is: between cells or in an unquoted one, in a quoted cell, or just after a quote in one. */
enum Mode { Outside, Quoted, AfterQuote }

/**
 * DuckDB's CSV reader and kt's own parser agree on RFC 4180 text, but not on a quote inside
 * an unquoted cell (`ab"c`: kt's parser reads on to the next line, DuckDB keeps the quote),
 * on text after a closing quote, on a \r inside a quoted cell (kt drops it with the line
 * end) or on a lone \r. One pass over the bytes looks for any of those and keeps the header
 * line; such a file goes down the zod path, whose parser reports the row.
 *
 * It jumps from quote to quote (and \r to \r) with Buffer.indexOf, the bytes between them
 * being free text either way: a byte-at-a-time loop cost a third of a CSV ingest's CPU, and
 * a regular expression over each chunk decoded to text most of the rest.
 */
export async function scanCsv(decoded: Readable): Promise<CsvScan> {
  let mode = Mode.Outside;
  let ambiguous = false;
  let pendingCr = false; // the last chunk ended in \r: this one must start with \n
  let last = -1; // the last byte of the chunks before (-1 at the start of the file)
  let headerBytes: Buffer[] | undefined = [];
  let header: string[] | undefined;
  for await (const chunk of decoded as AsyncIterable<Buffer>) {
    if (ambiguous) continue; // keep reading to the end: the caller hashes every byte
    let headerEnd = -1;
    const n = chunk.length;
    let i = 0;
    // The next \r at or after i, found again only once i passes it (most files have none: a
    // fresh search from every quote would cross the whole chunk each time).
    let cr = -1;
    const nextCr = () => (cr >= i ? cr : (cr = chunk.indexOf(CR, i)) < 0 ? (cr = n) : cr);
    if (pendingCr && n > 0) {
      if (chunk[0] !== LF) ambiguous = true;
      pendingCr = false;
    }
    while (i < n && !ambiguous) {
      if (mode === Mode.Outside) {
        const quote = chunk.indexOf(QUOTE, i);
        const lineBreak = nextCr();
        const next = Math.min(quote < 0 ? n : quote, lineBreak);
        if (headerBytes && headerEnd < 0) {
          const lf = chunk.indexOf(LF, i);
          if (lf >= 0 && lf < next) headerEnd = lf;
        }
        if (next === n) break;
        if (next === lineBreak) {
          if (lineBreak + 1 === n) pendingCr = true;
          else if (chunk[lineBreak + 1] !== LF) ambiguous = true;
          i = lineBreak + 1;
          continue;
        }
        const before = quote > 0 ? chunk[quote - 1] : last;
        if (before !== COMMA && before !== LF && before !== -1) ambiguous = true; // a quote inside an unquoted cell
        mode = Mode.Quoted;
        i = quote + 1;
      } else if (mode === Mode.Quoted) {
        const quote = chunk.indexOf(QUOTE, i);
        const lineBreak = nextCr();
        if (lineBreak < n && (quote < 0 || lineBreak < quote)) ambiguous = true; // a \r inside a quoted cell
        if (quote < 0) break;
        mode = Mode.AfterQuote;
        i = quote + 1;
      } else {
        const b = chunk[i];
        if (b === QUOTE) {
          mode = Mode.Quoted; // a doubled quote
          i += 1;
        } else if (b === COMMA || b === LF) {
          mode = Mode.Outside; // the quoted cell ended; Outside finds this \n as a line end
        } else if (b === CR) {
          mode = Mode.Outside; // Outside checks that \n follows
        } else {
          ambiguous = true; // text after a closing quote
        }
      }
    }
    if (headerBytes) {
      headerBytes.push(headerEnd < 0 ? chunk : chunk.subarray(0, headerEnd));
      if (headerEnd >= 0) {
        header = headerNames(Buffer.concat(headerBytes).toString('utf8'));
        headerBytes = undefined;
      }
    }
    if (n > 0) last = chunk[n - 1]!;
  }
  if (mode === Mode.Quoted || pendingCr) ambiguous = true;
  if (headerBytes) header = headerNames(Buffer.concat(headerBytes).toString('utf8'));
  return { header, ambiguous };
}

/** The header's names as kt's CSV parser takes them (trimmed), or undefined when it cannot read them. */
function headerNames(line: string): string[] | undefined {
  const cells = parseCsvRecord(line.endsWith('\r') ? line.slice(0, -1) : line);
  return typeof cells === 'string' ? undefined : cells.map((c) => (c ?? '').trim());
}
