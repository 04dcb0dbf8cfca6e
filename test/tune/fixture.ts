import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestFile } from '../../src/ingest/index.js';
import type { Store } from '../../src/store/database.js';
import { rebuildEventTraffic } from '../../src/store/event-traffic.js';
import { query } from '../../src/store/queries.js';

export const fixtureDir = fileURLToPath(new URL('../fixtures/tune/', import.meta.url));

export function fixtureText(name: string): string {
  return readFileSync(join(fixtureDir, name), 'utf8');
}

function ndjson(name: string): Record<string, unknown>[] {
  return fixtureText(name).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Stores a config version through the real `kt ingest configs` path. */
export async function storeConfig(store: Store, name: string): Promise<void> {
  const report = await ingestFile(store, 'configs', join(fixtureDir, name));
  if (report.inserted !== 1) throw new Error(`fixture config ${name} was not ingested: ${JSON.stringify(report.rejections)}`);
}

/**
 * Loads the tune fixture's events and escalations straight into the tables (the fixture is about replay
 * semantics, not about ingest; configs go through the real ingest): two config
 * versions, 25 events, 12 escalations.
 */
export async function loadTuneFixture(store: Store): Promise<void> {
  await storeConfig(store, 'cfg-fixture-1.0.0.yaml');
  await storeConfig(store, 'cfg-fixture-1.1.0.yaml');
  const times = new Map<string, string>();
  for (const e of ndjson('events.ndjson')) {
    times.set(e.id as string, e.timestamp as string);
    await store.run(
      `INSERT INTO events (id, "timestamp", verdict, reason_code, policy, config_id, config_version, request, score)
       VALUES ($id, $timestamp::TIMESTAMPTZ, $verdict, $reason_code, $policy, $config_id, $config_version, $request, $score)`,
      {
        id: e.id as string, timestamp: e.timestamp as string, verdict: e.verdict as string,
        reason_code: (e.reason_code as string) ?? null, policy: (e.policy as string) ?? null,
        config_id: e.config_id as string, config_version: e.config_version as string,
        request: (e.request as string) ?? null, score: (e.score as number) ?? null,
      },
    );
  }
  for (const x of ndjson('escalations.ndjson')) {
    await store.run(
      `INSERT INTO escalations (id, event_id, created_at, status, outcome, category, cause, resolved_at, origin)
       VALUES ($id, $event_id, $created_at::TIMESTAMPTZ, $status, $outcome, $category, $cause, $resolved_at::TIMESTAMPTZ, 'import')`,
      {
        id: x.id as string, event_id: x.event_id as string, created_at: times.get(x.event_id as string)!, status: x.status as string,
        outcome: (x.outcome as string) ?? null, category: (x.category as string) ?? null, cause: (x.cause as string) ?? null,
        resolved_at: (x.resolved_at as string) ?? null,
      },
    );
  }
  // As ingest does: escalations carry their event's fields (analytics and the queue read them there).
  await store.run(query('escalation_event_fields_fill'));
  await rebuildEventTraffic(store);
}
