import { z } from 'zod';
import { minimumNoteLength } from '../domain/escalation.js';
import type { Executor } from '../store/database.js';
import { runQuestion } from './run.js';
import { countSchema, parseOptions, scopeSchema, shareSchema, type Viewer } from './scope.js';
import { knownScopeParams } from './known-scope.js';

export const qualityQuerySchema = scopeSchema.extend({
  /** A note text used verbatim this many times (or more) is boilerplate. */
  boilerplate_uses: countSchema({ min: 2 }).default(3),
  /** A cluster is split when its smaller outcome side is at least this share. */
  min_split: shareSchema.default(0.25),
  min_resolved: countSchema().default(4),
});

export type QualityQuery = z.input<typeof qualityQuerySchema>;

export interface ShallowResolutions {
  reviewer: string | null;
  resolutions: number;
  empty_notes: number;
  near_empty_notes: number;
  boilerplate_notes: number;
  shallow: number;
  shallow_share: number;
}

export interface ReviewerTally {
  reviewer: string | null;
  resolved: number;
  approved: number;
  denied: number;
}

export interface OutcomeDisagreement {
  policy: string | null;
  reason_code: string | null;
  config_id: string | null;
  config_version: string | null;
  resolved: number;
  approved: number;
  denied: number;
  minority_share: number;
  reviewers: number;
  by_reviewer: ReviewerTally[];
}

export interface FalsePositiveWithoutCause {
  escalation_id: string;
  event_id: string;
  resolved_by: string | null;
  resolved_at: string | null;
  policy: string | null;
  reason_code: string | null;
  config_id: string | null;
  config_version: string | null;
  team: string | null;
}

export interface QualityReport {
  shallow_resolutions: ShallowResolutions[];
  disagreements: OutcomeDisagreement[];
  false_positives_without_cause: FalsePositiveWithoutCause[];
}

/** Signs of resolutions that will not support tuning or audit later. */
export async function resolutionQuality(db: Executor, input: QualityQuery, viewer: Viewer, now: Date = new Date()): Promise<QualityReport> {
  const q = parseOptions(qualityQuerySchema, input);
  const params = {
    ...(await knownScopeParams(db, q, viewer, now)),
    // The same bar kt sets when a reviewer resolves through kt.
    min_note_length: minimumNoteLength,
    boilerplate_uses: q.boilerplate_uses,
    min_split: q.min_split,
    min_resolved: q.min_resolved,
  };
  return {
    shallow_resolutions: await runQuestion<ShallowResolutions>(db, 'quality_shallow_notes', params),
    disagreements: await runQuestion<OutcomeDisagreement>(db, 'quality_outcome_disagreements', params),
    false_positives_without_cause: await runQuestion<FalsePositiveWithoutCause>(db, 'quality_false_positives_without_cause', params),
  };
}
