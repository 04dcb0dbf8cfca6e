import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventFields, eventSchema, type EventInput } from '../../src/domain/event.js';
import { openStore, type Executor } from '../../src/store/database.js';
import { rebuildEventTraffic } from '../../src/store/event-traffic.js';

export const fixtureFile = fileURLToPath(new URL('../fixtures/events/events.ndjson', import.meta.url));

/** "Now" for the fixture: two minutes after its newest event (evt_a01). */
export const fixtureNow = new Date('2026-09-21T00:00:00Z');

/** Every fixture id, newest first (evt_a02 and evt_a03 share a timestamp: the higher id first). */
export const newestFirst = ['evt_a01', 'evt_a03', 'evt_a02', 'evt_a04', 'evt_a05', 'evt_a06', 'evt_a07', 'evt_a08', 'evt_a09', 'evt_a10'];

export function fixtureEvents(): EventInput[] {
  return readFileSync(fixtureFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as EventInput);
}

/**
 * Inserts events the way ingest stores them: validated and normalised by the
 * domain schema, unknown fields in `attributes`. (Plain INSERTs: a test helper,
 * not the ingest path.)
 */
export async function insertEvents(db: Executor, inputs: readonly EventInput[]): Promise<void> {
  for (const input of inputs) {
    const event = eventSchema.parse(input);
    const known = new Set<string>(eventFields);
    const extras = Object.fromEntries(Object.entries(event).filter(([k]) => !known.has(k)));
    await db.run(
      `INSERT INTO events (id, "timestamp", verdict, reason_code, policy, config_id, config_version, provider, model, team,
         user_id, request_id, gateway_id, status, request, response, score, latency_ms, tokens_in, tokens_out, cost_usd,
         policy_results, attributes)
       VALUES (?, ?::TIMESTAMPTZ, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::JSON, ?::JSON)`,
      [
        event.id, event.timestamp, event.verdict, event.reason_code ?? null, event.policy ?? null, event.config_id ?? null,
        event.config_version ?? null, event.provider ?? null, event.model ?? null, event.team ?? null, event.user_id ?? null,
        event.request_id ?? null, event.gateway_id ?? null, event.status ?? null, event.request ?? null, event.response ?? null,
        event.score ?? null, event.latency_ms ?? null, event.tokens_in ?? null, event.tokens_out ?? null, event.cost_usd ?? null,
        event.policy_results ? JSON.stringify(event.policy_results) : null,
        Object.keys(extras).length > 0 ? JSON.stringify(extras) : null,
      ],
    );
  }
  // As ingest does: the hourly traffic counts the events.
  await rebuildEventTraffic(db);
}

/** A temp dir holding a closed store file with the fixture; tests open it as they need and remove dir. */
export async function fixtureDb(): Promise<{ dir: string; db: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'kt-events-'));
  const db = join(dir, 'kt.duckdb');
  const store = await openStore(db);
  try {
    await insertEvents(store, fixtureEvents());
  } finally {
    store.close();
  }
  return { dir, db };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
