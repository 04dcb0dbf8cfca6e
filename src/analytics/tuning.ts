import { z } from 'zod';
import { notFound } from '../errors.js';
import type { Executor } from '../store/database.js';
import { runQuestion } from './run.js';
import { checkDistinctVersions, checkKnownSubject } from './tuning-subject.js';
import { parseOptions, scopeSchema, shareSchema, type Viewer } from './scope.js';
import { knownScopeParams } from './known-scope.js';
import { per1k, ratio, twoProportionPValue, wilsonInterval } from './stats.js';

export const tuningQuerySchema = scopeSchema.extend({
  config_id: z.string().min(1, 'is required'),
  policy: z.string().min(1, 'is required'),
  reason_code: z.string().min(1).optional(),
  before: z.string().min(1, 'is required'),
  after: z.string().min(1, 'is required'),
  /** Significance level for the verdict. */
  alpha: shareSchema.default(0.05),
});

export type TuningQuery = z.input<typeof tuningQuerySchema>;

export interface VersionOutcome {
  config_version: string;
  events: number;
  escalations: number;
  escalations_per_1k: number | null;
  resolved: number;
  false_positives: number;
  false_positive_rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  true_positives: number;
  median_minutes_to_resolve: number | null;
}

export interface TuningChange {
  /** after − before, null when a side has no rate. */
  escalations_per_1k: number | null;
  false_positive_rate: number | null;
  median_minutes_to_resolve: number | null;
  /** Two-sided pooled two-proportion z-test p-values. */
  escalation_rate_p_value: number | null;
  false_positive_rate_p_value: number | null;
}

export type TuningVerdict = 'improved' | 'regressed' | 'inconclusive';

export interface TuningComparison {
  before: VersionOutcome;
  after: VersionOutcome;
  change: TuningChange;
  verdict: TuningVerdict;
}

type VersionRow = Omit<VersionOutcome, 'escalations_per_1k' | 'false_positive_rate' | 'ci_low' | 'ci_high'>;

/** Before/after one config change, for one policy (and optionally one reason code). */
export async function tuningComparison(db: Executor, input: TuningQuery, viewer: Viewer, now: Date = new Date()): Promise<TuningComparison> {
  const q = parseOptions(tuningQuerySchema, input);
  checkDistinctVersions(q);
  const rows = await runQuestion<VersionRow>(db, 'tuning_version_comparison', {
    ...(await knownScopeParams(db, q, viewer, now)),
    policy: q.policy,
    reason_code: q.reason_code ?? null,
    before: q.before,
    after: q.after,
  });
  const [before, after] = rows.map(outcomeOf);
  for (const side of [before, after]) {
    if (!side || side.events === 0) {
      const version = side?.config_version ?? '?';
      throw notFound(`No events in scope were evaluated under config ${q.config_id} version ${version}.`, { config_id: q.config_id, config_version: version });
    }
  }
  // Zero escalations on both sides may be a typo in the policy or reason code: only then is it looked up.
  if (before!.escalations === 0 && after!.escalations === 0) await checkKnownSubject(db, q);
  const change = changeBetween(before!, after!);
  return { before: before!, after: after!, change, verdict: verdictOf(before!, after!, change, q.alpha) };
}

function outcomeOf(row: VersionRow): VersionOutcome {
  const interval = wilsonInterval(row.false_positives, row.resolved);
  return {
    config_version: row.config_version,
    events: row.events,
    escalations: row.escalations,
    escalations_per_1k: per1k(row.escalations, row.events),
    resolved: row.resolved,
    false_positives: row.false_positives,
    false_positive_rate: ratio(row.false_positives, row.resolved),
    ci_low: interval?.low ?? null,
    ci_high: interval?.high ?? null,
    true_positives: row.true_positives,
    median_minutes_to_resolve: row.median_minutes_to_resolve,
  };
}

function changeBetween(before: VersionOutcome, after: VersionOutcome): TuningChange {
  return {
    escalations_per_1k: difference(before.escalations_per_1k, after.escalations_per_1k),
    false_positive_rate: difference(before.false_positive_rate, after.false_positive_rate),
    median_minutes_to_resolve: difference(before.median_minutes_to_resolve, after.median_minutes_to_resolve),
    escalation_rate_p_value: twoProportionPValue(before.escalations, before.events, after.escalations, after.events),
    false_positive_rate_p_value: twoProportionPValue(before.false_positives, before.resolved, after.false_positives, after.resolved),
  };
}

/**
 * regressed: the escalation rate or the false-positive rate rose significantly.
 * improved: at least one of them fell significantly and neither rose significantly.
 * inconclusive: no significant movement either way.
 */
export function verdictOf(before: VersionOutcome, after: VersionOutcome, change: TuningChange, alpha = 0.05): TuningVerdict {
  const moves = [
    movement(before.escalations_per_1k, after.escalations_per_1k, change.escalation_rate_p_value, alpha),
    movement(before.false_positive_rate, after.false_positive_rate, change.false_positive_rate_p_value, alpha),
  ];
  if (moves.includes('rose')) return 'regressed';
  if (moves.includes('fell')) return 'improved';
  return 'inconclusive';
}

function movement(before: number | null, after: number | null, pValue: number | null, alpha: number): 'rose' | 'fell' | 'flat' {
  if (before === null || after === null || pValue === null || pValue >= alpha) return 'flat';
  return after > before ? 'rose' : after < before ? 'fell' : 'flat';
}

function difference(before: number | null, after: number | null): number | null {
  return before === null || after === null ? null : after - before;
}
