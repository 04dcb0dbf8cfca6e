import { conflict, KtError, notFound } from '../../errors.js';
import type { Principal } from '../../domain/user.js';
import type { Store } from '../database.js';
import { claimEscalation } from './actions.js';
import { listEscalations, queueFilterSchema, type QueueItem } from './list.js';

/**
 * Which queued escalation "the next one" is: the queue's own filters that narrow the work
 * (a reviewer who takes only one policy, one team, the overdue ones) and its order. Status
 * and owner are not among them: the next one is always queued, with no owner.
 */
export const nextFilterSchema = queueFilterSchema
  .pick({ policy: true, reason_code: true, team: true, config_version: true, severity: true, overdue: true, sort: true })
  .strict();

export type NextFilter = ReturnType<typeof nextFilterSchema.parse>;

/** Candidates read per round, and rounds tried, before a reviewer is told to try again. */
const candidates = 10;
const rounds = 3;

/**
 * Claims the first queued escalation the caller may see that matches the filter, in the
 * queue's order (oldest first, or soonest due): the reviewer's "give me the next one".
 * Each attempt is claimEscalation itself (its conditional update and audit entry), so two
 * reviewers asking at once get different items: one that someone else claimed between the
 * read and the claim is skipped for the next candidate. Nothing queued that matches is a
 * not_found naming the filters; losing every candidate of every round is a conflict.
 */
export async function claimNext(store: Store, principal: Principal, filter: NextFilter, now = new Date()): Promise<QueueItem> {
  for (let round = 0; round < rounds; round++) {
    const page = await listEscalations(store, principal, { ...filter, status: 'queued', limit: candidates }, now);
    if (page.items.length === 0) break;
    for (const item of page.items) {
      try {
        return await claimEscalation(store, principal, item.id, now);
      } catch (error) {
        if (!(error instanceof KtError && error.code === 'conflict')) throw error;
      }
    }
  }
  const again = await listEscalations(store, principal, { ...filter, status: 'queued', limit: 1 }, now);
  if (again.items.length > 0) {
    throw conflict(`Others claimed the next ${candidates * rounds} escalations first; ask again for the next one.`, { tried: candidates * rounds });
  }
  throw notFound(`No queued escalation ${scopeInWords(filter)}: there is nothing to claim.`, { status: 'queued', ...withoutOrder(filter) });
}

/** "in your teams", or "in your teams matches policy pii-detector, team support, overdue". */
function scopeInWords(filter: NextFilter): string {
  const parts: string[] = [];
  if (filter.policy !== undefined) parts.push(`policy ${filter.policy}`);
  if (filter.reason_code !== undefined) parts.push(`reason code ${filter.reason_code}`);
  if (filter.team !== undefined) parts.push(`team ${filter.team}`);
  if (filter.config_version !== undefined) parts.push(`config version ${filter.config_version}`);
  if (filter.severity !== undefined) parts.push(`severity ${filter.severity}`);
  if (filter.overdue !== undefined) parts.push(filter.overdue ? 'overdue' : 'not overdue');
  return parts.length > 0 ? `in your teams matches ${parts.join(', ')}` : 'in your teams';
}

function withoutOrder(filter: NextFilter): Record<string, unknown> {
  const { sort: _sort, ...rest } = filter;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}
