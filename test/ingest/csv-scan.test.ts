import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutsBelow, inChunks, withInserted } from './chunked-text.js';
import { scanCsv } from '../../src/ingest/csv-quotes.js';
import { scanCsvByteByByte } from './reference/csv-scan-byte-by-byte.js';

// The scan beside DuckDB's CSV reader decides which files it may read; the reference is the
// byte-at-a-time state machine it replaced (test/ingest/reference/), which tests have held
// against kt's parser before. Both must find the same on any bytes, however they are chunked.

async function bothScans(text: string, cuts: number[]) {
  const bytes = Buffer.from(text, 'utf8');
  const scanned = await scanCsv(inChunks(bytes, cuts));
  const reference = await scanCsvByteByByte(inChunks(bytes, cuts));
  expect(scanned.ambiguous, JSON.stringify(text)).toBe(reference.ambiguous);
  if (!reference.ambiguous) expect(scanned.header, JSON.stringify(text)).toEqual(reference.header);
  return scanned;
}

const piece = fc.constantFrom('a', 'bc', ',', '"', '""', '\n', '\r\n', '\r', 'é', ' ', 'id', 'x,y');
const cellText = fc.stringMatching(/^[a-zé ,"\n\r]{0,6}$/);
const quotedCell = cellText.map((t) => `"${t.replaceAll('"', '""')}"`);
const plainCell = fc.stringMatching(/^[a-zé ]{0,5}$/);
const row = fc.array(fc.oneof(quotedCell, plainCell), { minLength: 1, maxLength: 4 }).map((cells) => cells.join(','));
const wellFormed = fc.tuple(fc.array(row, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([rows, end, last]) => rows.join(end) + (last ? end : ''));
const mutated = withInserted(wellFormed, piece);
const anything = fc.array(piece, { maxLength: 30 }).map((p) => p.join(''));
const cuts = cutsBelow(200, 6);

describe('the CSV scan beside DuckDB\'s reader', () => {
  it('finds what the byte-at-a-time scan found, on well-formed, mutated and random text in any chunks', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(wellFormed, mutated, anything), cuts, async (text, at) => { await bothScans(text, at); }), { numRuns: 1500 });
  });

  it('reads the header and passes RFC 4180 text, quoted newlines and CRLF included', async () => {
    const ok = await bothScans('id,"no""te",n\r\na,"one\ntwo",1\r\nb,,2', [1, 5, 9, 13, 20]);
    expect(ok).toEqual({ header: ['id', 'no"te', 'n'], ambiguous: false });
    expect((await bothScans('id,tëam\nx,y\n', [4])).header).toEqual(['id', 'tëam']);
  });

  it('finds a quote in an unquoted cell, text after a closing quote, a \\r in quotes, a lone \\r and an open quote', async () => {
    for (const text of ['id\nab"c\n', 'id\n"ab"c\n', 'id\n"a\rb"\n', 'id\na\rb\n', 'id\n"abc\n', 'id\nabc\r']) {
      expect((await bothScans(text, [2, 3])).ambiguous, JSON.stringify(text)).toBe(true);
    }
  });
});
