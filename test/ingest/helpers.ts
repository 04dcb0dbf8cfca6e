import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';
import { ingestEventText } from '../../src/ingest/index.js';

export const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/ingest/${name}`, import.meta.url));

/** A fresh store file in its own temp dir; `done()` closes it and removes the dir. */
export type TempStore = { dir: string; db: string; store: Store; done: () => void };

export async function tempStore(): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'kt-ingest-'));
  const db = join(dir, 'kt.duckdb');
  // DuckDB's own reader may read the test's files, as `kt ingest` lets it read its inputs.
  const store = await openStore(db, { allowedDirectories: [dir, fixture('.')] });
  return {
    dir, db, store,
    done: () => {
      try {
        store.close();
      } catch {
        // already closed by the test
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function count(store: Store, table: 'events' | 'escalations' | 'configs' | 'audit'): Promise<number> {
  const row = await store.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table}`);
  return row?.n ?? 0;
}

export function writeLines(dir: string, name: string, rows: readonly unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n');
  return path;
}

/** A valid event with overrides. */
export function event(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id, timestamp: '2026-09-14T10:00:00Z', verdict: 'allow', policy: 'pii-detector',
    config_id: 'cfg_support', config_version: '2.3.0', provider: 'openai', model: 'gpt-4o', team: 'support',
    ...overrides,
  };
}

export const escalateEvent = (id: string, overrides: Record<string, unknown> = {}) =>
  event(id, { verdict: 'escalate', reason_code: 'violence_terms', policy: 'human-oversight', ...overrides });

/** What a store holds of events and escalations, for comparing two loads (times of the load itself left out). */
export async function storedRows(store: Store): Promise<{ events: unknown[]; escalations: unknown[]; traffic: unknown[]; audit: unknown[] }> {
  return {
    events: await store.all('SELECT * EXCLUDE (ingested_at) FROM events ORDER BY id'),
    escalations: await store.all('SELECT * EXCLUDE (updated_at) FROM escalations ORDER BY id'),
    traffic: await store.all('SELECT * FROM event_traffic_hourly ORDER BY ALL'),
    audit: await store.all('SELECT actor, action, target, after::VARCHAR AS after FROM audit ORDER BY seq'),
  };
}

/**
 * Two fresh stores for every test of the calling file, closed after it: `a` takes a file
 * through the reader under test, `b` the same rows through the zod path, for comparing.
 */
export function storePairPerTest(): { a: TempStore; b: TempStore } {
  const pair = {} as { a: TempStore; b: TempStore };
  beforeEach(async () => {
    pair.a = await tempStore();
    pair.b = await tempStore();
  });
  afterEach(() => {
    pair.a.done();
    pair.b.done();
  });
  return pair;
}

/** What a file's ingest adds to: the stored events, escalations and audit entries. */
export async function storeTotals(store: Store): Promise<{ events: number; escalations: number; audit: number }> {
  return { events: await count(store, 'events'), escalations: await count(store, 'escalations'), audit: await count(store, 'audit') };
}

/** `n` events, every 10th escalated, streamed to disk. */
export async function writeBigFile(path: string, n: number): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < n; i++) {
    const row = i % 10 === 0 ? escalateEvent(`evt_big_${i}`) : event(`evt_big_${i}`, { request: `request text number ${i} `.repeat(8) });
    if (!out.write(JSON.stringify(row) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * The two ways a file DuckDB reads reaches `events`: straight in (the bulk load) when the store holds
 * no events, else merged with the stored rows. Tests of the native path run in both.
 */
export const storeStates = [
  { into: 'an empty store', load: 'bulk', seeded: false },
  { into: 'a store that holds events', load: 'merge', seeded: true },
] as const;

/** Gives the store two events (one escalated) of ids no test file uses, through the zod path. */
export async function seedEvents(store: Store): Promise<void> {
  const lines = [event('evt_seed_1'), escalateEvent('evt_seed_2')].map((row) => JSON.stringify(row)).join('\n');
  await ingestEventText(store, 'seed.ndjson', lines + '\n');
}

/**
 * Makes the store's write transactions fail as a full disk or a bug would, at the first read-back
 * statement (tx.all) whose SQL holds `text`; returns the undo.
 */
export function breakStatement(store: Store, text: string, message: string): () => void {
  const transaction = store.transaction.bind(store);
  store.transaction = ((fn: Parameters<typeof transaction>[0]) => transaction(async (tx) => {
    const all = tx.all.bind(tx);
    tx.all = (async (sql: string, params?: never) => {
      if (sql.includes(text)) throw new Error(message);
      return all(sql, params);
    }) as typeof tx.all;
    return fn(tx);
  })) as typeof store.transaction;
  return () => {
    store.transaction = transaction;
  };
}
