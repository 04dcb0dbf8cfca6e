import { listValue, type DuckDBValue } from '@duckdb/node-api';
import { z } from 'zod';
import { badInput, forbidden } from '../errors.js';
import type { Principal } from '../domain/user.js';
import { decimalNumber, wholeNumber, type NumberRange } from '../domain/numbers.js';
import { resolveTimeWindow } from '../domain/time-window.js';

/**
 * The filters every analytics question shares, as given on the command line or in
 * a query string (all text; numbers are coerced where a question needs them).
 */
export const scopeSchema = z.object({
  since: z.string().min(1).optional(),
  until: z.string().min(1).optional(),
  team: z.string().min(1).optional(),
  config_id: z.string().min(1).optional(),
});

export type ScopeInput = z.input<typeof scopeSchema>;

/** The scope as bound SQL parameters: $since, $until, $team, $config_id, $teams. */
export interface ScopeParams {
  since: string | null;
  until: string | null;
  team: string | null;
  config_id: string | null;
  /** The teams the caller may see; null = every team. */
  teams: DuckDBValue;
  [name: string]: DuckDBValue;
}

/** Who is asking. The CLI works on a local file with full rights: `everyone`. */
export type Viewer = Principal | 'everyone';

/** What team limits read of a viewer: their teams (none = every team). The events filter carries only these. */
export type TeamViewer = Pick<Principal, 'teams'> | 'everyone';

/** The teams a viewer is limited to, or null for every team (the CLI, an unlimited user). */
export function viewerTeams(viewer: TeamViewer): string[] | null {
  return viewer !== 'everyone' && viewer.teams.length > 0 ? viewer.teams : null;
}

/** The $teams parameter of a question: the viewer's teams as a list, or NULL for every team. */
export function teamsParam(viewer: TeamViewer): DuckDBValue {
  const teams = viewerTeams(viewer);
  return teams ? listValue(teams) : null;
}

/**
 * Resolves relative times against `now`, checks the window is not inverted and
 * applies the caller's team limits: a limited caller only ever counts their teams,
 * and asking for another team is refused rather than answered with zeros.
 */
export function scopeParams(input: z.output<typeof scopeSchema>, viewer: Viewer, now: Date): ScopeParams {
  const { since, until } = resolveTimeWindow(input, now);
  const limited = viewerTeams(viewer);
  if (limited && input.team && !limited.includes(input.team)) {
    throw forbidden(`You may not see team ${input.team}; your teams are ${limited.join(', ')}.`, { team: input.team });
  }
  return {
    since: since?.toISOString() ?? null,
    until: until?.toISOString() ?? null,
    team: input.team ?? null,
    config_id: input.config_id ?? null,
    teams: teamsParam(viewer),
  };
}

/**
 * Validates a question's options, turning the first problem into one sentence that
 * names the option (the same names as the query string; the CLI flag is the same
 * word with dashes).
 */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  const first = issues[0]!;
  throw badInput(`Invalid ${first.field || 'options'}: ${first.message}.`, { issues });
}

/** A count from a flag or query string ("5" or 5), 0 or more unless the question says otherwise. */
export const countSchema = (range: Partial<NumberRange> = {}) => wholeNumber({ min: 0, ...range });

/** A share between 0 and 1 from a flag or query string. */
export const shareSchema = decimalNumber({ min: 0, max: 1 });
