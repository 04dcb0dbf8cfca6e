import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestEventText } from '../../src/ingest/index.js';
import { openStore, type Store } from '../../src/store/database.js';
import { migrations } from '../../src/store/migrations.js';
import { listEscalations, queueFilterSchema } from '../../src/store/queue/index.js';
import { queueFilterChoices } from '../../src/store/filter-choices.js';

// The queue lists from escalations alone; these check that the event fields it
// shows and filters on are copied onto every escalation and kept in step.

const root = { id: 'root', role: 'admin' as const, teams: [] };
const filter = (q: Record<string, string>) => queueFilterSchema.parse(q);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kt-queue-fields-'));
  dirs.push(dir);
  return join(dir, 'kt.duckdb');
}

function escalateEvent(id: string, team: string, policy: string, request: string): string {
  return JSON.stringify({
    id, timestamp: '2026-03-01T10:00:00Z', verdict: 'escalate', reason_code: 'violence_terms', policy,
    config_id: 'cfg_support_prod', config_version: '2.3.0', provider: 'openai', model: 'gpt-4o', team, request,
  });
}

describe('event fields on escalations', () => {
  it('are filled by event ingest and follow an event whose stored row changes', async () => {
    const store: Store = await openStore(tempDb());
    try {
      // An allowed event keeps support a team events belong to after evt_1 moves (else its filter is refused).
      const allowed = JSON.stringify({ id: 'evt_2', timestamp: '2026-03-01T11:00:00Z', verdict: 'allow', team: 'support' });
      await ingestEventText(store, 'first.ndjson', escalateEvent('evt_1', 'support', 'human-oversight', 'x'.repeat(300)) + '\n' + allowed + '\n');
      const [item] = (await listEscalations(store, root, filter({}))).items;
      expect(item).toMatchObject({
        id: 'esc_evt_1', team: 'support', policy: 'human-oversight', reason_code: 'violence_terms',
        config_id: 'cfg_support_prod', config_version: '2.3.0', provider: 'openai', model: 'gpt-4o',
      });
      expect(item?.request_excerpt).toBe('x'.repeat(160));

      await ingestEventText(store, 'second.ndjson', escalateEvent('evt_1', 'sales', 'pii-guard', 'short') + '\n');
      expect((await listEscalations(store, root, filter({ team: 'support' }))).items).toEqual([]);
      const moved = await listEscalations(store, root, filter({ team: 'sales', policy: 'pii-guard' }));
      expect(moved.items.map((i) => [i.id, i.request_excerpt])).toEqual([['esc_evt_1', 'short']]);
      expect(moved.counts).toEqual({ queued: 1, claimed: 0, resolved: 0 });
      expect(await queueFilterChoices(store, root)).toMatchObject({ team: ['sales'], policy: ['pii-guard'] });
    } finally {
      store.close();
    }
  });

  it('a kept page lasts only until the next write; age and overdue follow the clock on every call', async () => {
    const store: Store = await openStore(tempDb());
    try {
      await ingestEventText(store, 'first.ndjson', escalateEvent('evt_1', 'support', 'human-oversight', 'r') + '\n');
      const at = (iso: string) => new Date(iso);
      const first = await listEscalations(store, root, filter({}), at('2026-03-01T12:00:00Z'));
      expect(first.items.map((i) => [i.age_minutes, i.overdue])).toEqual([[120, false]]);
      const later = await listEscalations(store, root, filter({}), at('2026-04-01T10:00:00Z'));
      expect(later.items.map((i) => [i.age_minutes, i.overdue])).toEqual([[31 * 24 * 60, true]]);
      expect((await listEscalations(store, root, filter({ overdue: 'true' }), at('2026-04-01T10:00:00Z'))).counts.queued).toBe(1);

      await store.transaction((tx) => tx.run("UPDATE escalations SET status = 'claimed', claimed_by = 'root' WHERE id = 'esc_evt_1'"));
      const claimed = await listEscalations(store, root, filter({}), at('2026-03-01T12:00:00Z'));
      expect(claimed.items.map((i) => [i.status, i.owner])).toEqual([['claimed', 'root']]);
      expect(claimed.counts).toEqual({ queued: 0, claimed: 1, resolved: 0 });
      await store.run("UPDATE escalations SET status = 'resolved', resolved_at = '2026-03-01T11:00:00Z' WHERE id = 'esc_evt_1'");
      const resolved = await listEscalations(store, root, filter({}), at('2026-04-01T10:00:00Z'));
      expect(resolved.items.map((i) => [i.status, i.age_minutes, i.overdue])).toEqual([['resolved', 60, false]]);
    } finally {
      store.close();
    }
  });

  it('are backfilled by the migration on a store made before it', async () => {
    const path = tempDb();
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await connection.run('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)');
    const added = migrations.find((m) => m.name.startsWith('escalations carry'));
    for (const m of migrations.filter((m) => added && m.version < added.version)) {
      await connection.run(m.sql);
      await connection.run('INSERT INTO schema_migrations (version, name) VALUES (?, ?)', [m.version, m.name]);
    }
    await connection.run(`INSERT INTO events (id, "timestamp", verdict, policy, reason_code, team, config_version, request)
      VALUES ('evt_old', '2026-03-01T10:00:00Z', 'escalate', 'human-oversight', 'violence_terms', 'legal', '1.0.0', 'an old request')`);
    await connection.run(`INSERT INTO escalations (id, event_id, created_at, status, origin)
      VALUES ('esc_old', 'evt_old', '2026-03-01T10:00:00Z', 'queued', 'auto')`);
    connection.closeSync();
    instance.closeSync();

    const store = await openStore(path);
    try {
      const page = await listEscalations(store, root, filter({ team: 'legal', config_version: '1.0.0' }));
      expect(page.items.map((i) => [i.id, i.policy, i.reason_code, i.request_excerpt])).toEqual([
        ['esc_old', 'human-oversight', 'violence_terms', 'an old request'],
      ]);
    } finally {
      store.close();
    }
  });
});
