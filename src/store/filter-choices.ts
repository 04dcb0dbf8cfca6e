import type { Principal } from '../domain/user.js';
import type { Executor } from './database.js';
import { query } from './queries.js';
import { teamsParam } from './queue/visibility.js';

/** The values a queue filter can usefully take, among the escalations the caller may see. */
export interface FilterChoices {
  policy: string[];
  reason_code: string[];
  team: string[];
  config_version: string[];
}

export async function queueFilterChoices(db: Executor, principal: Principal): Promise<FilterChoices> {
  const rows = await db.all<{ field: keyof FilterChoices; value: string }>(query('queue_filter_choices'), { teams: teamsParam(principal) });
  const choices: FilterChoices = { policy: [], reason_code: [], team: [], config_version: [] };
  for (const row of rows) choices[row.field].push(row.value);
  // SemVer order, newest first, reads better than text order (1.10.0 after 1.9.0).
  choices.config_version.sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  return choices;
}
