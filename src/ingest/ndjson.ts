import type { SourceRecord } from './types.js';

/**
 * NDJSON lines → records, numbered from 1 as an editor shows them. Blank lines
 * are skipped (not counted); a line that is not a JSON object is an unreadable
 * record, rejected like any invalid row.
 */
export async function* ndjsonRecords(lines: AsyncIterable<string>): AsyncGenerator<SourceRecord> {
  let line = 0;
  for await (const raw of lines) {
    line += 1;
    if (raw.trim() === '') continue;
    yield decodeJsonLine(line, raw);
  }
}

export function decodeJsonLine(line: number, raw: string): SourceRecord {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { line, raw, unreadable: `the line is not valid JSON (${(error as Error).message})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { line, raw, unreadable: 'the line is not a JSON object' };
  }
  return { line, raw, value };
}
