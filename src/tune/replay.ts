import { listValue, type DuckDBValue } from '@duckdb/node-api';
import { evaluate, type CompiledPolicy } from '../domain/rules.js';
import type { Store } from '../store/database.js';
import { query } from '../store/queries.js';

/** One stored event as the replay reads it. */
interface ReplayRow {
  id: string;
  config_version: string | null;
  verdict: string;
  policy: string | null;
  reason_code: string | null;
  request: string | null;
  score: number | null;
  escalation_id: string | null;
  status: string | null;
  category: string | null;
}

/** Tallies of one replay: what the draft's escalate policies would do to stored traffic. */
export interface ReplayTally {
  events: number;
  /** Escalated today by one of the replayed policies. */
  current: ReviewTally;
  /** Of those, still escalated under the draft (any replayed policy). */
  kept: ReviewTally;
  /** Kept, but now under another reason code. */
  reason_changed: number;
  /** Current escalations the draft no longer raises, by what reviewers said. */
  removed: { false_positives: string[]; true_positives: string[]; other_resolved: Record<string, number>; unreviewed: number; total: number };
  /** Events the draft would escalate that nothing escalated before (no review exists). */
  added: { total: number; by_reason_code: Record<string, number>; sample_ids: string[] };
  /** Current escalations whose fate depends on a rule outside the evaluable subset: counted as kept. */
  undetermined: number;
  /** Policies that escalated events in scope but are gone from the draft (their escalations are replayed as not firing). */
  dropped_policies: string[];
  /** The same per rule: current escalations by the event's (policy, reason code), projected ones by the draft's. */
  by_rule: RuleTally[];
}

export interface RuleTally {
  policy: string;
  reason_code: string;
  current: ReviewTally;
  /** Kept (under this rule in the draft) + added. */
  projected: ReviewTally;
}

export interface ReviewTally {
  escalations: number;
  resolved: number;
  false_positives: number;
  true_positives: number;
}

const sampleSize = 20;

function emptyReview(): ReviewTally {
  return { escalations: 0, resolved: 0, false_positives: 0, true_positives: 0 };
}

function countReview(t: ReviewTally, row: ReplayRow): void {
  t.escalations++;
  if (row.status !== 'resolved' || row.category === 'duplicate') return;
  t.resolved++;
  if (row.category === 'false_positive') t.false_positives++;
  if (row.category === 'true_positive') t.true_positives++;
}

export interface ReplayScope {
  config_id: string;
  config_version: string | null;
  since: string | null;
  until: string | null;
  /** Only these teams' events; null = every team. */
  teams: string[] | null;
  /** Every policy the draft names (replayed or not); escalations by a policy it dropped can no longer happen. */
  draft_policies: string[];
}

/**
 * Streams the scope's events through the draft's escalate policies (in chain order)
 * in chunks, on a connection of its own so a server's other requests are not held up.
 */
