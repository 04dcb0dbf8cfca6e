import type { z } from 'zod';
import { badInput } from '../errors.js';
import type { Executor } from '../store/database.js';
import { cachedAnswer } from '../store/answer-cache.js';
import { query } from '../store/queries.js';
import { scopeParams, teamsParam, viewerTeams, type ScopeParams, type scopeSchema, type TeamViewer, type Viewer } from './scope.js';

/**
 * scopeParams, after refusing a team or config id the store has never seen: a misspelt
 * `--team suport` would otherwise be answered with zeros that read like a quiet week.
 * The refusal names what is there, of what the caller may see: a caller limited to
 * teams is told only their own teams, and no config ids (those of other teams' configs).
 */
export async function knownScopeParams(db: Executor, input: z.output<typeof scopeSchema>, viewer: Viewer, now: Date): Promise<ScopeParams> {
  const params = scopeParams(input, viewer, now);
  if (input.team === undefined && input.config_id === undefined) return params;
  const known = await db.one<{ team_known: boolean; config_known: boolean }>(query('scope_known'), { team: input.team ?? null, config_id: input.config_id ?? null });
  if (input.team !== undefined && known?.team_known !== true) throw await unknownTeam(db, input.team, viewer);
  if (input.config_id !== undefined && known?.config_known !== true) {
    const ids = viewerTeams(viewer) ? [] : (await db.all<{ config_id: string }>(query('scope_config_ids'))).map((r) => r.config_id);
    const named = ids.length > 0 ? `; the configs are ${ids.join(', ')}` : '';
    throw badInput(`Unknown config ${input.config_id}: it is not stored and no event was evaluated under it${named}.`, { field: 'config_id', value: input.config_id });
  }
  return params;
}

/**
 * The first of `teams` no event belongs to, refused as knownScopeParams refuses one: an
 * evidence pack, a queue page or an events tail of a misspelt team would be empty and
 * read like a quiet period (or nothing to do). Refuse a team the viewer may not see
 * (403) before calling this, so that whether another team exists is never told.
 */
export async function refuseUnknownTeams(db: Executor, teams: readonly string[], viewer: TeamViewer): Promise<void> {
  for (const team of teams) {
    if (!(await teamKnown(db, team))) throw await unknownTeam(db, team, viewer);
  }
}

/**
 * Whether an event belongs to `team`: one statement, kept until the store's next write
 * (see answer-cache), as the queue pages it guards are; a reviewer's filtered poll then
 * costs no query for it. Unknown teams are not kept, so misspellings do not pile up.
 */
function teamKnown(db: Executor, team: string): Promise<boolean> {
  return cachedAnswer(
    db,
    JSON.stringify(['scope_known team', team]),
    async () => (await db.one<{ team_known: boolean }>(query('scope_known'), { team, config_id: null }))?.team_known === true,
    (known) => known,
  );
}

/** The refusal of a team no event belongs to, naming the teams there are (of those the viewer may see). */
async function unknownTeam(db: Executor, team: string, viewer: TeamViewer): Promise<Error> {
  const teams = (await db.all<{ team: string }>(query('scope_teams'), { teams: teamsParam(viewer) })).map((r) => r.team);
  // `support,sales` reads as a list to a person; to kt it is one (unknown) name.
  const oneTeam = team.includes(',') ? ' Name one team: a comma does not list several.' : '';
  return badInput(`Unknown team ${team}: no event belongs to it; the teams are ${teams.join(', ') || '(none yet)'}.${oneTeam}`, { field: 'team', value: team });
}
