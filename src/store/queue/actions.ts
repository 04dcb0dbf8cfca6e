import { badInput, conflict, forbidden } from '../../errors.js';
import type { Resolution } from '../../domain/escalation.js';
import { can, isTeamLimitedAdmin, seesTeam, type Principal } from '../../domain/user.js';
import { appendAudit } from '../audit.js';
import type { Executor, Store } from '../database.js';
import { query } from '../queries.js';
import { userById } from '../users.js';
import { queueItem, type QueueItem } from './list.js';
import { visibleEscalation, type EscalationState } from './visibility.js';

/**
 * The queue's state changes. Each runs in one write transaction: read the row,
 * check the rule, make a conditional UPDATE (which only matches the expected
 * state, so a lost race changes nothing) and append the audit entry. Capability
 * checks (who may review, who may reassign) are the caller's; these check the
 * rules that depend on the item itself (state, owner, team).
 */

const workflowFields = (s: Pick<EscalationState, 'status' | 'claimed_by'>) => ({ status: s.status, claimed_by: s.claimed_by });

async function changed(tx: Executor, name: string, params: Record<string, string | null>): Promise<boolean> {
  return (await tx.rowsChanged(query(name), params)) === 1;
}

/** The 409 for an item someone else got first; details name the current owner. */
function alreadyTaken(state: EscalationState, principal: Principal): Error {
  if (state.status === 'resolved') {
    return conflict(`Escalation ${state.id} is already resolved by ${state.resolved_by ?? 'an upstream reviewer'}; resolved is final.`, { id: state.id, status: state.status, resolved_by: state.resolved_by });
  }
  const whose = state.claimed_by === principal.id ? 'you' : state.claimed_by;
  return conflict(`Escalation ${state.id} is already claimed by ${whose}.`, { id: state.id, status: state.status, owner: state.claimed_by });
}

export async function claimEscalation(store: Store, principal: Principal, id: string, now = new Date()): Promise<QueueItem> {
  await store.transaction((tx) => claimWithin(tx, principal, id, now));
  return afterChange(store, principal, id);
}

/** The claim itself, inside the caller's write transaction. */
export async function claimWithin(tx: Executor, principal: Principal, id: string, now: Date): Promise<void> {
  const state = await visibleEscalation(tx, principal, id);
  if (state.status !== 'queued') throw alreadyTaken(state, principal);
  const at = now.toISOString();
  if (!(await changed(tx, 'escalation_claim', { id, actor: principal.id, now: at }))) throw alreadyTaken(await visibleEscalation(tx, principal, id), principal);
  await appendAudit(tx, [{ actor: principal.id, action: 'claim', target: id, before: workflowFields(state), after: { status: 'claimed', claimed_by: principal.id, claimed_at: at } }]);
}

/** Owner or admin puts a claimed item back in the queue. */
export async function unclaimEscalation(store: Store, principal: Principal, id: string, now = new Date()): Promise<QueueItem> {
  await store.transaction(async (tx) => {
    const state = await visibleEscalation(tx, principal, id);
    if (state.status !== 'claimed') {
      throw conflict(`Escalation ${id} is ${state.status}, not claimed; there is nothing to unclaim.`, { id, status: state.status });
    }
    if (state.claimed_by !== principal.id && !can(principal, 'administer')) {
      throw forbidden(`Escalation ${id} is claimed by ${state.claimed_by}; only they or an admin may unclaim it.`, { id, owner: state.claimed_by });
    }
    if (!(await changed(tx, 'escalation_unclaim', { id, owner: state.claimed_by, now: now.toISOString() }))) throw alreadyTaken(state, principal);
    await appendAudit(tx, [{ actor: principal.id, action: 'unclaim', target: id, before: workflowFields(state), after: { status: 'queued', claimed_by: null, claimed_at: null } }]);
  });
  return afterChange(store, principal, id);
}

