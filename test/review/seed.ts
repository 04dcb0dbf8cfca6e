import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/store/database.js';
import { rebuildEventTraffic } from '../../src/store/event-traffic.js';
import { appendAudit } from '../../src/store/audit.js';
import { createUser } from '../../src/store/users.js';
import { query } from '../../src/store/queries.js';
import type { Role } from '../../src/domain/user.js';

/**
 * A small review world on a real DuckDB file: users of every role and team, events
 * of two teams, their escalations in every state, and one ingested config version.
 * Seeded with plain SQL so these tests do not depend on the ingest pipeline.
 */
export interface World {
  dir: string;
  store: Store;
  tokens: Record<Actor, string>;
  close(): void;
}

export type Actor = 'reviewerA' | 'reviewerB' | 'policyOwner' | 'compliance' | 'admin';

const people: Record<Actor, { id: string; role: Role; teams: string[] }> = {
  reviewerA: { id: 'alice', role: 'reviewer', teams: ['support'] },
  reviewerB: { id: 'bob', role: 'reviewer', teams: ['sales'] },
  policyOwner: { id: 'pat', role: 'policy_owner', teams: [] },
  compliance: { id: 'carol', role: 'compliance', teams: [] },
  admin: { id: 'root', role: 'admin', teams: [] },
};

export interface SeedEvent {
  id: string;
  timestamp: string;
  team: string | null;
  policy?: string;
  reason_code?: string;
  config_version?: string;
  request?: string;
}

export async function seedEvent(store: Store, e: SeedEvent): Promise<void> {
  await store.run(
    `INSERT INTO events (id, "timestamp", verdict, reason_code, policy, config_id, config_version, provider, model, team, request, response, score)
     VALUES ($id, $ts::TIMESTAMPTZ, 'escalate', $reason, $policy, 'cfg_support_prod', $version, 'openai', 'gpt-4o', $team, $request, 'a response', 0.8)`,
    {
      id: e.id, ts: e.timestamp, reason: e.reason_code ?? 'violence_terms', policy: e.policy ?? 'human-oversight',
      version: e.config_version ?? '2.3.0', team: e.team, request: e.request ?? `how do I kill the ${e.id} process`,
    },
  );
  // As ingest does: the escalation carries the event fields the queue shows, and the hourly traffic counts the event.
  await store.run(query('escalation_event_fields_fill'));
  await rebuildEventTraffic(store);
}

export interface SeedEscalation {
  id: string;
  event_id: string;
  created_at: string;
  status?: 'queued' | 'claimed' | 'resolved';
  severity?: string;
  due_at?: string;
  claimed_by?: string;
  resolved_by?: string;
  outcome?: string;
  category?: string;
  note?: string;
  origin?: string;
}

export async function seedEscalation(store: Store, x: SeedEscalation): Promise<void> {
  const status = x.status ?? 'queued';
  await store.run(
    `INSERT INTO escalations (id, event_id, created_at, status, severity, due_at, claimed_by, claimed_at, resolved_by, resolved_at, outcome, category, note, origin)
     VALUES ($id, $event_id, $created::TIMESTAMPTZ, $status, $severity, $due::TIMESTAMPTZ, $claimed_by,
       CASE WHEN $claimed_by IS NULL THEN NULL ELSE $created::TIMESTAMPTZ END, $resolved_by,
       CASE WHEN $resolved_by IS NULL THEN NULL ELSE $created::TIMESTAMPTZ + INTERVAL 1 HOUR END, $outcome, $category, $note, $origin)`,
    {
      id: x.id, event_id: x.event_id, created: x.created_at, status, severity: x.severity ?? 'medium',
      due: x.due_at ?? null, claimed_by: x.claimed_by ?? null, resolved_by: x.resolved_by ?? null,
      outcome: x.outcome ?? null, category: x.category ?? null, note: x.note ?? null, origin: x.origin ?? 'auto',
    },
  );
  // As ingest does: the escalation carries the event fields the queue shows, and its import is audited
  // (so `kt audit verify` finds every escalation accounted for).
  await store.run(query('escalation_event_fields_fill'));
  const after = {
    id: x.id, event_id: x.event_id, status, claimed_by: x.claimed_by ?? null, resolved_by: x.resolved_by ?? null,
    outcome: x.outcome ?? null, category: x.category ?? null, cause: null, note: x.note ?? null,
  };
  await appendAudit(store, [{ actor: 'test', action: 'import', target: x.id, before: null, after }]);
}

