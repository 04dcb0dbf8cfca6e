import { existsSync, linkSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { conflict, KtError } from '../errors.js';
import type { Executor } from '../store/database.js';
import { filterParams, matchingEventsQuery, refuseUnknownTeam, type EventFilter } from './filter.js';

export const exportFormats = ['csv', 'json', 'parquet'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** The formats file names say; a name with another ending (or none) says nothing. */
const formatsByExtension: Record<string, ExportFormat> = { '.csv': 'csv', '.json': 'json', '.ndjson': 'json', '.jsonl': 'json', '.parquet': 'parquet' };

/** The export format a file name says, if it says one (`blocked.parquet` → parquet). */
export function exportFormatNamedBy(outPath: string): ExportFormat | undefined {
  const extension = extname(outPath).toLowerCase();
  return Object.hasOwn(formatsByExtension, extension) ? formatsByExtension[extension] : undefined;
}

/** Timestamps in text formats: RFC 3339 in UTC with microseconds (the store's precision). */
const rfc3339Format = '%Y-%m-%dT%H:%M:%S.%fZ';

/** COPY options per format, fixed text (json is newline-delimited: one event per line). */
const copyOptions: Record<ExportFormat, string> = {
  csv: `FORMAT csv, HEADER true, TIMESTAMPFORMAT '${rfc3339Format}'`,
  json: `FORMAT json, TIMESTAMPFORMAT '${rfc3339Format}'`,
  parquet: 'FORMAT parquet, COMPRESSION zstd',
};

export interface ExportOptions {
  /** Replace an existing file at outPath. */
  force?: boolean;
}

/**
 * Writes every event matching the filter (its limit does not apply), newest first,
 * with DuckDB's own writer. The store must be open with the output's directory in
 * `allowedDirectories`. The file appears whole or not at all: DuckDB writes a
 * hidden temporary beside it, which is then moved into place. A team no event belongs
 * to is refused, not written as an empty file.
 */
export async function exportEvents(
  db: Executor,
  filter: EventFilter,
  format: ExportFormat,
  outPath: string,
  options: ExportOptions = {},
): Promise<{ rows: number; path: string }> {
  await refuseUnknownTeam(db, filter);
  const out = resolve(outPath);
  if (!options.force && existsSync(out)) {
    throw conflict(`${out} already exists; pass --force to overwrite it.`, { out });
  }
  const temporary = join(dirname(out), `.${basename(out)}.${randomBytes(6).toString('hex')}.part`);
  const selection = matchingEventsQuery('events_tail');
  const sql = `COPY (\n${selection}\n) TO ${sqlString(temporary)} (${copyOptions[format]})`;
  try {
    const result = await db.all<{ Count: number }>(sql, { ...filterParams(filter), limit: null });
    if (options.force) {
      renameSync(temporary, out);
    } else {
      // link() refuses to replace a file that appeared meanwhile, unlike rename().
      linkSync(temporary, out);
    }
    return { rows: Number(result[0]?.Count ?? 0), path: out };
  } catch (error) {
    if (isErrno(error, 'EEXIST')) throw conflict(`${out} already exists; pass --force to overwrite it.`, { out });
    if (error instanceof KtError) throw error;
    throw new KtError('unavailable', `Cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`, { out });
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** A path as an SQL string literal: COPY's target takes no bound parameter. */
function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
