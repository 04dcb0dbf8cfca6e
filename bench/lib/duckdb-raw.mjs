// The limit: DuckDB's own reader loading the same file into a table, nothing else.
// Usage: node duckdb-raw.mjs DBFILE FILE ndjson|csv
import { DuckDBInstance } from '@duckdb/node-api';

const [db, file, format] = process.argv.slice(2);
const instance = await DuckDBInstance.create(db);
const connection = await instance.connect();
const reader = format === 'csv' ? `read_csv(?, header = true)` : `read_ndjson(?)`;
await connection.run(`CREATE TABLE events AS SELECT * FROM ${reader}`, [file]);
const rows = await connection.runAndReadAll('SELECT count(*)::INTEGER AS n FROM events');
process.stdout.write(JSON.stringify(rows.getRowObjectsJson()[0]) + '\n');
connection.closeSync();
instance.closeSync();
