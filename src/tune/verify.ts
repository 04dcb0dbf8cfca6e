import { listValue } from '@duckdb/node-api';
import { z } from 'zod';
import { per1k, ratio } from '../analytics/stats.js';
import { configVersion } from '../configs/versions.js';
import { badInput, notFound } from '../errors.js';
import type { Executor } from '../store/database.js';
import { query } from '../store/queries.js';
import { signOf } from '../render/format.js';
import { coversTeams, pickPrediction, predictionsFor, type StoredPrediction } from './prediction.js';
import type { ReviewTally } from './replay.js';

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
  /** Whether the replay was made before the deploy over traffic the version had not decided (a real prediction). */
  made_before_deploy: boolean;
  /** When it was not: why (e.g. made after the version went live); null for a real prediction. */
  not_a_prediction_because: string | null;
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
  const storedPredictions = await predictionsFor(db, q.config_id, draftVersion);
  if (storedPredictions.length === 0) {
    throw notFound(`No what-if prediction is stored for config ${q.config_id} version ${draftVersion}; run kt tune whatif --draft FILE on the draft first.`, q);
  }
  // The measurement counts every team's traffic: only a replay over every team compares.
  const allTeams = storedPredictions.filter((p) => coversTeams(p, null));
  const picked = pickPrediction(allTeams, { version: q.version, deployed_at: stored.deployed_at });
  if (!picked) {
    throw notFound(`No what-if prediction over every team is stored for config ${q.config_id} version ${draftVersion} (${storedPredictions.length} replayed only some teams' traffic, which the measurement of all traffic cannot check); run kt tune whatif --draft FILE as a user not limited to teams.`, q);
  }
  const { prediction } = picked;
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
    made_before_deploy: picked.not_a_prediction_because === null,
    not_a_prediction_because: picked.not_a_prediction_because,
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

function ruleChecks(predicted: NonNullable<StoredPrediction['numbers']['by_rule']>, measuredRules: MeasuredRule[], events: number): RuleCheck[] {
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
  // A replay made after the fact predicted nothing: its numbers are called "replayed", not "predicted".
  const word = r.made_before_deploy ? 'predicted' : 'replayed';
  const parts = [
    metricSentence('escalations per 1k events', r.escalations_per_1k, word, (v) => v.toFixed(1), (v) => v.toFixed(1)),
    metricSentence('false-positive rate', r.false_positive_rate, word, (v) => `${(v * 100).toFixed(1)}%`, (v) => `${(v * 100).toFixed(1)} points`),
  ];
  const noun = r.made_before_deploy ? 'the prediction' : 'the replay';
  const against = r.draft_version === r.version ? '' : ` against ${noun} for draft ${r.draft_version}`;
  const caveat = r.made_before_deploy
    ? ''
    : `Not a prediction: no replay made before the deploy is stored, and replay ${r.prediction_id} does not count as one because ${r.not_a_prediction_because}. `;
  return `${caveat}Config ${r.config_id} ${r.version}${against} (${r.measured.events} events, ${r.measured.resolved} resolved escalations): ${parts.join('; ')}.`;
}

export function metricSentence(name: string, m: MetricCheck, word: string, fmt: (v: number) => string, fmtDifference: (v: number) => string): string {
  if (m.predicted === null || m.measured === null) return `${name}: ${m.measured === null ? 'not measurable yet' : `no ${word} value`}`;
  const relative = m.relative_difference === null ? '' : `, ${signed(m.relative_difference, (v) => `${(v * 100).toFixed(0)}%`)}`;
  const where = m.within_interval === null ? '' : m.within_interval ? `, within the ${word} interval` : `, outside the ${word} interval`;
  return `${name} ${word} ${fmt(m.predicted)}, measured ${fmt(m.measured)} (${signed(m.absolute_difference!, fmtDifference)}${relative}${where})`;
}

/** A difference with its sign, none when it shows as zero (`0.0`, not `+0.0`), `-` as on a terminal. */
function signed(value: number, fmt: (v: number) => string): string {
  const text = fmt(Math.abs(value));
  return signOf(value, text, '-') + text;
}
