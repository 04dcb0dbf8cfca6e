import { notFound } from '../../errors.js';
import type { Principal } from '../../domain/user.js';
import type { Store } from '../database.js';
import { afterChange, claimWithin } from './actions.js';
import { firstInQueue, listEscalations, queueFilterSchema, type QueueItem } from './list.js';

/**
 * Which queued escalation "the next one" is: the queue's own filters that narrow the work
 * (a reviewer who takes only one policy, one team, the overdue ones) and its order. Status
 * and owner are not among them: the next one is always queued, with no owner.
 */
export const nextFilterSchema = queueFilterSchema
  .pick({ policy: true, reason_code: true, team: true, config_version: true, severity: true, overdue: true, sort: true })
  .strict();

export type NextFilter = ReturnType<typeof nextFilterSchema.parse>;

/**
 * Claims the first queued escalation the caller may see that matches the filter, in the
 * queue's order (oldest first, or soonest due): the reviewer's "give me the next one".
 * The item is chosen inside the claim's own write transaction, and this process's writes
 * run one at a time (the store file is its alone), so reviewers asking at once each get a
 * different item without retrying: no one can claim the chosen one in between. Nothing
 * queued that matches is a not_found naming the filters.
 */
export async function claimNext(store: Store, principal: Principal, filter: NextFilter, now = new Date()): Promise<QueueItem> {
  const queued = { ...filter, status: 'queued' as const, limit: 1 };
  const nothing = () => notFound(`No queued escalation ${scopeInWords(filter)}: there is nothing to claim.`, { status: 'queued', ...withoutOrder(filter) });
  // An empty queue is told from the kept list, without waiting for the one writer: once the
  // work is done, reviewers asking again must not queue up behind each other's claims.
  if ((await listEscalations(store, principal, queued, now)).items.length === 0) throw nothing();
  const id = await store.transaction(async (tx) => {
    const first = await firstInQueue(tx, principal, queued, now);
    if (first === undefined) throw nothing();
    await claimWithin(tx, principal, first, now);
    return first;
  });
  return afterChange(store, principal, id);
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
