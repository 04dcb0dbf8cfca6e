import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { schemaVersion } from '../../src/store/migrate.js';
import { currentSchemaVersion, migrations } from '../../src/store/migrations.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kt-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('migrations', () => {
  it('bring a fresh file to the current schema with every table', async () => {
    const store = await openStore(join(dir, 'kt.duckdb'));
    expect(await schemaVersion(store)).toBe(currentSchemaVersion);
    const tables = await store.all<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1");
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['audit', 'configs', 'escalations', 'events', 'event_traffic_hourly', 'queue_items', 'users', 'schema_migrations']));
    store.close();
  });

  it('bring a file made by an older kt forward, keeping its rows', async () => {
    const file = join(dir, 'old.duckdb');
    // An "older kt": only migration 1 applied, with data in it.
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    await connection.run('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)');
    await connection.run(migrations[0]!.sql);
    await connection.run("INSERT INTO schema_migrations (version, name) VALUES (1, 'first')");
    await connection.run("INSERT INTO events (id, \"timestamp\", verdict) VALUES ('evt_old', TIMESTAMPTZ '2026-01-01 00:00:00+00', 'allow')");
    await connection.run(`INSERT INTO events (id, "timestamp", verdict, config_id, config_version, team) VALUES
      ('evt_cfg_1', TIMESTAMPTZ '2026-01-01 10:59:59.999+00', 'allow', 'cfg', '1.0.0', 'red'),
      ('evt_cfg_2', TIMESTAMPTZ '2026-01-01 10:00:00+00', 'allow', 'cfg', '1.0.0', 'red'),
      ('evt_cfg_3', TIMESTAMPTZ '2026-01-01 11:00:00+00', 'allow', 'cfg', '1.0.0', NULL)`);
    connection.closeSync();
    instance.closeSync();

    const store = await openStore(file);
    expect(await schemaVersion(store)).toBe(currentSchemaVersion);
    expect(await store.all('SELECT id FROM events ORDER BY id')).toEqual([{ id: 'evt_cfg_1' }, { id: 'evt_cfg_2' }, { id: 'evt_cfg_3' }, { id: 'evt_old' }]);
    // The hourly traffic counts start from the events already there (those without a config are not counted).
    expect(await store.all(`SELECT config_id, config_version, team, strftime(hour_start AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M') AS hour, events::INTEGER AS events
      FROM event_traffic_hourly ORDER BY hour`)).toEqual([
      { config_id: 'cfg', config_version: '1.0.0', team: 'red', hour: '2026-01-01 10:00', events: 2 },
      { config_id: 'cfg', config_version: '1.0.0', team: null, hour: '2026-01-01 11:00', events: 1 },
    ]);
    store.close();
  });

  it('are idempotent: opening twice applies nothing new', async () => {
    const file = join(dir, 'kt.duckdb');
    (await openStore(file)).close();
    const store = await openStore(file);
    const applied = await store.all('SELECT version FROM schema_migrations');
    expect(applied).toHaveLength(currentSchemaVersion);
    store.close();
  });

  it('switch off external access: DuckDB cannot read files outside the allowed directories', async () => {
    const store = await openStore(join(dir, 'kt.duckdb'));
    await expect(store.run("SELECT * FROM read_csv('/etc/hostname')")).rejects.toThrow(/disabled by configuration/);
    expect(await store.one("SELECT current_setting('autoinstall_known_extensions') AS v")).toEqual({ v: false });
    store.close();
  });

  it('caps DuckDB memory at KT_MEMORY_LIMIT, and refuses a value that is not a size', async () => {
    const before = process.env.KT_MEMORY_LIMIT;
    try {
      process.env.KT_MEMORY_LIMIT = '512MiB';
      const store = await openStore(join(dir, 'kt.duckdb'));
      expect(await store.one("SELECT current_setting('memory_limit') AS v")).toEqual({ v: '512.0 MiB' });
      store.close();
      process.env.KT_MEMORY_LIMIT = 'lots';
      await expect(openStore(join(dir, 'other.duckdb'))).rejects.toThrow(/KT_MEMORY_LIMIT must be a size/);
    } finally {
      if (before === undefined) delete process.env.KT_MEMORY_LIMIT;
      else process.env.KT_MEMORY_LIMIT = before;
    }
  });
});
