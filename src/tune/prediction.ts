import type { Executor } from '../store/database.js';
import { query } from '../store/queries.js';
import type { WhatifResult } from './whatif.js';

/** A replay window as stored; predictions stored before teams were recorded lack `teams`. */
export type StoredWindow = Omit<WhatifResult['window'], 'teams'> & { teams?: string[] | null };

export interface StoredPrediction {
  id: string;
  config_id: string;
  draft_version: string;
  created_at: string;
  /** The full what-if result as it was shown when the draft was replayed. */
  numbers: Omit<WhatifResult, 'window' | 'by_rule'> & { window: StoredWindow; by_rule?: WhatifResult['by_rule'] };
  draft_text: string;
}

/**
 * Every what-if prediction stored for a config version (the version the draft
 * carried), newest first; empty when the draft was never replayed.
 */
export async function predictionsFor(db: Executor, configId: string, version: string): Promise<StoredPrediction[]> {
  const rows = await db.all<Omit<StoredPrediction, 'numbers'> & { numbers: string }>(query('tune_predictions_for_version'), {
    config_id: configId,
    draft_version: version,
  });
  return rows.map((row) => ({ ...row, numbers: JSON.parse(row.numbers) as StoredPrediction['numbers'] }));
}

/**
 * The teams a prediction replayed: null = every team, undefined = not recorded
 * (stored before kt kept it). Sorted, so two scopes compare as sets.
 */
export function predictionTeams(p: StoredPrediction): string[] | null | undefined {
  const teams = p.numbers.window.teams;
  return teams === undefined || teams === null ? teams : [...teams].sort();
}

/**
 * Whether a prediction may stand for a team scope (null = every team): the same set
 * of teams. A prediction whose teams were not recorded stands only for every team,
 * the scope an unlimited caller got before teams were recorded.
 */
export function coversTeams(p: StoredPrediction, teams: readonly string[] | null): boolean {
  const replayed = predictionTeams(p);
  if (replayed === undefined || replayed === null) return teams === null;
  if (teams === null) return false;
  const wanted = [...new Set(teams)].sort();
  return replayed.length === wanted.length && replayed.every((t, i) => t === wanted[i]);
}

export interface DeployedVersion {
  version: string;
  deployed_at: string | null;
}

/**
 * A replay is a prediction of a deployed version only when it was made before the
 * deploy, over traffic that version had not decided: events of another version
 * (window.config_version), or — with no version filter — a window that ends before
 * the deploy (its `until`, or the replay time when open-ended). Otherwise it is a
 * replay after the fact: it may show how well replay reproduces reality, but it
 * predicted nothing. Returns why not, or null when it is a prediction.
 */
export function notAPredictionBecause(p: StoredPrediction, deployed: DeployedVersion): string | null {
  if (!deployed.deployed_at) return `the deploy time of version ${deployed.version} is not recorded, so the replay cannot be placed before it`;
  const deployedAt = Date.parse(deployed.deployed_at);
  if (Date.parse(p.created_at) >= deployedAt) return `it was made after version ${deployed.version} went live`;
  const w = p.numbers.window;
  if (w.config_version === deployed.version) return `it replayed the traffic of version ${deployed.version} itself`;
  if (w.config_version === null && w.until !== null && Date.parse(w.until) > deployedAt) return `its window reaches past the deploy of version ${deployed.version}`;
  return null;
}

export interface PickedPrediction {
  prediction: StoredPrediction;
  /** null when it is a prediction made before the deploy; else why it is not. */
  not_a_prediction_because: string | null;
}

/**
 * The newest prediction made before the deploy, else the newest replay (after the
 * fact), among `predictions` (newest first); null when there are none.
 */
export function pickPrediction(predictions: readonly StoredPrediction[], deployed: DeployedVersion): PickedPrediction | null {
  const judged = predictions.map((prediction) => ({ prediction, not_a_prediction_because: notAPredictionBecause(prediction, deployed) }));
  return judged.find((j) => j.not_a_prediction_because === null) ?? judged[0] ?? null;
}
