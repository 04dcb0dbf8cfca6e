import { z } from 'zod';
import { badInput, forbidden } from '../errors.js';

export const roles = ['reviewer', 'policy_owner', 'compliance', 'admin'] as const;
export type Role = (typeof roles)[number];

export const userIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, 'must be 1-64 letters, digits, dot, dash or underscore');

/**
 * Names that already mean something else: a user called `me` could never be asked for by name in
 * the queue's `owner` filter, and one called `system` would act under the name kt's own audit
 * entries (ingest, routing) carry, so the audit log could not tell them apart.
 */
const reservedUserIds: Record<string, string> = {
  me: 'owner=me means the caller in the queue filter',
  system: "system is the actor of kt's own audit entries",
};
const isReservedUserId = (id: string) => Object.hasOwn(reservedUserIds, id.toLowerCase());

export const newUserSchema = z.object({
  id: userIdSchema.refine((id) => !isReservedUserId(id), {
    error: (issue) => `is reserved (${reservedUserIds[String(issue.input).toLowerCase()]}); choose another name`,
  }),
  role: z.enum(roles, { error: `must be one of ${roles.join(', ')}` }),
  // A team name is a short label (the queue filters take at most 200 characters).
  teams: z.array(z.string().min(1).max(200, 'must be at most 200 characters')).max(100, 'must list at most 100 teams').default([]),
});

export type NewUser = z.output<typeof newUserSchema>;

/** The authenticated caller. An empty teams list means every team. */
export interface Principal {
  id: string;
  role: Role;
  teams: string[];
}

export const roleCan = {
  review: ['reviewer', 'admin'],
  analyze: ['policy_owner', 'compliance', 'admin'],
  report: ['policy_owner', 'compliance', 'admin'],
  evidence: ['compliance', 'admin'],
  audit: ['compliance', 'admin'],
  tune: ['policy_owner', 'admin'],
  ingest: ['admin'],
  administer: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof roleCan;

export function can(principal: Principal, capability: Capability): boolean {
  return (roleCan[capability] as readonly Role[]).includes(principal.role);
}

/**
 * An admin manages users, ingests events by id and reassigns any item: none of that
 * can be confined to a team without leaking other teams' data (an id that already
 * exists, an event moved into the admin's team) or handing out more than one team's
 * rights (a new unlimited admin). So an admin is always every team's, and an admin
 * limited to teams is a contradiction kt refuses.
 */
export function isTeamLimitedAdmin(user: { role: Role; teams: readonly string[] }): boolean {
  return user.role === 'admin' && user.teams.length > 0;
}

/** The refusal to create an admin limited to teams (the field is `teams`, the CLI flag `--team`). */
export function teamLimitedAdminInput(user: { id: string; teams: readonly string[] }): Error {
  const message = 'an admin acts for every team and may not be limited to teams';
  return badInput(`Invalid user teams ${JSON.stringify(user.teams)}: ${message}; leave out the teams to add ${user.id} as admin, or choose another role.`, {
    issues: [{ field: 'teams', message }],
  });
}

/**
 * The refusal to sign in as an admin limited to teams, which older stores may hold.
 * Refused rather than confined to its teams: see isTeamLimitedAdmin for why there is
 * no safe confined meaning, and an operator can mend it in two commands.
 */
export function teamLimitedAdminLogin(user: { id: string; teams: readonly string[] }): Error {
  return forbidden(
    `User ${user.id} is an admin limited to teams (${user.teams.join(', ')}), which kt no longer accepts: an admin acts for every team. ` +
      `An operator should revoke it (kt users revoke ${user.id}) and add the user again under a new name, as admin without --team or with another role and --team.`,
    { id: user.id, role: 'admin', teams: [...user.teams] },
  );
}

/** Whether the principal may see data of a team (null team = visible only to unrestricted users). */
export function seesTeam(principal: Principal, team: string | null | undefined): boolean {
  if (principal.teams.length === 0) return true;
  return team != null && principal.teams.includes(team);
}
