import { z } from 'zod';
import { causes } from '../domain/escalation.js';
import type { Executor } from '../store/database.js';
import { runQuestion } from './run.js';
import { countSchema, parseOptions, scopeSchema, type Viewer } from './scope.js';
import { knownScopeParams } from './known-scope.js';
import { wilsonInterval } from './stats.js';

/** Dimensions `--by` may add to a cluster's key (policy, reason code and config version always are). */
export const clusterDimensions = ['team', 'provider', 'model'] as const;
export type ClusterDimension = (typeof clusterDimensions)[number];

export const falsePositiveQuerySchema = scopeSchema.extend({
  by: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean)))
    .pipe(z.array(z.enum(clusterDimensions, { error: `must list some of ${clusterDimensions.join(', ')}` }))),
  min_resolved: countSchema().default(0),
  cause: z.enum(causes, { error: `must be one of ${causes.join(', ')}` }).optional(),
  terms: countSchema({ max: 50 }).default(5),
});

export type FalsePositiveQuery = z.input<typeof falsePositiveQuerySchema>;

export interface SeparatingTerm {
  term: string;
  /** Occurrences in the cluster's (counted) false positives and in its true positives. */
  false_positives: number;
  true_positives: number;
  /** Log-odds z-score: how strongly the term leans towards false positives. */
  z: number;
}

export interface FalsePositiveCluster {
  policy: string | null;
  reason_code: string | null;
  config_id: string | null;
  config_version: string | null;
  team?: string | null;
  provider?: string | null;
  model?: string | null;
  escalations: number;
  resolved: number;
  false_positives: number;
  benign_positives: number;
  true_positives: number;
  false_positive_rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  teams: string[];
  first_seen: string;
  last_seen: string;
  top_terms: SeparatingTerm[];
}

type ClusterRow = Omit<FalsePositiveCluster, 'false_positive_rate' | 'ci_low' | 'ci_high' | 'top_terms'> &
  Record<ClusterDimension, string | null>;
type TermRow = SeparatingTerm & Record<(typeof keyColumns)[number], string | null>;

const keyColumns = ['policy', 'reason_code', 'config_id', 'config_version', 'team', 'provider', 'model'] as const;

/**
 * False-positive clusters, most false positives first, each with the request terms
 * that best separate its false positives from its true positives.
 */
export async function falsePositiveClusters(
  db: Executor,
  input: FalsePositiveQuery,
  viewer: Viewer,
  now: Date = new Date(),
): Promise<FalsePositiveCluster[]> {
  const q = parseOptions(falsePositiveQuerySchema, input);
  const params = {
    ...(await knownScopeParams(db, q, viewer, now)),
    by_team: q.by.includes('team'),
    by_provider: q.by.includes('provider'),
    by_model: q.by.includes('model'),
    cause: q.cause ?? null,
    min_resolved: q.min_resolved,
    terms: q.terms,
  };
  const clusters = await runQuestion<ClusterRow>(db, 'fp_clusters', params);
  const terms = q.terms > 0 ? await runQuestion<TermRow>(db, 'fp_cluster_terms', params) : [];
  const termsByCluster = new Map<string, SeparatingTerm[]>();
  for (const row of terms) {
    const list = termsByCluster.get(keyOf(row)) ?? [];
    list.push({ term: row.term, false_positives: row.false_positives, true_positives: row.true_positives, z: row.z });
    termsByCluster.set(keyOf(row), list);
  }
  return clusters.map((row) => {
    const interval = wilsonInterval(row.false_positives, row.resolved);
    const cluster: FalsePositiveCluster = {
      policy: row.policy,
      reason_code: row.reason_code,
      config_id: row.config_id,
      config_version: row.config_version,
      escalations: row.escalations,
      resolved: row.resolved,
      false_positives: row.false_positives,
      benign_positives: row.benign_positives,
      true_positives: row.true_positives,
      false_positive_rate: row.resolved > 0 ? row.false_positives / row.resolved : null,
      ci_low: interval?.low ?? null,
      ci_high: interval?.high ?? null,
      teams: row.teams,
      first_seen: row.first_seen,
      last_seen: row.last_seen,
      top_terms: termsByCluster.get(keyOf(row)) ?? [],
    };
    // Only the dimensions asked for become keys of the row.
    for (const dimension of q.by) cluster[dimension] = row[dimension];
    return cluster;
  });
}

function keyOf(row: Record<(typeof keyColumns)[number], string | null>): string {
  return JSON.stringify(keyColumns.map((k) => row[k]));
}
