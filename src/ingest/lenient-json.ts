import type { Readable } from 'node:stream';

/**
 * DuckDB's JSON reader accepts a trailing comma before } or ] (`{"id":"a",}`), which
 * JSON.parse, and so the zod path, rejects. The bytes are scanned once, as they are read:
 * a comma followed only by whitespace and a closing bracket anywhere in the file (inside a
 * text value too: a false alarm only costs speed) sends the file down the zod path, where
 * such a line is reported at its line number.
 *
 * The scan finds each } and ] with Buffer.indexOf and looks back past whitespace for a
 * comma, instead of decoding every chunk to text for a regular expression: brackets are a
 * few per row, and the decoding was most of the scan's cost (5M events: about 4 s of CPU,
 * taken from DuckDB's read on a 2-core box).
 */
export async function mayHoldTrailingCommas(decoded: Readable): Promise<boolean> {
  let found = false;
  let before = -1; // the last byte before this chunk that is not whitespace (-1: none yet)
  for await (const chunk of decoded) {
    const bytes = chunk as Buffer;
    if (!found) found = commaBeforeCloser(bytes, before, 0x7d) || commaBeforeCloser(bytes, before, 0x5d);
    before = lastSignificant(bytes, before); // keep reading to the end: the caller hashes every byte
  }
  return found;
}

const comma = 0x2c;

/** Whether some `closer` in bytes has, after skipping whitespace backwards, a comma before it. */
function commaBeforeCloser(bytes: Buffer, before: number, closer: number): boolean {
  for (let at = bytes.indexOf(closer); at !== -1; at = bytes.indexOf(closer, at + 1)) {
    let i = at - 1;
    while (i >= 0 && isWhitespace(bytes[i]!)) i--;
    if ((i >= 0 ? bytes[i] : before) === comma) return true;
  }
  return false;
}

/** The last byte of bytes that is not whitespace, or `before` when there is none. */
function lastSignificant(bytes: Buffer, before: number): number {
  for (let i = bytes.length - 1; i >= 0; i--) if (!isWhitespace(bytes[i]!)) return bytes[i]!;
  return before;
}

/** JSON's whitespace: space, tab, carriage return, line feed. */
function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === 0x0a;
}
