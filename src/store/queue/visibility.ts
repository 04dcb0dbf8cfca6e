import { notFound } from '../../errors.js';
import { seesTeam, type Principal } from '../../domain/user.js';
import type { EscalationStatus } from '../../domain/escalation.js';
import type { Executor } from '../database.js';
import { query } from '../queries.js';

// The $teams parameter of every queue query is the analytics' one: the caller's teams, or NULL for every team.
export { teamsParam } from '../../analytics/scope.js';

/** The workflow fields of one escalation plus its event's team. */
export interface EscalationState {
  id: string;
  event_id: string;
  status: EscalationStatus;
  claimed_by: string | null;
  claimed_at: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  outcome: string | null;
  category: string | null;
  cause: string | null;
  note: string | null;
  follow_up: string | null;
  team: string | null;
}

/**
 * Loads an escalation the caller may see. An item of a team the caller may not see
 * answers exactly like a missing one (404), so ids of other teams leak nothing.
 */
export async function visibleEscalation(db: Executor, principal: Principal, id: string): Promise<EscalationState> {
  const row = await db.one<EscalationState>(query('escalation_state'), { id });
  if (!row || !seesTeam(principal, row.team)) throw notFound(`No escalation ${id}.`, { id });
  return row;
}
