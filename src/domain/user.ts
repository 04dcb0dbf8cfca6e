import { z } from 'zod';

export const roles = ['reviewer', 'policy_owner', 'compliance', 'admin'] as const;
export type Role = (typeof roles)[number];

export const userIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, 'must be 1-64 letters, digits, dot, dash or underscore');

export const newUserSchema = z.object({
  id: userIdSchema,
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

/** Whether the principal may see data of a team (null team = visible only to unrestricted users). */
export function seesTeam(principal: Principal, team: string | null | undefined): boolean {
  if (principal.teams.length === 0) return true;
  return team != null && principal.teams.includes(team);
}
