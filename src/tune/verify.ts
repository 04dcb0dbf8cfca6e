import { listValue } from '@duckdb/node-api';
import { z } from 'zod';
import { per1k, ratio } from '../analytics/stats.js';
import { configVersion } from '../configs/versions.js';
import { badInput, notFound } from '../errors.js';
import type { Executor } from '../store/database.js';
import { query } from '../store/queries.js';
import { predictionFor } from './prediction.js';
import type { ReviewTally } from './replay.js';
import type { WhatifResult } from './whatif.js';

export const verifyInputSchema = z.object({
  config_id: z.string().min(1, 'is required'),
  version: z.string().min(1, 'is required'),
  /** Hold this draft version's prediction against `version` (default: the prediction made for `version` itself). */
  draft_version: z.string().min(1).optional(),
});

export type VerifyInput = z.input<typeof verifyInputSchema>;

/** One predicted number held against the measured one. */
export interface MetricCheck {
  predicted: number | null;
  /** The prediction's 95% interval. */
  interval: [number, number] | null;
  measured: number | null;
  /** measured − predicted. */
  absolute_difference: number | null;
  /** (measured − predicted) / predicted. */
  relative_difference: number | null;
  within_interval: boolean | null;
}

export interface VerifyResult {
  config_id: string;
  version: string;
  deployed_at: string;
  /** The draft version whose prediction is compared (usually the same as version). */
  draft_version: string;
  prediction_id: string;
  predicted_at: string;
  policies: string[];
  measured: ReviewTally & { events: number };
  escalations_per_1k: MetricCheck;
  false_positive_rate: MetricCheck;
  /** The same checks per rule (policy, reason code) of the prediction or the measurement. */
  by_rule: RuleCheck[];
  summary: string;
}

export interface RuleCheck {
  policy: string;
  reason_code: string;
  /** Whether the replay predicted a change for this rule (projected ≠ current). */
  changed_by_draft: boolean;
  measured: ReviewTally;
  escalations_per_1k: MetricCheck;
  false_positive_rate: MetricCheck;
}

function check(predicted: number | null, interval: [number, number] | null, measured: number | null): MetricCheck {
  const absolute = predicted === null || measured === null ? null : measured - predicted;
  return {
    predicted,
    interval,
    measured,
    absolute_difference: absolute,
    relative_difference: absolute === null || !predicted ? null : absolute / predicted,
    within_interval: interval === null || measured === null ? null : measured >= interval[0] && measured <= interval[1],
  };
}

/**
 * After a draft went live as a version: the stored what-if prediction for that version
 * against what the traffic under it measured (escalations per 1,000 events and the
 * false-positive rate among resolved escalations, for the same policies).
 */
export async function verifyPrediction(db: Executor, input: VerifyInput): Promise<VerifyResult> {
  const q = verifyInputSchema.parse(input);
  const stored = await configVersion(db, q.config_id, q.version);
  if (!stored.deployed_at) {
    throw badInput(`Config ${q.config_id} version ${q.version} has no deployed_at yet: ingest the deployed version before verifying.`, q);
  }
  const draftVersion = q.draft_version ?? q.version;
  const prediction = await predictionFor(db, q.config_id, draftVersion);
  if (!prediction) {
    throw notFound(`No what-if prediction is stored for config ${q.config_id} version ${draftVersion}; run kt tune whatif --draft FILE on the draft first.`, q);
  }
  const predicted = prediction.numbers;
  const measured = await db.one<ReviewTally & { events: number }>(query('tune_measured_outcome'), {
    config_id: q.config_id,
    config_version: q.version,
    policies: listValue(predicted.policies),
  });
  if (!measured || measured.events === 0) {
    throw notFound(`No events evaluated under config ${q.config_id} version ${q.version} are stored yet; ingest traffic from after the deploy first.`, q);
  }
  const result: VerifyResult = {
    config_id: q.config_id,
    version: q.version,
    deployed_at: stored.deployed_at,
    draft_version: draftVersion,
    prediction_id: prediction.id,
    predicted_at: prediction.created_at,
    policies: predicted.policies,
    measured,
    escalations_per_1k: check(predicted.projected.escalations_per_1k, predicted.projected.escalations_per_1k_ci, per1k(measured.escalations, measured.events)),
    false_positive_rate: check(predicted.projected.false_positive_rate, predicted.projected.false_positive_rate_ci, ratio(measured.false_positives, measured.resolved)),
    by_rule: [],
    summary: '',
  };
  const measuredRules = await db.all<ReviewTally & { policy: string; reason_code: string | null }>(query('tune_measured_by_rule'), {
    config_id: q.config_id,
    config_version: q.version,
    policies: listValue(predicted.policies),
  });
  result.by_rule = ruleChecks(predicted.by_rule ?? [], measuredRules, measured.events);
  result.summary = summaryOf(result);
  return result;
}

