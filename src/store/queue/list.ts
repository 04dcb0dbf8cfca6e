import type { DuckDBValue } from '@duckdb/node-api';
import { z } from 'zod';
import { badInput, forbidden } from '../../errors.js';
import { escalationStatuses, severities, type EscalationStatus, type Severity } from '../../domain/escalation.js';
import type { Principal } from '../../domain/user.js';
import { runQuestion } from '../../analytics/run.js';
import type { Executor } from '../database.js';
import { cachedAnswer } from '../answer-cache.js';
import { teamsParam } from './visibility.js';

const text = z.string().trim().min(1).max(200);

/** The queue filters, as query-string text (the HTTP API and the CLI client send these). */
export const queueFilterSchema = z
  .object({
    status: z.enum(escalationStatuses, { error: `must be one of ${escalationStatuses.join(', ')}` }).optional(),
    policy: text.optional(),
    reason_code: text.optional(),
    team: text.optional(),
    config_version: text.optional(),
    /** A user id, or `me` for the caller. */
    owner: text.optional(),
    severity: z.enum(severities, { error: `must be one of ${severities.join(', ')}` }).optional(),
    overdue: z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true').optional(),
    sort: z.enum(['age', 'due'], { error: 'must be age (oldest first) or due (soonest due first)' }).default('age'),
    limit: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(500, 'must be at most 500').default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();

export type QueueFilter = z.output<typeof queueFilterSchema>;

/** One row of the queue: what a list view needs to draw badges, age and due time. */
export interface QueueItem {
  id: string;
  event_id: string;
  status: EscalationStatus;
  severity: Severity | null;
  created_at: string;
  due_at: string | null;
  age_minutes: number;
  overdue: boolean;
  owner: string | null;
  claimed_at: string | null;
  reviewer: string | null;
  resolved_at: string | null;
  routed: boolean;
  origin: string;
  outcome: string | null;
  category: string | null;
  cause: string | null;
  follow_up: string | null;
  policy: string | null;
  reason_code: string | null;
  team: string | null;
  config_id: string | null;
  config_version: string | null;
  provider: string | null;
  model: string | null;
  request_excerpt: string | null;
}

export interface QueuePage {
  items: QueueItem[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
  /** Escalations per status under the same filters (the status filter aside). */
  counts: Record<EscalationStatus, number>;
}

interface Cursor { sort: 'age' | 'due'; key: number; id: string }

const cursorSchema = z.object({ sort: z.enum(['age', 'due']), key: z.number().int(), id: z.string() });

/** Cursors are opaque to clients: base64url JSON of the last row's sort key and id. */
function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decodeCursor(text: string, sort: Cursor['sort']): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success) throw badInput('Invalid cursor: pass back the next_cursor of a previous page unchanged.', { cursor: text });
  if (result.data.sort !== sort) throw badInput(`Invalid cursor: it was made for sort=${result.data.sort}, not sort=${sort}.`, { cursor: text });
  return result.data;
}

/** The filter parameters shared by the list and its counts, with the caller's team limits applied. */
function filterParams(principal: Principal, filter: QueueFilter, now: Date) {
  if (filter.team && principal.teams.length > 0 && !principal.teams.includes(filter.team)) {
    throw forbidden(`You may not see team ${filter.team}; your teams are ${principal.teams.join(', ')}.`, { team: filter.team });
  }
  return {
    now: now.toISOString(),
    policy: filter.policy ?? null,
    reason_code: filter.reason_code ?? null,
    team: filter.team ?? null,
    config_version: filter.config_version ?? null,
    owner: filter.owner === 'me' ? principal.id : (filter.owner ?? null),
    severity: filter.severity ?? null,
    overdue: filter.overdue ?? null,
    teams: teamsParam(principal),
  };
}

/** A list row as stored: everything but the clock-dependent age and overdue flag, plus the sort key. */
type ListRow = Omit<QueueItem, 'age_minutes' | 'overdue'> & { sort_key: number };

/**
 * Asks a queue question, keeping the answer until the next write when it does not
 * depend on the clock (no overdue filter): the key is every parameter but `now`.
 */
function ask<T>(db: Executor, name: string, params: ReturnType<typeof filterParams> & Record<string, DuckDBValue>): Promise<T[]> {
  if (params.overdue !== null) return runQuestion<T>(db, name, params);
  // The team list serialises as its items; only the clock is left out.
  const { now: _clock, ...rest } = params;
  const key = JSON.stringify([name, rest]);
  return cachedAnswer(db, key, () => runQuestion<T>(db, name, params));
}

/** One page of the queue as the caller may see it, plus per-status counts. */
export async function listEscalations(db: Executor, principal: Principal, filter: QueueFilter, now = new Date()): Promise<QueuePage> {
  const shared = filterParams(principal, filter, now);
  const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor, filter.sort);
  const [rows, countRows] = await Promise.all([
    ask<ListRow>(db, 'escalation_list', {
      ...shared,
      id: null,
      status: filter.status ?? null,
      sort: filter.sort,
      after_key: after?.key ?? null,
      after_id: after?.id ?? null,
      limit: filter.limit + 1,
    }),
    ask<{ status: EscalationStatus; n: number }>(db, 'escalation_status_counts', shared),
  ]);
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  const next_cursor = rows.length > filter.limit && last ? encodeCursor({ sort: filter.sort, key: last.sort_key, id: last.id }) : null;
  const counts = { queued: 0, claimed: 0, resolved: 0 } as Record<EscalationStatus, number>;
  for (const row of countRows) if (row.status in counts) counts[row.status] = row.n;
  return { items: page.map((row) => asItem(row, now)), next_cursor, counts };
}

/** One escalation in list form (after an action, so clients can redraw its row). */
export async function queueItem(db: Executor, principal: Principal, id: string, now = new Date()): Promise<QueueItem | undefined> {
  const rows = await runQuestion<ListRow>(db, 'escalation_list', {
    ...filterParams(principal, { sort: 'age', limit: 1 }, now),
    id,
    status: null,
    sort: 'age',
    after_key: null,
    after_id: null,
    limit: 1,
  });
  return rows[0] ? asItem(rows[0], now) : undefined;
}

/**
 * A fresh item from a (possibly shared) row, with age and overdue read off the clock:
 * age runs from creation to resolution (or now); only unresolved items past due are overdue.
 */
function asItem(row: ListRow, now: Date): QueueItem {
  const { sort_key: _unused, id, event_id, status, severity, created_at, due_at, ...rest } = row;
  const end = row.resolved_at === null ? now.getTime() : Date.parse(row.resolved_at);
  const age_minutes = (end - Date.parse(created_at)) / 60_000;
  const overdue = status !== 'resolved' && due_at !== null && Date.parse(due_at) < now.getTime();
  return { id, event_id, status, severity, created_at, due_at, age_minutes, overdue, ...rest };
}
