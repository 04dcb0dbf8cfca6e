import { Readable } from 'node:stream';
import fc from 'fast-check';

// Shared by the tests of the scans that run beside DuckDB's readers: text cut into chunks
// anywhere (the scans carry state across chunk edges), and text with one piece inserted.

/** bytes as a stream cut at the given offsets (taken modulo its length, in order). */
export function inChunks(bytes: Buffer, cuts: number[]): Readable {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const to of [...at, bytes.length]) {
    parts.push(bytes.subarray(from, to));
    from = to;
  }
  return Readable.from(parts);
}

/** Texts of `text` with one of `piece` inserted somewhere. */
export function withInserted(text: fc.Arbitrary<string>, piece: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(text, fc.nat(), piece).map(([t, at, insert]) => t.slice(0, at % (t.length + 1)) + insert + t.slice(at % (t.length + 1)));
}

/** Where to cut: up to `count` offsets below `max`. */
export const cutsBelow = (max: number, count: number) => fc.array(fc.nat(max), { maxLength: count });