/** Only the current owner resolves; resolved is final. */
export async function resolveEscalation(store: Store, principal: Principal, id: string, resolution: Resolution, now = new Date()): Promise<QueueItem> {
  await store.transaction(async (tx) => {
    const state = await visibleEscalation(tx, principal, id);
    if (state.status === 'resolved') throw alreadyTaken(state, principal);
    if (state.status === 'queued') throw conflict(`Escalation ${id} is queued: claim it before resolving it.`, { id, status: state.status });
    if (state.claimed_by !== principal.id) {
      throw forbidden(`Escalation ${id} is claimed by ${state.claimed_by}; only its owner may resolve it.`, { id, owner: state.claimed_by });
    }
    const at = now.toISOString();
    const after = {
      status: 'resolved', claimed_by: principal.id, resolved_by: principal.id, resolved_at: at,
      outcome: resolution.outcome, category: resolution.category, cause: resolution.cause ?? null,
      note: resolution.note, follow_up: resolution.follow_up ?? null,
    };
    const { status: _s, claimed_by: _c, resolved_by: _r, resolved_at: _a, ...fields } = after;
    if (!(await changed(tx, 'escalation_resolve', { id, owner: principal.id, now: at, ...fields }))) throw alreadyTaken(state, principal);
    await appendAudit(tx, [{ actor: principal.id, action: 'resolve', target: id, before: workflowFields(state), after }]);
  });
  return afterChange(store, principal, id);
}

/**
 * Admin: hand an open item to another user (`to`), or with no `to` put someone
 * else's claim back in the queue. The assignee must be an active reviewer (or
 * admin) who may see the item's team.
 */
export async function reassignEscalation(store: Store, principal: Principal, id: string, to: string | undefined, now = new Date()): Promise<QueueItem> {
  await store.transaction(async (tx) => {
    const state = await visibleEscalation(tx, principal, id);
    if (state.status === 'resolved') throw alreadyTaken(state, principal);
    const at = now.toISOString();
    if (to === undefined) {
      if (state.status !== 'claimed') throw conflict(`Escalation ${id} is already queued; name the user to hand it to (--to on the CLI, "to" in the API).`, { id, status: state.status, field: 'to' });
      if (!(await changed(tx, 'escalation_unclaim', { id, owner: state.claimed_by, now: at }))) throw alreadyTaken(state, principal);
      await appendAudit(tx, [{ actor: principal.id, action: 'reassign', target: id, before: workflowFields(state), after: { status: 'queued', claimed_by: null, claimed_at: null } }]);
      return;
    }
    if (state.claimed_by === to) throw conflict(`Escalation ${id} is already claimed by ${to}.`, { id, owner: to });
    const assignee = await userById(tx, to);
    if (!assignee || assignee.revoked_at) throw badInput(`Cannot reassign to ${to}: no active user has that id.`, { field: 'to', to });
    const assigneePrincipal = { id: assignee.id, role: assignee.role, teams: assignee.teams };
    // An older store's admin limited to teams cannot sign in (see isTeamLimitedAdmin): the item would be stuck with them.
    if (isTeamLimitedAdmin(assigneePrincipal)) throw badInput(`Cannot reassign to ${to}: they are an admin limited to teams, whose token kt refuses.`, { field: 'to', to });
    if (!can(assigneePrincipal, 'review')) throw badInput(`Cannot reassign to ${to}: their role ${assignee.role} does not review escalations.`, { field: 'to', to });
    if (!seesTeam(assigneePrincipal, state.team)) throw badInput(`Cannot reassign to ${to}: they may not see team ${state.team ?? '(none)'}.`, { field: 'to', to, team: state.team });
    if (!(await changed(tx, 'escalation_assign', { id, assignee: to, now: at }))) throw alreadyTaken(state, principal);
    await appendAudit(tx, [{ actor: principal.id, action: 'reassign', target: id, before: workflowFields(state), after: { status: 'claimed', claimed_by: to, claimed_at: at } }]);
  });
  return afterChange(store, principal, id);
}

/** The item as the list shows it, after a change (so clients can redraw its row). */
export async function afterChange(store: Store, principal: Principal, id: string): Promise<QueueItem> {
  const item = await queueItem(store, principal, id);
  if (!item) throw new Error(`Escalation ${id} vanished after a change`);
  return item;
}