export async function replayEvents(store: Store, policies: readonly CompiledPolicy[], scope: ReplayScope): Promise<ReplayTally> {
  const names = new Set(policies.map((p) => p.name));
  const inDraft = new Set(scope.draft_policies);
  const dropped = new Set<string>();
  // A policy the draft no longer has escalates nothing under it: replay its escalations too.
  const replays = (policy: string | null): boolean => {
    if (policy === null) return false;
    if (names.has(policy)) return true;
    if (inDraft.has(policy)) return false;
    dropped.add(policy);
    return true;
  };
  const tally: ReplayTally = {
    events: 0,
    current: emptyReview(),
    kept: emptyReview(),
    reason_changed: 0,
    removed: { false_positives: [], true_positives: [], other_resolved: {}, unreviewed: 0, total: 0 },
    added: { total: 0, by_reason_code: {}, sample_ids: [] },
    undetermined: 0,
    dropped_policies: [],
    by_rule: [],
  };

  const rules = new Map<string, RuleTally>();
  const ruleTally = (policy: string, reasonCode: string): RuleTally => {
    const key = JSON.stringify([policy, reasonCode]);
    let t = rules.get(key);
    if (!t) rules.set(key, (t = { policy, reason_code: reasonCode, current: emptyReview(), projected: emptyReview() }));
    return t;
  };
  const connection = await store.instance.connect();
  try {
    const params: Record<string, DuckDBValue> = {
      config_id: scope.config_id,
      config_version: scope.config_version,
      since: scope.since,
      until: scope.until,
      teams: scope.teams ? listValue(scope.teams) : null,
    };
    const result = await connection.stream(query('tune_replay_events'), params);
    // Positional rows convert about twice as fast as row objects; the columns follow the query.
    const columns = result.columnNames() as (keyof ReplayRow)[];
    for await (const rows of result.yieldRowsJs()) {
      for (const values of rows) {
        const row = {} as Record<keyof ReplayRow, unknown>;
        for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
        classify(row as ReplayRow, policies, replays, tally, ruleTally);
      }
    }
  } finally {
    connection.closeSync();
  }
  tally.removed.false_positives.sort();
  tally.removed.true_positives.sort();
  tally.added.sample_ids.sort();
  tally.dropped_policies = [...dropped].sort();
  tally.by_rule = [...rules.values()].sort((a, b) => a.policy.localeCompare(b.policy) || a.reason_code.localeCompare(b.reason_code));
  return tally;
}

type DraftOutcome = { fires: true; policy: string; reason_code: string } | { fires: false } | { fires: null };

/** The first replayed policy that fires decides; an unevaluable rule before any firing leaves it open. */
function draftOutcome(policies: readonly CompiledPolicy[], row: ReplayRow): DraftOutcome {
  let open = false;
  for (const policy of policies) {
    const result = evaluate(policy.rules, row);
    if (result.fires === true) return { fires: true, policy: policy.name, reason_code: result.reason_code };
    if (result.fires === null) open = true;
  }
  return open ? { fires: null } : { fires: false };
}

function classify(
  row: ReplayRow,
  policies: readonly CompiledPolicy[],
  replays: (policy: string | null) => boolean,
  tally: ReplayTally,
  ruleTally: (policy: string, reasonCode: string) => RuleTally,
): void {
  tally.events++;
  const escalated = row.escalation_id !== null || row.verdict === 'escalate';
  const byReplayedPolicy = escalated && replays(row.policy);
  if (!byReplayedPolicy && row.verdict !== 'allow') return; // another policy decided; the draft does not change that
  const draft = draftOutcome(policies, row);
  if (!byReplayedPolicy) {
    if (draft.fires === true) {
      tally.added.total++;
      tally.added.by_reason_code[draft.reason_code] = (tally.added.by_reason_code[draft.reason_code] ?? 0) + 1;
      if (tally.added.sample_ids.length < sampleSize) tally.added.sample_ids.push(row.id);
      countReview(ruleTally(draft.policy, draft.reason_code).projected, row);
    }
    return;
  }
  countReview(tally.current, row);
  const current = ruleTally(row.policy!, row.reason_code ?? '(none)');
  countReview(current.current, row);
  if (draft.fires === null) {
    tally.undetermined++;
    countReview(tally.kept, row);
    countReview(current.projected, row);
  } else if (draft.fires) {
    countReview(tally.kept, row);
    countReview(ruleTally(draft.policy, draft.reason_code).projected, row);
    if (draft.reason_code !== row.reason_code) tally.reason_changed++;
  } else {
    removeEscalation(row, tally);
  }
}

function removeEscalation(row: ReplayRow, tally: ReplayTally): void {
  const removed = tally.removed;
  removed.total++;
  if (row.status !== 'resolved') removed.unreviewed++;
  else if (row.category === 'false_positive') removed.false_positives.push(row.id);
  else if (row.category === 'true_positive') removed.true_positives.push(row.id);
  else {
    const category = row.category ?? 'uncategorised';
    removed.other_resolved[category] = (removed.other_resolved[category] ?? 0) + 1;
  }
}
