import type { Readable } from 'node:stream';
import { parseCsvRecord } from './csv.js';

/** What one pass over a CSV file's bytes found: its header names, and whether DuckDB and kt's parser may split it differently. */
export interface CsvScan {
  header: string[] | undefined;
  ambiguous: boolean;
}

// RFC 4180 as both readers take it alike: a quoted cell (quotes doubled inside, no \r) or an
// unquoted one (no quote, comma or line end), cells split by commas, records ended by \n or \r\n.
const cell = '(?:"[^"\\r]*(?:""[^"\\r]*)*"|[^",\\r\\n]*)';
/** Whole records, as many as follow one another (sticky: from lastIndex on). */
const records = new RegExp(`(?:${cell}(?:,${cell})*\\r?\\n)+`, 'y');
/** The start of a record that the next bytes may finish: cells, then possibly an open quoted cell or a \r. */
const recordStart = new RegExp(`^(?:${cell},)*(?:"[^"\\r]*(?:""[^"\\r]*)*"?|[^",\\r\\n]*)\\r?$`);
/** One whole record (sticky), to find where the header ends. */
const firstRecord = new RegExp(`${cell}(?:,${cell})*\\r?\\n`, 'y');
/** A last record without a line end. */
const lastRecord = new RegExp(`^${cell}(?:,${cell})*$`);
/** A record left open longer than this (a cell of many megabytes) counts as ambiguous: the zod path then reads the file. */
const maxOpenRecord = 16 << 20;

/**
 * DuckDB's CSV reader and kt's own parser agree on RFC 4180 text, but not on a quote inside
 * an unquoted cell (`ab"c`: kt's parser reads on to the next line, DuckDB keeps the quote),
 * on text after a closing quote, on a \r inside a quoted cell (kt drops it with the line
 * end) or on a lone \r. One pass over the decoded bytes checks that the whole file is records
 * both read alike (one regular expression per chunk: a byte-at-a-time loop cost a third of a
 * CSV ingest's CPU), and keeps the header line; any other file goes down the zod path, whose
 * parser reports the row.
 */
export async function scanCsv(decoded: Readable): Promise<CsvScan> {
  let ambiguous = false;
  let header: string[] | undefined;
  let open = ''; // the record the last chunk left unfinished, as latin1 text (one character per byte)
  let headerRead = false;
  for await (const chunk of decoded as AsyncIterable<Buffer>) {
    if (ambiguous) continue; // keep reading to the end: the caller hashes every byte
    const text = open + chunk.toString('latin1');
    records.lastIndex = 0;
    const end = records.test(text) ? records.lastIndex : 0;
    if (!headerRead && end > 0) {
      firstRecord.lastIndex = 0;
      firstRecord.test(text);
      header = headerNames(text.slice(0, firstRecord.lastIndex - 1)); // without its \n
      headerRead = true;
    }
    open = text.slice(end);
    if (open.length > maxOpenRecord || !recordStart.test(open)) ambiguous = true;
  }
  if (!ambiguous && open !== '' && !lastRecord.test(open)) ambiguous = true;
  if (!headerRead && !ambiguous) header = headerNames(open);
  return { header, ambiguous };
}

/** The header's names as kt's CSV parser takes them (trimmed), or undefined when it cannot read them. */
function headerNames(latin1: string): string[] | undefined {
  const line = Buffer.from(latin1, 'latin1').toString('utf8');
  const cells = parseCsvRecord(line.endsWith('\r') ? line.slice(0, -1) : line);
  return typeof cells === 'string' ? undefined : cells.map((c) => (c ?? '').trim());
}
