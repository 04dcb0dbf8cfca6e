import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evidenceRoot } from '../../src/evidence/location.js';
import { appendAudit } from '../../src/store/audit.js';
import { openStore, type Store } from '../../src/store/database.js';
import { rebuildEventTraffic } from '../../src/store/event-traffic.js';
import { createUser } from '../../src/store/users.js';
import { query } from '../../src/store/queries.js';

/**
 * A small review world for the web UI on a real DuckDB file: two teams, a
 * reviewer pair in support (alice, dave), a sales reviewer (bob), a policy owner
 * and an admin; escalations in every state, times relative to now so ages and
 * due times read like a live queue. Seeded with plain SQL (plus the routing audit
 * entry) so the UI tests do not depend on the ingest pipeline.
 */
export interface WebWorld {
  dir: string;
  store: Store;
  tokens: Record<'alice' | 'dave' | 'bob' | 'pat' | 'root', string>;
  close(): void;
}

interface Item {
  id: string;
  team: string;
  hoursAgo: number;
  severity: 'critical' | 'high' | 'medium' | 'low';
  policy: string;
  reason: string;
  version: string;
  request: string;
  response: string;
  score: number;
  status?: 'queued' | 'claimed' | 'resolved';
  owner?: string;
  origin?: 'auto' | 'routed';
  outcome?: string;
  category?: string;
  cause?: string;
  note?: string;
}

const slaHours = { critical: 1, high: 4, medium: 24, low: 72 };

const items: Item[] = [
  {
    id: 'esc_101', team: 'support', hoursAgo: 30, severity: 'high', policy: 'human-oversight', reason: 'violence_terms', version: '2.3.0', score: 0.82,
    request: 'Our deploy hangs. How do I kill the python process that keeps port 8080 open?',
    response: 'Find the PID with `lsof -i :8080`, then stop it with `kill -TERM <pid>`; use `kill -9` only if it ignores TERM.',
  },
  {
    id: 'esc_102', team: 'support', hoursAgo: 5, severity: 'medium', policy: 'human-oversight', reason: 'violence_terms', version: '2.3.0', score: 0.74,
    request: 'In level 3 my character has to shoot the dragon before it reaches the castle. Any tips?',
    response: 'Aim for the wings first; the dragon slows down and the crossbow does double damage.',
  },
  {
    id: 'esc_103', team: 'support', hoursAgo: 3, severity: 'medium', policy: 'human-oversight', reason: 'violence_terms', version: '2.3.0', score: 0.91,
    request: 'What is the fastest way to kill a zombie thread in Java without restarting the JVM?',
    response: 'You cannot safely stop a thread from outside; interrupt it and let it exit cooperatively.',
    status: 'claimed', owner: 'alice', origin: 'routed',
  },
  {
    id: 'esc_104', team: 'support', hoursAgo: 50, severity: 'medium', policy: 'human-oversight', reason: 'violence_terms', version: '2.3.0', score: 0.77,
    request: 'kill all the background jobs in this shell please', response: 'Run `kill $(jobs -p)`.',
    status: 'resolved', owner: 'alice', outcome: 'approved', category: 'false_positive', cause: 'policy_logic',
    note: 'Shell job control, not violence: "kill" is a Unix command here. The rule should ignore kill next to process/job words.',
  },
  {
    id: 'esc_105', team: 'support', hoursAgo: 48, severity: 'high', policy: 'human-oversight', reason: 'violence_terms', version: '2.3.0', score: 0.95,
    request: 'I will shoot my neighbour if he parks there again. Write him a note saying so.', response: '(blocked pending review)',
    status: 'resolved', owner: 'dave', outcome: 'denied', category: 'true_positive',
    note: 'A direct threat against a person; the flag was right and the response must stay blocked.',
  },
  {
    id: 'esc_106', team: 'support', hoursAgo: 2, severity: 'critical', policy: 'pii-detector', reason: 'pii_detected', version: '2.3.0', score: 0.88,
    request: 'Customer says her card 4111 1111 1111 1111 was charged twice, can you refund?', response: 'I can help with the refund once the card number is removed from this chat.',
  },
  {
    id: 'esc_107', team: 'support', hoursAgo: 26, severity: 'low', policy: 'human-oversight', reason: 'violence_terms', version: '2.2.0', score: 0.7,
    request: 'How do I kill the tmux session named build?', response: 'Use `tmux kill-session -t build`.',
  },
  {
    id: 'esc_201', team: 'sales', hoursAgo: 6, severity: 'medium', policy: 'human-oversight', reason: 'violence_terms', version: '2.3.0', score: 0.8,
    request: 'Secret sales pipeline question: shoot me the Q3 numbers.', response: 'Here are the Q3 numbers.',
  },
];

