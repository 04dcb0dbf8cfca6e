import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { configurationSchema } from '../../src/domain/configuration.js';
import type { Store } from '../../src/store/database.js';

export const fixtureDir = fileURLToPath(new URL('../fixtures/tune/', import.meta.url));

export function fixtureText(name: string): string {
  return readFileSync(join(fixtureDir, name), 'utf8');
}

function ndjson(name: string): Record<string, unknown>[] {
  return fixtureText(name).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Stores a config version as the configs table keeps it (YAML verbatim + parsed document). */
export async function storeConfig(store: Store, name: string): Promise<void> {
  const text = fixtureText(name);
  const config = configurationSchema.parse(parse(text));
  await store.run(
    'INSERT INTO configs (config_id, version, name, author, deployed_at, source_text, document) VALUES (?, ?, ?, ?, ?::TIMESTAMPTZ, ?, ?::JSON)',
    [config.pack.id, config.pack.version, config.pack.name ?? null, config.pack.author ?? null, config.deployed_at ?? null, text, JSON.stringify(config)],
  );
}

/**
 * Loads the tune fixture straight into the tables (the fixture is about replay
 * semantics, not about ingest): two config versions, 25 events, 12 escalations.
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
}
