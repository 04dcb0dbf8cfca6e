import type { DuckDBValue } from '@duckdb/node-api';
import { z } from 'zod';
import { badInput, forbidden } from '../../errors.js';
import { escalationStatuses, severities, type EscalationStatus, type Severity } from '../../domain/escalation.js';
import { wholeNumber } from '../../domain/numbers.js';
import { seesTeam, type Principal } from '../../domain/user.js';
import { refuseUnknownTeams } from '../../analytics/known-scope.js';
import { runQuestion } from '../../analytics/run.js';
import type { Executor } from '../database.js';
import { cachedAnswer } from '../answer-cache.js';
import { overdueWindow } from './clock-window.js';
import { teamsParam } from './visibility.js';

const text = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

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
    limit: wholeNumber({ min: 1, max: 500 }).default(50),
    cursor: z.string().max(500, 'must be at most 500 characters: pass back the next_cursor of a previous page unchanged').optional(),
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
 * A list row as kept between requests: the row, the instants its age and overdue flag
 * are read from, and (once asked for) its JSON text around those two clock fields.
 */
interface KeptRow {
  row: ListRow;
  createdMs: number;
  dueMs: number | null;
  /** Resolution time, or null while unresolved (age then runs to now). */
  resolvedMs: number | null;
  text?: { head: Buffer; tail: Buffer };
}

function keptRow(row: ListRow): KeptRow {
  return {
    row,
    createdMs: Date.parse(row.created_at),
    dueMs: row.due_at === null ? null : Date.parse(row.due_at),
    resolvedMs: row.resolved_at === null ? null : Date.parse(row.resolved_at),
  };
}

type QuestionParams = ReturnType<typeof filterParams> & Record<string, DuckDBValue>;

/**
 * Asks a queue question, keeping the answer (shaped once by `shape`) until the next
 * write. The key is every parameter but `now`; a question with the overdue filter
 * reads the clock, so its key also names the overdue window `now` falls in (an
 * answer holds for the whole window, see clock-window).
 */
async function ask<Row, Kept>(db: Executor, name: string, params: QuestionParams, shape: (rows: Row[]) => Kept): Promise<Kept> {
  const question = () => runQuestion<Row>(db, name, params).then(shape);
  // The team list serialises as its items; only the clock is left out.
  const { now: clock, ...rest } = params;
  let window: string | undefined;
  if (params.overdue !== null) {
    window = await overdueWindow(db, new Date(clock));
    if (window === undefined) return question();
  }
  return cachedAnswer(db, JSON.stringify([name, rest, window ?? null]), question);
}

interface KeptPage {
  rows: KeptRow[];
  next_cursor: string | null;
  /** Shared between requests: copy before handing out. */
  counts: Record<EscalationStatus, number>;
}

async function keptPage(db: Executor, principal: Principal, filter: QueueFilter, now: Date): Promise<KeptPage> {
  // Another team is refused (403) before a team is looked up, so a limited caller learns only of their own.
  const shared = filterParams(principal, filter, now);
  const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor, filter.sort);
  // A misspelt team would list nothing, which reads like "nothing to do". Only a named team
  // is looked up, and its answer is kept until the next write, as the page is.
  if (filter.team !== undefined) await refuseUnknownTeams(db, [filter.team], principal);
  const [rows, counts] = await Promise.all([
    ask(db, 'escalation_list', {
      ...shared,
      status: filter.status ?? null,
      sort: filter.sort,
      after_key: after?.key ?? null,
      after_id: after?.id ?? null,
      limit: filter.limit + 1,
    }, (listed: ListRow[]) => listed.map(keptRow)),
    ask(db, 'escalation_status_counts', shared, statusCounts),
  ]);
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1)?.row;
  const next_cursor = rows.length > filter.limit && last ? encodeCursor({ sort: filter.sort, key: last.sort_key, id: last.id }) : null;
  return { rows: page, next_cursor, counts };
}

/**
 * The id of the queue's first item that matches, in its order, asked afresh (no kept answer,
 * no counts): inside a write transaction, the item a claim of the next one takes.
 */
export async function firstInQueue(db: Executor, principal: Principal, filter: QueueFilter, now = new Date()): Promise<string | undefined> {
  const shared = filterParams(principal, filter, now);
  if (filter.team !== undefined) await refuseUnknownTeams(db, [filter.team], principal);
  const [row] = await runQuestion<ListRow>(db, 'escalation_list', {
    ...shared, status: filter.status ?? null, sort: filter.sort, after_key: null, after_id: null, limit: 1,
  });
  return row?.id;
}

