import { mkdtemp, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { plainValue } from '../store/database.js';
import type { Readable } from 'node:stream';
import type { SourceRecord } from './types.js';

/**
 * Parquet rows → records, read by DuckDB's own Parquet reader on a private
 * in-memory database allowed to see only the file's directory (the store is not
 * involved). Rows are numbered from 1; `raw` is the row as JSON text. Gzipped
 * Parquet is first unpacked into a private temp directory, removed afterwards.
 */
export async function* parquetRecords(path: string, gzipped: Readable | undefined): AsyncGenerator<SourceRecord> {
  let tempDir: string | undefined;
  let file = resolve(path);
  if (gzipped) {
    tempDir = await mkdtemp(join(tmpdir(), 'kt-parquet-'));
    file = join(tempDir, 'input.parquet');
    await pipeline(gzipped, createWriteStream(file));
  }
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  try {
    const connection = await instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
    await connection.run(`SET allowed_directories = ['${(dirname(file) + '/').replaceAll("'", "''")}']`);
    await connection.run('SET enable_external_access = false');
    const result = await connection.stream('SELECT * FROM read_parquet(?)', [file]);
    let line = 0;
    for await (const rows of result.yieldRowObjectJs()) {
      for (const row of rows) {
        line += 1;
        const value = plainValue(row) as Record<string, unknown>;
        yield { line, raw: JSON.stringify(value), value };
      }
    }
    connection.closeSync();
  } finally {
    instance.closeSync();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}
