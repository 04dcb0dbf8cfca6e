import type { Principal } from '../domain/user.js';
import type { Executor } from './database.js';
import { query } from './queries.js';
import { cachedAnswer } from './answer-cache.js';
import { teamsParam } from './queue/visibility.js';

/** The values a queue filter can usefully take, among the escalations the caller may see. */
export interface FilterChoices {
  policy: string[];
  reason_code: string[];
  team: string[];
  config_version: string[];
  /** The config packs the caller's escalations were decided under (not a queue filter: the reports page's choice of configs). */
  config_id: string[];
}

export async function queueFilterChoices(db: Executor, principal: Principal): Promise<FilterChoices> {
  // Kept until the next write, like the queue's pages (see answer-cache).
  const rows = await cachedAnswer(db, JSON.stringify(['queue_filter_choices', principal.teams]), () =>
    db.all<Record<keyof FilterChoices, string | null>>(query('queue_filter_choices'), { teams: teamsParam(principal) }),
  );
  const fields = ['policy', 'reason_code', 'team', 'config_version', 'config_id'] as const;
  const seen = Object.fromEntries(fields.map((f) => [f, new Set<string>()])) as Record<keyof FilterChoices, Set<string>>;
  for (const row of rows) for (const field of fields) if (row[field] !== null) seen[field].add(row[field]);
  const sorted = (field: keyof FilterChoices) => [...seen[field]].sort();
  return {
    policy: sorted('policy'),
    reason_code: sorted('reason_code'),
    team: sorted('team'),
    // SemVer order, newest first, reads better than text order (1.10.0 after 1.9.0).
    config_version: [...seen.config_version].sort((a, b) => b.localeCompare(a, 'en', { numeric: true })),
    config_id: sorted('config_id'),
  };
}
