import { listValue, type DuckDBValue } from '@duckdb/node-api';
import { z } from 'zod';
import { badInput, forbidden } from '../errors.js';
import { verdictSchema, type Verdict } from '../domain/event.js';
import { wholeNumber } from '../domain/numbers.js';
import { resolveTimeWindow } from '../domain/time-window.js';
import { refuseUnknownTeams } from '../analytics/known-scope.js';
import type { Executor } from '../store/database.js';
import { query } from '../store/queries.js';

/** The most rows one tail (or one API page) returns; export has no limit. */
export const maxEventLimit = 10_000;

/** How many events one tail or API page may ask for. */
export const eventLimitSchema = wholeNumber({ min: 1, max: maxEventLimit });

const text = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

/**
 * Which events to show, as typed on the command line or sent in a query string
 * (`GET /api/events`): all text, numbers coerced. `visibleTeams` is never taken
 * from the client: the HTTP layer sets it to the caller's teams.
 */
export const eventFilterSchema = z
  .object({
    since: z.string({ error: 'must be a duration like 24h or an RFC 3339 timestamp' }).optional(),
    until: z.string({ error: 'must be a duration like 24h or an RFC 3339 timestamp' }).optional(),
    verdict: verdictSchema.optional(),
    policy: text.optional(),
    reason_code: text.optional(),
    team: text.optional(),
    config_id: text.optional(),
    config_version: text.optional(),
    limit: eventLimitSchema.default(50),
    visibleTeams: z.array(z.string().min(1), { error: 'must be a list of team names' }).optional(),
  })
  .strict();

export type EventFilterInput = z.input<typeof eventFilterSchema>;

/** A checked filter: times resolved to instants, everything absent is null. */
export interface EventFilter {
  since: Date | null;
  until: Date | null;
  verdict: Verdict | null;
  policy: string | null;
  reason_code: string | null;
  team: string | null;
  config_id: string | null;
  config_version: string | null;
  limit: number;
  /** When non-empty, only events of these teams (the caller's team limits). */
  visibleTeams: string[];
}

export interface ParseOptions {
  now?: Date;
  /** How options are named in messages: CLI flags (`--reason-code`) or query parameters (`reason_code`). */
  naming?: 'flag' | 'param';
}

/**
 * Validates a filter, turning the first problem into one sentence naming the
 * option and its value, e.g. `--verdict "maybe" must be one of allow, …`.
 */
export function parseEventFilter(input: unknown, options: ParseOptions = {}): EventFilter {
  const now = options.now ?? new Date();
  const name = (field: string) => (options.naming === 'param' ? field : `--${field.replaceAll('_', '-')}`);
  const result = eventFilterSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = String(issue.path[0] ?? 'filter');
    const given = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[field] : undefined;
    const message = issue.code === 'unrecognized_keys' ? `Unknown filter ${issue.keys.map(name).join(', ')}.` : `${name(field)} ${JSON.stringify(given)} ${issue.message}.`;
    throw badInput(message, { field, value: given ?? null, issues: result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) });
  }
  const f = result.data;
  const window = resolveTimeWindow({ since: f.since, until: f.until }, now, name);
  const visibleTeams = f.visibleTeams ?? [];
  if (f.team && visibleTeams.length > 0 && !visibleTeams.includes(f.team)) {
    throw forbidden(`You may not see team ${f.team}; your teams are ${visibleTeams.join(', ')}.`, { team: f.team });
  }
  return {
    since: window.since,
    until: window.until,
    verdict: f.verdict ?? null,
    policy: f.policy ?? null,
    reason_code: f.reason_code ?? null,
    team: f.team ?? null,
    config_id: f.config_id ?? null,
    config_version: f.config_version ?? null,
    limit: f.limit,
    visibleTeams,
  };
}

/**
 * A question about the events a filter matches: `name` (queries/NAME.sql) reads them as
 * `matching_events`, which events_matching.sql, the filter's one definition, selects. Bind
 * filterParams (and the question's own parameters).
 */
export function matchingEventsQuery(name: string): string {
  return `WITH matching_events AS (\n${query('events_matching')}\n)\n${query(name)}`;
}

/** The filter as the bound parameters of events_matching.sql (NULL = no filter). */
export function filterParams(filter: EventFilter): Record<string, DuckDBValue> {
  return {
    since: filter.since?.toISOString() ?? null,
    until: filter.until?.toISOString() ?? null,
    verdict: filter.verdict,
    policy: filter.policy,
    reason_code: filter.reason_code,
    team: filter.team,
    config_id: filter.config_id,
    config_version: filter.config_version,
    teams: filter.visibleTeams.length > 0 ? listValue(filter.visibleTeams) : null,
  };
}

/**
 * The filter as the query string of `GET /api/events` (and `/summary`): what a client sends to ask a
 * kt server the question it would ask the file. Times go as the instants they resolved to, so the
 * server's clock does not move a `--since 24h`; `limit` only where the route takes one.
 */
export function filterQueryString(filter: EventFilter, options: { limit: boolean }): string {
  const params = new URLSearchParams();
  if (filter.since) params.set('since', filter.since.toISOString());
  if (filter.until) params.set('until', filter.until.toISOString());
  for (const field of ['verdict', 'policy', 'reason_code', 'team', 'config_id', 'config_version'] as const) {
    const value = filter[field];
    if (value !== null) params.set(field, value);
  }
  if (options.limit) params.set('limit', String(filter.limit));
  return params.toString();
}

/**
 * Refuses the filter's team when no event belongs to it (`--team suport` would otherwise
 * print nothing, as if the team were quiet), naming the teams of the caller's limits.
 * parseEventFilter has already refused a team outside those limits (403).
 */
export async function refuseUnknownTeam(db: Executor, filter: EventFilter): Promise<void> {
  if (filter.team !== null) await refuseUnknownTeams(db, [filter.team], { teams: filter.visibleTeams });
}
