import type { Readable } from 'node:stream';

// The trailing-comma scan as it was before src/ingest/lenient-json.ts looked for closing
// brackets with Buffer.indexOf: one regular expression over each chunk decoded as latin1.
// Kept as the reference its replacement is tested against (test/ingest/trailing-comma-scan.test.ts).

/**
 * DuckDB's JSON reader accepts a trailing comma before } or ] (`{"id":"a",}`), which
 * JSON.parse, and so the zod path, rejects. The decoded bytes are scanned once: a comma
 * followed only by whitespace and a closing bracket anywhere in the file (inside a text
 * value too: a false alarm only costs speed) sends the file down the zod path, where
 * such a line is reported at its line number.
 */
const trailingComma = /,[ \t\r\n]*[}\]]/;

export async function mayHoldTrailingCommasByRegex(decoded: Readable): Promise<boolean> {
  let carry = '';
  let found = false;
  for await (const chunk of decoded) {
    if (found) continue; // keep reading to the end: the caller hashes every byte
    // latin1 keeps one character per byte, so the scan pays for no UTF-8 decoding.
    const text = carry + (chunk as Buffer).toString('latin1');
    found = trailingComma.test(text);
    carry = endsInOpenComma(text) ? ',' : '';
  }
  return found;
}

/** True when the text ends with a comma and then only JSON whitespace: the match may go on in the next chunk. */
function endsInOpenComma(text: string): boolean {
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x2c) return true;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return false;
  }
  return false;
}