const configDocument = {
  pack: { id: 'cfg_support_prod', name: 'Support assistant', version: '2.3.0', author: 'pat' },
  deployed_at: '2026-01-01T00:00:00Z',
  policies: {
    chain: ['human-oversight'],
    policy: { 'human-oversight': { action: 'escalate', rules: [{ reason_code: 'violence_terms', match: { any: ['kill', 'shoot'] } }] } },
  },
};

/**
 * support (team of alice): esc_q1, esc_q2 queued; esc_c1 claimed by alice; esc_r1,
 * esc_r2 resolved (false positives with notes). sales (team of bob): esc_s1 queued,
 * esc_s2 resolved. All share one pattern (human-oversight / violence_terms / 2.3.0).
 */
export async function openWorld(): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'kt-review-'));
  const store = await openStore(join(dir, 'kt.duckdb'));
  const tokens = {} as Record<Actor, string>;
  for (const [actor, person] of Object.entries(people) as Array<[Actor, (typeof people)[Actor]]>) {
    tokens[actor] = (await createUser(store, person, 'test')).token;
  }
  await store.run(
    `INSERT INTO configs (config_id, version, name, author, deployed_at, source_text, document)
     VALUES ('cfg_support_prod', '2.3.0', 'Support assistant', 'pat', '2026-01-01T00:00:00Z', 'pack: …', $doc::JSON)`,
    { doc: JSON.stringify(configDocument) },
  );
  const day = (d: number) => `2026-03-0${d}T10:00:00Z`;
  const rows: Array<[string, string | null, number, Partial<SeedEscalation>]> = [
    ['q1', 'support', 1, { due_at: '2026-03-09T00:00:00Z', severity: 'low' }],
    ['q2', 'support', 2, { due_at: '2026-03-02T11:00:00Z', severity: 'critical' }],
    ['c1', 'support', 3, { status: 'claimed', claimed_by: 'alice' }],
    ['r1', 'support', 4, { status: 'resolved', claimed_by: 'alice', resolved_by: 'alice', outcome: 'approved', category: 'false_positive', note: 'Asked about killing a python process, not violence.' }],
    ['r2', 'support', 5, { status: 'resolved', claimed_by: 'alice', resolved_by: 'alice', outcome: 'denied', category: 'true_positive', note: 'Real threat against a named person, correctly flagged.' }],
    ['s1', 'sales', 1, {}],
    ['s2', 'sales', 2, { status: 'resolved', claimed_by: 'bob', resolved_by: 'bob', outcome: 'approved', category: 'false_positive', note: 'Secret sales note: a video game question about shooting.' }],
  ];
  for (const [key, team, d, extra] of rows) {
    await seedEvent(store, { id: `evt_${key}`, timestamp: day(d), team });
    await seedEscalation(store, { id: `esc_${key}`, event_id: `evt_${key}`, created_at: day(d), ...extra });
  }
  return {
    dir, store, tokens,
    close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const userIds: Record<Actor, string> = Object.fromEntries(Object.entries(people).map(([k, v]) => [k, v.id])) as Record<Actor, string>;

/** The queue's callers as the store functions take them: alice reviews support's items, root is an admin. */
export const alice = { id: 'alice', role: 'reviewer' as const, teams: ['support'] };
export const root = { id: 'root', role: 'admin' as const, teams: [] };
