// One ingest in its own process, for the kill-during-write test: runs the built ingest
// (run `npm run build`) of FILE as KIND (events or escalations) and prints the first line of
// every statement of its transactions just before DuckDB runs it, so the parent can kill it
// while a chosen statement is under way.
import { dirname } from 'node:path';
import { openStore } from '../../dist/store/database.js';
import { ingestFile } from '../../dist/ingest/index.js';

const [db, file, kind = 'events'] = process.argv.slice(2);
// The file's directory is allowed, as `kt ingest` allows it, so DuckDB's own reader may read it.
const store = await openStore(db, { allowedDirectories: [dirname(file)] });
const transaction = store.transaction.bind(store);
store.transaction = (fn) => transaction((tx) => {
  for (const name of ['run', 'all', 'one', 'rowsChanged']) {
    const call = tx[name].bind(tx);
    tx[name] = (sql, params) => {
      const head = sql.split('\n').find((line) => line.trim() !== '' && !line.startsWith('--')) ?? '';
      process.stdout.write(`statement ${head.trim()}\n`);
      return call(sql, params);
    };
  }
  return fn(tx);
});
const report = await ingestFile(store, kind, file);
process.stdout.write(`committed ${report.reader} ${report.inserted}\n`);
store.close();
