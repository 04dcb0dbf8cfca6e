import { can, isTeamLimitedAdmin, seesTeam } from '../../domain/user.js';
import type { Executor } from '../../store/database.js';
import { listUsers } from '../../store/users.js';

/**
 * Whom an admin may hand an open escalation to, as reassignEscalation accepts them: active
 * users who review and may see its team, other than its current owner. The page offers only
 * these, so the choice is not a guess the server then refuses.
 */
export async function assigneesFor(db: Executor, item: { team: string | null; owner: string | null }): Promise<string[]> {
  const users = await listUsers(db);
  return users
    .filter((u) => !u.revoked_at && !isTeamLimitedAdmin(u) && can(u, 'review') && seesTeam(u, item.team) && u.id !== item.owner)
    .map((u) => u.id)
    .sort();
}
