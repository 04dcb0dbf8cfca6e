import { z } from 'zod';
import { auditActions, type AuditEntry } from '../domain/audit.js';
import { wholeNumber } from '../domain/numbers.js';
import { resolveTimeWindow } from '../domain/time-window.js';
import type { Principal } from '../domain/user.js';
import type { Executor } from './database.js';
import { query } from './queries.js';
import { teamsParam } from './queue/visibility.js';

const text = (most: number) => z.string().trim().min(1, 'must not be empty').max(most, `must be at most ${most} characters`);

/** Filters of the audit log, as a query string or CLI flags give them (text; numbers coerced). */
export const auditFilterSchema = z
  .object({
    actor: text(200).optional(),
    action: z.enum(auditActions, { error: `must be one of ${auditActions.join(', ')}` }).optional(),
    /** An escalation id, a user id, `evidence:PACK_ID`, a file, a config version. */
    target: text(1000).optional(),
    /** A duration back from now (24h, 7d) or an RFC 3339 time. */
    since: text(100).optional(),
    until: text(100).optional(),
    /** The cursor: only entries older than this sequence number (the previous page's `next_before`). */
    before: wholeNumber({ min: 1 }).optional(),
    limit: wholeNumber({ min: 1, max: 500 }).default(50),
  })
  .strict();

export type AuditFilter = z.output<typeof auditFilterSchema>;

export interface AuditPage {
  /** Newest first. */
  entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  next_before: number | null;
}

interface Row extends Omit<AuditEntry, 'before' | 'after'> {
  before: string | null;
  after: string | null;
}

/**
 * One page of the audit log, newest first. A viewer limited to teams sees only the entries
 * about escalations of their teams (users, ingests, configs and packs are not a team's),
 * exactly the entries the escalation pages show them.
 */
export async function searchAudit(db: Executor, viewer: Principal | 'everyone', filter: AuditFilter, now = new Date()): Promise<AuditPage> {
  // Worded for the command line (`--since`); the API says its query keys, the web page its labels.
  const window = resolveTimeWindow(filter, now);
  const rows = await db.all<Row>(query('audit_search'), {
    actor: filter.actor ?? null,
    action: filter.action ?? null,
    target: filter.target ?? null,
    since: window.since?.toISOString() ?? null,
    until: window.until?.toISOString() ?? null,
    before: filter.before ?? null,
    teams: viewer === 'everyone' ? null : teamsParam(viewer),
    limit: filter.limit,
  });
  const entries = rows.slice(0, filter.limit).map((r) => ({
    ...r,
    seq: Number(r.seq),
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
  }));
  return { entries, next_before: rows.length > filter.limit ? entries[entries.length - 1]!.seq : null };
}

/** Everyone with audit entries the viewer may see (the audit page's actor choices). */
export async function auditActors(db: Executor, viewer: Principal): Promise<string[]> {
  const rows = await db.all<{ actor: string }>(query('audit_actors'), { teams: teamsParam(viewer) });
  return rows.map((r) => r.actor);
}
