import type { Principal } from '../../domain/user.js';
import { runQuestion } from '../../analytics/run.js';
import type { Executor } from '../database.js';
import { teamsParam } from './visibility.js';

/** What an escalation's event is grouped by: its policy, reason code and config version. */
export interface PatternKey {
  policy: string | null;
  reason_code: string | null;
  config_id: string | null;
  config_version: string | null;
}

export interface PatternNote {
  escalation_id: string;
  resolved_by: string | null;
  resolved_at: string | null;
  outcome: string | null;
  category: string | null;
  cause: string | null;
  note: string;
}

/**
 * Whether an escalation is part of a wider trend: how many escalations share its
 * policy + reason code + config version (this one included), how those were
 * resolved, and the latest notes. Counted only within the caller's teams.
 */
export interface Pattern extends PatternKey {
  total: number;
  by_status: Record<string, number>;
  by_outcome: Record<string, number>;
  by_category: Record<string, number>;
  recent_notes: PatternNote[];
}

/**
 * The pattern of a key: the key may be a whole event (the caller's linked event), so only the
 * four key fields are taken, for the answer (the event is the detail's own `event`) and the SQL.
 */
export async function patternOf(db: Executor, principal: Principal, of: PatternKey, excludeId: string, noteLimit = 5): Promise<Pattern> {
  const key: PatternKey = { policy: of.policy, reason_code: of.reason_code, config_id: of.config_id, config_version: of.config_version };
  const params = { ...key, teams: teamsParam(principal) };
  const rows = await runQuestion<{ status: string; outcome: string | null; category: string | null; n: number }>(db, 'pattern_resolutions', params);
  const pattern: Pattern = { ...key, total: 0, by_status: {}, by_outcome: {}, by_category: {}, recent_notes: [] };
  for (const row of rows) {
    pattern.total += row.n;
    pattern.by_status[row.status] = (pattern.by_status[row.status] ?? 0) + row.n;
    if (row.status !== 'resolved') continue;
    if (row.outcome) pattern.by_outcome[row.outcome] = (pattern.by_outcome[row.outcome] ?? 0) + row.n;
    if (row.category) pattern.by_category[row.category] = (pattern.by_category[row.category] ?? 0) + row.n;
  }
  pattern.recent_notes = await runQuestion<PatternNote>(db, 'pattern_recent_notes', { ...params, exclude_id: excludeId, limit: noteLimit });
  return pattern;
}
