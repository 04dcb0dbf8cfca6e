import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Viewer } from '../analytics/scope.js';
import { per1k, ratio, wilsonInterval } from '../analytics/stats.js';
import { compilePolicies } from '../domain/rules.js';
import { resolveTimeWindow } from '../domain/time-window.js';
import { badInput } from '../errors.js';
import type { Store } from '../store/database.js';
import { query } from '../store/queries.js';
import { parseDraft } from './draft.js';
import { replayEvents, type ReplayTally, type ReviewTally } from './replay.js';

export const whatifInputSchema = z.object({
  draft_text: z.string().min(1, 'is empty'),
  /** Where the draft came from, for messages. */
  draft_file: z.string().default('draft'),
  since: z.string().min(1).default('90d'),
  until: z.string().min(1).optional(),
  /** Replay only events evaluated under this version (default: every version in the window). */
  config_version: z.string().min(1).optional(),
});

export type WhatifInput = z.input<typeof whatifInputSchema>;

/** Escalation volume and false-positive rate of one side (current or projected). */
export interface SideNumbers extends ReviewTally {
  escalations_per_1k: number | null;
  escalations_per_1k_ci: [number, number] | null;
  false_positive_rate: number | null;
  false_positive_rate_ci: [number, number] | null;
}

export interface NotReplayed {
  policy: string;
  /** 1-based rule position, or null when the whole policy is left out. */
  rule: number | null;
  reason_code: string | null;
  reason: string;
}

export interface WhatifResult {
  prediction_id: string;
  config_id: string;
  draft_version: string;
  created_at: string;
  /** What was replayed: the time window, the version filter and the teams (null = every team). */
  window: { since: string | null; until: string | null; config_version: string | null; teams: string[] | null };
  /** The draft policies whose rules were replayed (action escalate). */
  policies: string[];
  /** Policies that escalated events in the window but are gone from the draft: all their escalations no longer fire. */
  dropped_policies: string[];
  not_replayed: NotReplayed[];
  events: number;
  current: SideNumbers;
  projected: SideNumbers;
  removed: ReplayTally['removed'];
  added: ReplayTally['added'];
  reason_changed: number;
  undetermined: number;
  /** Current and projected numbers per rule (policy, reason code). */
  by_rule: Array<{ policy: string; reason_code: string; current: SideNumbers; projected: SideNumbers }>;
}

function sideNumbers(t: ReviewTally, events: number): SideNumbers {
  const volume = wilsonInterval(t.escalations, events);
  const fp = wilsonInterval(t.false_positives, t.resolved);
  return {
    ...t,
    escalations_per_1k: per1k(t.escalations, events),
    escalations_per_1k_ci: volume ? [volume.low * 1000, volume.high * 1000] : null,
    false_positive_rate: ratio(t.false_positives, t.resolved),
    false_positive_rate_ci: fp ? [fp.low, fp.high] : null,
  };
}

/**
 * Replays a draft configuration over the stored events of its config in a window and
 * stores the prediction for `kt tune verify`. Only the draft's escalate policies are
 * replayed; other policies and rules outside the evaluable subset are listed as not
 * replayed. Projected escalations = current ones the draft keeps + ones it adds; the
 * projected false-positive rate is over the kept escalations that reviewers resolved
 * (added ones have no review yet).
 */
export async function whatif(store: Store, input: WhatifInput, viewer: Viewer = 'everyone', now: Date = new Date()): Promise<WhatifResult> {
  const q = whatifInputSchema.parse(input);
  const draft = parseDraft(q.draft_text, q.draft_file);
  const compiled = compilePolicies(draft.config, draft.file);
  const replayed = compiled.filter((p) => p.action === 'escalate');
  const notReplayed: NotReplayed[] = [];
  for (const policy of compiled) {
    if (policy.action !== 'escalate') {
      notReplayed.push({ policy: policy.name, rule: null, reason_code: null, reason: `its action is ${policy.action ?? 'not set'}, not escalate` });
      continue;
    }
    for (const rule of policy.rules) {
      if (rule.not_replayed) notReplayed.push({ policy: policy.name, rule: rule.index + 1, reason_code: rule.reason_code || null, reason: rule.not_replayed });
    }
  }
  for (const [name, policy] of Object.entries(draft.config.policies?.policy ?? {})) {
    if (!policy.rules || policy.rules.length === 0) notReplayed.push({ policy: name, rule: null, reason_code: null, reason: 'it has no rules kt can evaluate' });
  }
  notReplayed.sort((a, b) => a.policy.localeCompare(b.policy) || (a.rule ?? 0) - (b.rule ?? 0));
  if (replayed.length === 0) {
    throw badInput(`${draft.file}: no policy with action escalate and rules to replay.`, { file: draft.file, not_replayed: notReplayed });
  }
  const span = resolveTimeWindow(q, now);
  const configId = draft.config.pack.id;
  // A caller limited to teams replays (and sees event ids of) their teams' traffic only;
  // the teams are stored with the prediction so it is only ever held against the same scope.
  const teams = viewer !== 'everyone' && viewer.teams.length > 0 ? [...viewer.teams].sort() : null;
  const window = { since: span.since?.toISOString() ?? null, until: span.until?.toISOString() ?? null, config_version: q.config_version ?? null, teams };
  const draftPolicies = Object.keys(draft.config.policies?.policy ?? {});
  const tally = await replayEvents(store, replayed, { config_id: configId, ...window, draft_policies: draftPolicies });
  if (tally.events === 0) {
    const yours = teams ? ` of your teams (${teams.join(', ')})` : '';
    throw badInput(`No stored events of config ${configId}${q.config_version ? ` version ${q.config_version}` : ''}${yours} in the window since ${q.since}: nothing to replay.`, { config_id: configId, ...window });
  }
  const projected: ReviewTally = {
    escalations: tally.kept.escalations + tally.added.total,
    resolved: tally.kept.resolved,
    false_positives: tally.kept.false_positives,
    true_positives: tally.kept.true_positives,
  };
  const result: WhatifResult = {
    prediction_id: `wif_${randomUUID()}`,
    config_id: configId,
    draft_version: draft.config.pack.version,
    created_at: now.toISOString(),
    window,
    policies: replayed.map((p) => p.name),
    dropped_policies: tally.dropped_policies,
    not_replayed: notReplayed,
    events: tally.events,
    current: sideNumbers(tally.current, tally.events),
    projected: sideNumbers(projected, tally.events),
    removed: tally.removed,
    added: tally.added,
    reason_changed: tally.reason_changed,
    undetermined: tally.undetermined,
    by_rule: tally.by_rule.map((r) => ({ policy: r.policy, reason_code: r.reason_code, current: sideNumbers(r.current, tally.events), projected: sideNumbers(r.projected, tally.events) })),
  };
  await store.transaction((tx) =>
    tx.run(query('tune_prediction_insert'), {
      id: result.prediction_id,
      config_id: configId,
      draft_version: result.draft_version,
      created_at: result.created_at,
      window: JSON.stringify(window),
      numbers: JSON.stringify(result),
      draft_text: draft.text,
    }),
  );
  return result;
}
