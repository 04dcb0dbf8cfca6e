import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { configurationSchema } from '../../src/domain/configuration.js';
import { slaMinutes } from '../../src/domain/escalation.js';
import { appendAudit } from '../../src/store/audit.js';
import { openStore, type Store } from '../../src/store/database.js';
import { rebuildEventTraffic } from '../../src/store/event-traffic.js';
import { query } from '../../src/store/queries.js';

export const inputDir = fileURLToPath(new URL('../fixtures/reports/input/', import.meta.url));
export const expectedDir = fileURLToPath(new URL('../fixtures/reports/expected/', import.meta.url));

/** "Now" for the fixture: after its last event (2026-09-21 is inside 2026 Q3). */
export const fixtureNow = new Date('2026-09-21T00:00:00Z');

/**
 * A fresh store in a temp dir holding the reports fixture: 120 events over three
 * weeks, 26 escalations, three versions of cfg_support, and an audit entry per
 * imported escalation (as ingest writes them). Loaded with DuckDB's JSON reader
 * so the test needs nothing but the store.
 */
export async function fixtureStore(): Promise<{ store: Store; dir: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'kt-reports-'));
  const store = await openStore(join(dir, 'kt.duckdb'), { allowedDirectories: [inputDir] });
  await store.run(`
    INSERT INTO events (id, "timestamp", verdict, reason_code, policy, config_id, config_version, provider, model, team, request)
    SELECT id, "timestamp"::TIMESTAMPTZ, CASE verdict WHEN 'escalated' THEN 'escalate' ELSE verdict END,
           reason_code, policy, config_id, config_version, provider, model, team, request
    FROM read_json($path, format = 'newline_delimited', columns = {
      id: 'VARCHAR', "timestamp": 'VARCHAR', verdict: 'VARCHAR', reason_code: 'VARCHAR', policy: 'VARCHAR',
      config_id: 'VARCHAR', config_version: 'VARCHAR', provider: 'VARCHAR', model: 'VARCHAR', team: 'VARCHAR', request: 'VARCHAR'})`,
    { path: join(inputDir, 'events.ndjson') });
  await store.run(`
    INSERT INTO escalations (id, event_id, created_at, status, severity, due_at, claimed_by, claimed_at,
                             resolved_by, resolved_at, outcome, category, cause, note, origin)
    SELECT id, event_id, created_at::TIMESTAMPTZ, status, severity,
           created_at::TIMESTAMPTZ + to_minutes(CASE severity WHEN 'critical' THEN $critical WHEN 'high' THEN $high
                                                              WHEN 'low' THEN $low ELSE $medium END),
           claimed_by, claimed_at::TIMESTAMPTZ, resolved_by, resolved_at::TIMESTAMPTZ, outcome, category, cause, note, 'import'
    FROM read_json($path, format = 'newline_delimited', columns = {
      id: 'VARCHAR', event_id: 'VARCHAR', created_at: 'VARCHAR', status: 'VARCHAR', severity: 'VARCHAR',
      claimed_by: 'VARCHAR', claimed_at: 'VARCHAR', resolved_by: 'VARCHAR', resolved_at: 'VARCHAR',
      outcome: 'VARCHAR', category: 'VARCHAR', cause: 'VARCHAR', note: 'VARCHAR'})`,
    { path: join(inputDir, 'escalations.ndjson'), ...slaMinutes });
  // As ingest does: escalations carry their event's fields (analytics and the queue read them there).
  await store.run(query('escalation_event_fields_fill'));
  await rebuildEventTraffic(store);
  for (const file of readdirSync(inputDir).filter((f) => f.endsWith('.yaml')).sort()) {
    const text = readFileSync(join(inputDir, file), 'utf8');
    const document = parse(text) as Record<string, unknown>;
    const config = configurationSchema.parse(document);
    await store.run(
      'INSERT INTO configs (config_id, version, name, author, deployed_at, source_text, document) VALUES (?, ?, ?, ?, ?::TIMESTAMPTZ, ?, ?)',
      [config.pack.id, config.pack.version, config.pack.name ?? null, config.pack.author ?? null, config.deployed_at ?? null, text, JSON.stringify(document)],
    );
  }
  type Imported = { id: string; created_at: string; status: string; claimed_by: string | null; resolved_by: string | null; resolved_at: string | null;
    outcome: string | null; category: string | null; cause: string | null; note: string | null };
  const escalations = await store.all<Imported>(
    'SELECT id, created_at, status, claimed_by, resolved_by, resolved_at, outcome, category, cause, note FROM escalations ORDER BY created_at, id');
  await store.transaction(async (tx) => {
    await appendAudit(tx, escalations.map(({ id, created_at, ...after }) => ({
      actor: 'importer', action: 'import' as const, target: id, at: new Date(created_at), after,
    })));
  });
  return { store, dir, cleanup: () => { store.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** The fixture as a closed store file, for tests that run kt as a whole process on it. */
export async function fixtureStoreFile(): Promise<{ dir: string; db: string; cleanup: () => void }> {
  const fixture = await fixtureStore();
  fixture.store.close();
  return { dir: fixture.dir, db: join(fixture.dir, 'kt.duckdb'), cleanup: fixture.cleanup };
}