type MeasuredRule = ReviewTally & { policy: string; reason_code: string | null };

function ruleChecks(predicted: WhatifResult['by_rule'], measuredRules: MeasuredRule[], events: number): RuleCheck[] {
  const key = (policy: string, reasonCode: string | null) => JSON.stringify([policy, reasonCode ?? '(none)']);
  const measuredBy = new Map(measuredRules.map((m) => [key(m.policy, m.reason_code), m]));
  const keys = new Set([...predicted.map((p) => key(p.policy, p.reason_code)), ...measuredBy.keys()]);
  const predictedBy = new Map(predicted.map((p) => [key(p.policy, p.reason_code), p]));
  return [...keys].sort().map((k) => {
    const [policy, reasonCode] = JSON.parse(k) as [string, string];
    const p = predictedBy.get(k);
    const m = measuredBy.get(k);
    const tally: ReviewTally = { escalations: m?.escalations ?? 0, resolved: m?.resolved ?? 0, false_positives: m?.false_positives ?? 0, true_positives: m?.true_positives ?? 0 };
    return {
      policy,
      reason_code: reasonCode,
      changed_by_draft: p !== undefined && JSON.stringify(p.current) !== JSON.stringify(p.projected),
      measured: tally,
      escalations_per_1k: check(p?.projected.escalations_per_1k ?? 0, p?.projected.escalations_per_1k_ci ?? null, per1k(tally.escalations, events)),
      false_positive_rate: check(p?.projected.false_positive_rate ?? null, p?.projected.false_positive_rate_ci ?? null, ratio(tally.false_positives, tally.resolved)),
    };
  });
}

function summaryOf(r: VerifyResult): string {
  const parts = [
    metricSentence('escalations per 1k events', r.escalations_per_1k, (v) => v.toFixed(1), (v) => v.toFixed(1)),
    metricSentence('false-positive rate', r.false_positive_rate, (v) => `${(v * 100).toFixed(1)}%`, (v) => `${(v * 100).toFixed(1)} points`),
  ];
  const against = r.draft_version === r.version ? '' : ` against the prediction for draft ${r.draft_version}`;
  return `Config ${r.config_id} ${r.version}${against} (${r.measured.events} events, ${r.measured.resolved} resolved escalations): ${parts.join('; ')}.`;
}

function metricSentence(name: string, m: MetricCheck, fmt: (v: number) => string, fmtDifference: (v: number) => string): string {
  if (m.predicted === null || m.measured === null) return `${name}: ${m.measured === null ? 'not measurable yet' : 'no prediction'}`;
  const relative = m.relative_difference === null ? '' : `, ${m.relative_difference >= 0 ? '+' : ''}${(m.relative_difference * 100).toFixed(0)}%`;
  const where = m.within_interval === null ? '' : m.within_interval ? ', within the predicted interval' : ', outside the predicted interval';
  return `${name} predicted ${fmt(m.predicted)}, measured ${fmt(m.measured)} (${m.absolute_difference! >= 0 ? '+' : ''}${fmtDifference(m.absolute_difference!)}${relative}${where})`;
}
