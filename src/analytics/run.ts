import type { DuckDBValue } from '@duckdb/node-api';
import type { Executor } from '../store/database.js';
import { query } from '../store/queries.js';

/**
 * Runs queries/NAME.sql with the named parameters it uses. Analytics share one
 * parameter set (the scope plus a question's options); DuckDB refuses names a
 * statement does not mention, so each file is bound with exactly the `$name`s it
 * contains. Values are always bound, never pasted into the text.
 */
export async function runQuestion<T>(db: Executor, name: string, params: Record<string, DuckDBValue>): Promise<T[]> {
  const sql = query(name);
  const used: Record<string, DuckDBValue> = {};
  for (const [key, value] of Object.entries(params)) {
    if (new RegExp(`\\$${key}\\b`).test(sql)) used[key] = value;
  }
  return db.all<T>(sql, used);
}
