import { listValue } from '@duckdb/node-api';
import { cachedAnswer } from '../store/answer-cache.js';
import type { Executor } from '../store/database.js';
import { query } from '../store/queries.js';

/** The values an events filter can usefully take, among the events of the given teams (all teams when empty). */
export interface EventFilterChoices {
  policy: string[];
  reason_code: string[];
  team: string[];
  config_id: string[];
  config_version: string[];
}

const fields = ['policy', 'reason_code', 'team', 'config_id', 'config_version'] as const;

export async function eventFilterChoices(db: Executor, teams: readonly string[]): Promise<EventFilterChoices> {
  // Kept until the next write (see answer-cache): the menus would otherwise scan every event per page.
  const rows = await cachedAnswer(db, JSON.stringify(['events_filter_choices', teams]), () =>
    db.all<Record<(typeof fields)[number], string | null>>(query('events_filter_choices'), { teams: teams.length > 0 ? listValue([...teams]) : null }),
  );
  const seen = Object.fromEntries(fields.map((f) => [f, new Set<string>()])) as Record<(typeof fields)[number], Set<string>>;
  for (const row of rows) for (const field of fields) if (row[field] !== null) seen[field].add(row[field]);
  const sorted = (field: (typeof fields)[number]) => [...seen[field]].sort();
  return {
    policy: sorted('policy'),
    reason_code: sorted('reason_code'),
    team: sorted('team'),
    config_id: sorted('config_id'),
    // SemVer order, newest first, reads better than text order (1.10.0 after 1.9.0).
    config_version: [...seen.config_version].sort((a, b) => b.localeCompare(a, 'en', { numeric: true })),
  };
}
