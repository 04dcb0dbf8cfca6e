import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { KtError } from '../errors.js';
import { eventFields } from '../domain/event.js';
import { CsvHeaderError, csvRecords, type CsvShape } from './csv.js';
import { fileSha256, inputKind, openInput } from './input.js';
import { linesOf, splitLines } from './lines.js';
import { ndjsonRecords } from './ndjson.js';
import { parquetRecords } from './parquet.js';
import type { SourceRecord } from './types.js';

/** Where rows come from: a name for messages, the records in order, and the input's sha256 once read. */
export interface Source {
  file: string;
  records: AsyncIterable<SourceRecord>;
  sha256(): string;
}

export const eventShape: CsvShape = {
  numeric: new Set(['score', 'latency_ms', 'tokens_in', 'tokens_out', 'cost_usd']),
  json: new Set(['policy_results']),
};
export const escalationShape: CsvShape = { numeric: new Set(), json: new Set() };

/** A file on disk in any supported format, streamed. */
export async function fileSource(path: string, shape: CsvShape, onProgress?: (done: number, total: number) => void): Promise<Source> {
  const kind = await inputKind(path);
  if (kind.format === 'parquet') {
    const input = kind.gzip ? await openInput(path, true, onProgress) : undefined;
    let digest = '';
    return {
      file: path,
      records: withFileErrors(path, jsonColumnsParsed(afterHash(parquetRecords(path, input?.stream), async () => {
        digest = input ? input.sha256() : await fileSha256(path);
      }), shape)),
      sha256: () => digest,
    };
  }
  const input = await openInput(path, kind.gzip, onProgress);
  input.stream.setEncoding('utf8');
  const lines = splitLines(input.stream);
  const records = kind.format === 'csv' ? csvRecords(lines, shape) : ndjsonRecords(lines);
  return { file: path, records: withFileErrors(path, records), sha256: input.sha256 };
}

/** NDJSON text: a whole body, or an async iterable of its lines. */
export function textSource(file: string, ndjson: string | AsyncIterable<string>): Source {
  const hash = createHash('sha256');
  const lines = typeof ndjson === 'string' ? linesOf(once(ndjson)) : linesOf(ndjson);
  async function* hashed(): AsyncGenerator<string> {
    for await (const line of lines) {
      hash.update(line + '\n');
      yield line;
    }
  }
  let digest: string | undefined;
  return { file, records: ndjsonRecords(hashed()), sha256: () => (digest ??= hash.digest('hex')) };
}

/** Records someone else decoded (an Arrow IPC body): validated like any other row. */
export function recordSource(file: string, records: Iterable<{ line: number; raw: string; value: unknown }>): Source {
  const hash = createHash('sha256');
  async function* hashed(): AsyncGenerator<SourceRecord> {
    for (const record of records) {
      hash.update(record.raw + '\n');
      yield record;
    }
  }
  let digest: string | undefined;
  return { file, records: hashed(), sha256: () => (digest ??= hash.digest('hex')) };
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

async function* afterHash(records: AsyncIterable<SourceRecord>, done: () => Promise<void>): AsyncGenerator<SourceRecord> {
  yield* records;
  await done();
}

/** Parquet may carry nested fields as JSON text, like CSV: parse them the same way. */
async function* jsonColumnsParsed(records: AsyncIterable<SourceRecord>, shape: CsvShape): AsyncGenerator<SourceRecord> {
  for await (const record of records) {
    if (!('value' in record)) {
      yield record;
      continue;
    }
    const value = record.value as Record<string, unknown>;
    let unreadable: { field: string } | undefined;
    for (const name of shape.json) {
      const cell = value[name];
      if (typeof cell !== 'string') continue;
      try {
        value[name] = JSON.parse(cell);
      } catch {
        unreadable = { field: name };
      }
    }
    yield unreadable ? { line: record.line, raw: record.raw, field: unreadable.field, unreadable: `${unreadable.field} is not valid JSON text` } : record;
  }
}

/** A file that breaks while being read (bad gzip, unreadable header) fails as a whole, naming it. */
async function* withFileErrors(path: string, records: AsyncIterable<SourceRecord>): AsyncGenerator<SourceRecord> {
  try {
    yield* records;
  } catch (error) {
    if (error instanceof KtError) throw error;
    if (error instanceof CsvHeaderError) {
      throw new KtError('bad_file', `${path}:${error.line}: ${error.message}. Nothing from this file was stored.`, {
        file: basename(path), line: error.line, ...(error.column !== undefined ? { field: error.column } : {}),
      });
    }
    throw new KtError('bad_file', `${path}: cannot be read: ${(error as Error).message}. Nothing from this file was stored.`, { file: basename(path) });
  }
}

/** The contract's event fields, for telling known fields from extras. */
export const knownEventFields: ReadonlySet<string> = new Set(eventFields);
