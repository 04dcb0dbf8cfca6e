import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutsBelow, inChunks, withInserted } from './chunked-text.js';
import { mayHoldTrailingCommas } from '../../src/ingest/lenient-json.js';
import { mayHoldTrailingCommasByRegex } from './reference/trailing-comma-regex.js';

// The scan beside DuckDB's NDJSON reader sends a file with a trailing comma (which DuckDB
// accepts and JSON.parse does not) down the zod path. The reference is the regular
// expression it replaced (test/ingest/reference/): both must agree on any bytes, however
// they are chunked.

async function bothScans(text: string, cuts: number[]): Promise<boolean> {
  const bytes = Buffer.from(text, 'utf8');
  const found = await mayHoldTrailingCommas(inChunks(bytes, cuts));
  expect(found, JSON.stringify(text)).toBe(await mayHoldTrailingCommasByRegex(inChunks(bytes, cuts)));
  return found;
}

const piece = fc.constantFrom(',', '}', ']', '{', '[', ' ', '\t', '\n', '\r', '"', 'a', 'é', '😀', '1', ':', ', ', ',\n', '\u00a0', '\u2028');
const row = fc.record({ id: fc.string({ maxLength: 6 }), n: fc.integer(), list: fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 3 })), { maxLength: 3 }) })
  .map((r) => JSON.stringify(r));
const wellFormed = fc.array(row, { minLength: 1, maxLength: 5 }).map((rows) => rows.join('\n') + '\n');
const mutated = withInserted(wellFormed, piece);
const anything = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));
const cuts = cutsBelow(300, 8);

describe('the trailing-comma scan beside DuckDB\'s NDJSON reader', () => {
  it('finds what the regular expression found, on well-formed, mutated and random text in any chunks', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(wellFormed, mutated, anything), cuts, async (text, at) => { await bothScans(text, at); }), { numRuns: 2000 });
  });

  it('finds a comma before } or ], across whitespace and chunk edges, and nothing else', async () => {
    for (const [text, cut] of [['{"a":1,}', [6]], ['{"a":[1,]}', [8]], ['{"a":1, \n\t}', [7, 8, 9]], ['{"a":1,', [3]], ['{"a":1,\n', [8]]] as const) {
      const trailing = text.endsWith('}') || text.endsWith(']');
      expect(await bothScans(text + (trailing ? '' : ' }'), [...cut]), text).toBe(true);
    }
    for (const text of ['{"a":1}', '{"a":[1,2]}', '{"a":", x"}', '{"a":"x,"}\n{"b":2}']) {
      expect(await bothScans(text, [2, 5]), text).toBe(false);
    }
  });
});
