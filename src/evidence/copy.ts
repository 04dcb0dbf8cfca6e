import type { DuckDBValue } from '@duckdb/node-api';
import type { Executor } from '../store/database.js';
import { query, quoteIdent } from '../store/queries.js';

/** The export's temporary tables, which are also the pack's data sets. */
export const evidenceTables = ['evidence_escalations', 'evidence_events', 'evidence_audit', 'evidence_configs'] as const;
export type EvidenceTable = (typeof evidenceTables)[number];

/** The order rows are numbered in (fixed text, never user input): the order of the files and the PDF. */
const rowOrder: Record<EvidenceTable, string> = {
  evidence_escalations: 'resolved_at, id',
  evidence_events: '"timestamp", id',
  evidence_audit: 'seq',
  evidence_configs: 'config_id, deployed_at NULLS LAST, version',
};

/**
 * Lets DuckDB write one data set straight to disk as CSV (with a header) or Parquet,
 * so the rows never pass through JavaScript. The path is bound, the table name
 * comes from the allow-list; `row_number` is the export's own paging key, not data.
 */
export async function copyTable(tx: Executor, table: EvidenceTable, format: 'csv' | 'parquet', path: string): Promise<void> {
  const name = quoteIdent(table, evidenceTables);
  const options = format === 'csv' ? "(FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', ESCAPE '\"')" : '(FORMAT parquet, COMPRESSION zstd)';
  const columns = format === 'csv' ? await spreadsheetSafeColumns(tx, table) : '* EXCLUDE (row_number)';
  await tx.run(`COPY (SELECT ${columns} FROM ${name} ORDER BY row_number) TO $path ${options}`, { path });
}

/**
 * The CSV's columns, text that a spreadsheet would read as a formula (a cell starting with
 * = + - @, a tab or a carriage return) written with a leading ' so it opens as text (OWASP's
 * CSV injection advice): prompts, responses and notes are typed by gateway users and reviewers,
 * and auditors open these files in spreadsheets. Parquet keeps the text as stored. The column
 * names are the pack's own questions' (queries/evidence_*.sql), read back from the table.
 */
async function spreadsheetSafeColumns(tx: Executor, table: EvidenceTable): Promise<string> {
  const columns = await tx.all<{ name: string; text: boolean }>(query('evidence_table_columns'), { table });
  return columns
    .filter((c) => c.name !== 'row_number')
    .map((c) => {
      const column = `"${c.name.replaceAll('"', '""')}"`;
      return c.text ? `CASE WHEN regexp_matches(${column}, '^[=+\-@\t\r]') THEN '''' || ${column} ELSE ${column} END AS ${column}` : column;
    })
    .join(', ');
}

/**
 * Materialises one data set of the pack as a temporary table of the export's own
 * connection, numbered in the order the question returns it (the paging key).
 */
export async function createEvidenceTable(tx: Executor, table: EvidenceTable, questionSql: string, params: Record<string, DuckDBValue>): Promise<number> {
  const name = quoteIdent(table, evidenceTables);
  const body = questionSql.trim().replace(/;$/, '');
  const used = Object.fromEntries(Object.entries(params).filter(([key]) => new RegExp(`\\$${key}\\b`).test(body)));
  await tx.run(`CREATE OR REPLACE TEMP TABLE ${name} AS SELECT row_number() OVER (ORDER BY ${rowOrder[table]}) AS row_number, * FROM (${body})`, used);
  const row = await tx.one<{ n: number }>(`SELECT count(*) AS n FROM ${name}`);
  return Number(row?.n ?? 0);
}

export async function dropEvidenceTables(tx: Executor): Promise<void> {
  for (const table of evidenceTables) await tx.run(`DROP TABLE IF EXISTS ${quoteIdent(table, evidenceTables)}`);
}