/** One page of the queue as the caller may see it, plus per-status counts. */
export async function listEscalations(db: Executor, principal: Principal, filter: QueueFilter, now = new Date()): Promise<QueuePage> {
  const page = await keptPage(db, principal, filter, now);
  const nowMs = now.getTime();
  return { items: page.rows.map((kept) => asItem(kept, nowMs)), next_cursor: page.next_cursor, counts: { ...page.counts } };
}

/**
 * The same page as UTF-8 JSON, exactly `JSON.stringify(await listEscalations(…))`, for
 * the HTTP API: each kept row's bytes are encoded once and only its age and overdue flag
 * are written per request. Serialising 50 full items was once the largest cost of a
 * request answered from kept rows; after that, measuring the joined text's UTF-8 length
 * and encoding it again for the socket were (request excerpts are rarely plain ASCII).
 */
export async function listEscalationsJson(db: Executor, principal: Principal, filter: QueueFilter, now = new Date()): Promise<Uint8Array<ArrayBuffer>> {
  const page = await keptPage(db, principal, filter, now);
  const nowMs = now.getTime();
  const parts: Buffer[] = [pageStart];
  page.rows.forEach((kept, i) => {
    const text = (kept.text ??= itemText(kept.row));
    const clock = itemClock(kept, nowMs);
    parts.push(text.head, Buffer.from(`${JSON.stringify(clock.age_minutes)},"overdue":${clock.overdue}`, 'latin1'), text.tail);
    if (i < page.rows.length - 1) parts.push(comma);
  });
  parts.push(Buffer.from(`],"next_cursor":${JSON.stringify(page.next_cursor)},"counts":${JSON.stringify(page.counts)}}`, 'utf8'));
  // Buffer.concat allocates a fresh (never shared) ArrayBuffer.
  return Buffer.concat(parts) as Uint8Array<ArrayBuffer>;
}

const pageStart = Buffer.from('{"items":[');
const comma = Buffer.from(',');

function statusCounts(rows: { status: EscalationStatus; n: number }[]): Record<EscalationStatus, number> {
  const counts = { queued: 0, claimed: 0, resolved: 0 } as Record<EscalationStatus, number>;
  for (const row of rows) if (row.status in counts) counts[row.status] = row.n;
  return counts;
}

/** One escalation in list form (after an action, so clients can redraw its row). */
export async function queueItem(db: Executor, principal: Principal, id: string, now = new Date()): Promise<QueueItem | undefined> {
  const [row] = await runQuestion<ListRow>(db, 'queue_item', { id });
  return row && seesTeam(principal, row.team) ? asItem(keptRow(row), now.getTime()) : undefined;
}

/** The fields of an item before its clock fields, and after them (the JSON text keeps this order). */
type ItemHead = Pick<QueueItem, 'id' | 'event_id' | 'status' | 'severity' | 'created_at' | 'due_at'>;
type ItemTail = Omit<QueueItem, keyof ItemHead | 'age_minutes' | 'overdue'>;

/**
 * Age and overdue read off the clock: age runs from creation to resolution (or now);
 * only unresolved items past due are overdue.
 */
function itemClock(kept: KeptRow, nowMs: number): Pick<QueueItem, 'age_minutes' | 'overdue'> {
  return {
    age_minutes: ((kept.resolvedMs ?? nowMs) - kept.createdMs) / 60_000,
    overdue: kept.row.status !== 'resolved' && kept.dueMs !== null && kept.dueMs < nowMs,
  };
}

/** A fresh item from a (possibly shared) row; built field by field, so every item has one shape. */
function asItem(kept: KeptRow, nowMs: number): QueueItem {
  return { ...itemHead(kept.row), ...itemClock(kept, nowMs), ...itemTail(kept.row) };
}

function itemHead(row: ListRow): ItemHead {
  return { id: row.id, event_id: row.event_id, status: row.status, severity: row.severity, created_at: row.created_at, due_at: row.due_at };
}

function itemTail(row: ListRow): ItemTail {
  return {
    owner: row.owner,
    claimed_at: row.claimed_at,
    reviewer: row.reviewer,
    resolved_at: row.resolved_at,
    routed: row.routed,
    origin: row.origin,
    outcome: row.outcome,
    category: row.category,
    cause: row.cause,
    follow_up: row.follow_up,
    policy: row.policy,
    reason_code: row.reason_code,
    team: row.team,
    config_id: row.config_id,
    config_version: row.config_version,
    provider: row.provider,
    model: row.model,
    request_excerpt: row.request_excerpt,
  };
}

/** An item's UTF-8 JSON up to `"age_minutes":` and from just after its overdue flag. */
function itemText(row: ListRow): { head: Buffer; tail: Buffer } {
  return {
    head: Buffer.from(`${JSON.stringify(itemHead(row)).slice(0, -1)},"age_minutes":`),
    tail: Buffer.from(`,${JSON.stringify(itemTail(row)).slice(1)}`),
  };
}