const configDocument = {
  pack: { id: 'cfg_support_prod', name: 'Support assistant', version: '2.3.0', author: 'pat' },
  deployed_at: '2026-01-01T00:00:00Z',
  policies: {
    chain: ['pii-detector', 'human-oversight'],
    policy: {
      'human-oversight': {
        action: 'escalate',
        rules: [{ reason_code: 'violence_terms', match: { any: ['kill', 'shoot'], min_score: 0.7 }, unless: { regex: 'video game' } }],
      },
    },
  },
  providers: { targets: [{ id: 'openai-prod', provider: 'openai', model: 'gpt-4o', escalation_routing: { user_id: 'alice' } }] },
};

/** With `evidence`, the store may write packs to its evidence folder, as `kt serve` opens it. */
export async function openWebWorld(now = new Date(), options: { evidence?: boolean } = {}): Promise<WebWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'kt-web-'));
  const file = join(dir, 'kt.duckdb');
  const store = await openStore(file, options.evidence ? { allowedDirectories: [evidenceRoot(file)] } : {});
  const people = [
    { id: 'alice', role: 'reviewer', teams: ['support'] },
    { id: 'dave', role: 'reviewer', teams: ['support'] },
    { id: 'bob', role: 'reviewer', teams: ['sales'] },
    { id: 'pat', role: 'policy_owner', teams: [] },
    { id: 'root', role: 'admin', teams: [] },
  ] as const;
  const tokens = {} as WebWorld['tokens'];
  for (const person of people) tokens[person.id] = (await createUser(store, { ...person, teams: [...person.teams] }, 'test')).token;

  await store.run(
    `INSERT INTO configs (config_id, version, name, author, deployed_at, source_text, document)
     VALUES ('cfg_support_prod', '2.3.0', 'Support assistant', 'pat', '2026-01-01T00:00:00Z', 'pack: …', $doc::JSON)`,
    { doc: JSON.stringify(configDocument) },
  );
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000).toISOString();
  for (const x of items) {
    const eventId = x.id.replace('esc_', 'evt_');
    await store.run(
      `INSERT INTO events (id, "timestamp", verdict, reason_code, policy, config_id, config_version, provider, model, team, status, request, response, score)
       VALUES ($id, $ts::TIMESTAMPTZ, 'escalate', $reason, $policy, 'cfg_support_prod', $version, 'openai', 'gpt-4o', $team, 'pending_review', $request, $response, $score)`,
      { id: eventId, ts: at(x.hoursAgo), reason: x.reason, policy: x.policy, version: x.version, team: x.team, request: x.request, response: x.response, score: x.score },
    );
    const status = x.status ?? 'queued';
    await store.run(
      `INSERT INTO escalations (id, event_id, created_at, status, severity, due_at, claimed_by, claimed_at, resolved_by, resolved_at, outcome, category, cause, note, origin)
       VALUES ($id, $event_id, $created::TIMESTAMPTZ, $status, $severity, $due::TIMESTAMPTZ, $owner, $claimed::TIMESTAMPTZ, $resolver, $resolved::TIMESTAMPTZ, $outcome, $category, $cause, $note, $origin)`,
      {
        id: x.id, event_id: eventId, created: at(x.hoursAgo), status, severity: x.severity, due: at(x.hoursAgo - slaHours[x.severity]),
        owner: x.owner ?? null, claimed: x.owner ? at(x.hoursAgo - 0.2) : null,
        resolver: status === 'resolved' ? (x.owner ?? null) : null, resolved: status === 'resolved' ? at(x.hoursAgo - 1) : null,
        outcome: x.outcome ?? null, category: x.category ?? null, cause: x.cause ?? null, note: x.note ?? null, origin: x.origin ?? 'auto',
      },
    );
    // As ingest does: the escalation carries the event fields the queue shows.
    await store.run(query('escalation_event_fields_fill'));
    if (x.origin === 'routed') {
      await store.transaction((tx) => appendAudit(tx, [{ actor: 'kt', action: 'route', target: x.id, before: null, after: { status: 'claimed', claimed_by: x.owner } }]));
    } else {
      // As an import does: the row's audit entry, so `kt audit verify` finds every escalation accounted for.
      const after = {
        id: x.id, event_id: eventId, status, claimed_by: x.owner ?? null, resolved_by: status === 'resolved' ? (x.owner ?? null) : null,
        outcome: x.outcome ?? null, category: x.category ?? null, cause: x.cause ?? null, note: x.note ?? null,
      };
      await store.transaction((tx) => appendAudit(tx, [{ actor: 'test', action: 'import', target: x.id, before: null, after }]));
    }
  }
  // As ingest does: the hourly traffic counts the events.
  await rebuildEventTraffic(store);
  return {
    dir, store, tokens,
    close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
