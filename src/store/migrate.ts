import type { Store } from './database.js';
import { migrations } from './migrations.js';

/** Applies every migration the store lacks, each in its own transaction. */
export async function migrate(store: Store): Promise<number> {
  await store.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
  )`);
  const row = await store.one<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  const current = row?.version ?? 0;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    await store.transaction(async (tx) => {
      await tx.run(migration.sql);
      await tx.run('INSERT INTO schema_migrations (version, name) VALUES (?, ?)', [migration.version, migration.name]);
    });
  }
  return migrations.length;
}

export async function schemaVersion(store: Store): Promise<number> {
  const row = await store.one<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  return row?.version ?? 0;
}
