import type { Executor } from '../store/database.js';
import { query } from '../store/queries.js';
import type { WhatifResult } from './whatif.js';

export interface StoredPrediction {
  id: string;
  config_id: string;
  draft_version: string;
  created_at: string;
  /** The full what-if result as it was shown when the draft was replayed. */
  numbers: WhatifResult;
  draft_text: string;
}

/**
 * The newest what-if prediction stored for a config version (the version the draft
 * carried), or null when the draft was never replayed. The tuning report's whatif
 * section reads this.
 */
export async function predictionFor(db: Executor, configId: string, version: string): Promise<StoredPrediction | null> {
  const row = await db.one<Omit<StoredPrediction, 'numbers'> & { numbers: string }>(query('tune_prediction_latest'), {
    config_id: configId,
    draft_version: version,
  });
  if (!row) return null;
  return { id: row.id, config_id: row.config_id, draft_version: row.draft_version, created_at: row.created_at, numbers: JSON.parse(row.numbers) as WhatifResult, draft_text: row.draft_text };
}
