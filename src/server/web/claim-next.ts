import { Hono } from 'hono';
import { KtError } from '../../errors.js';
import { claimNext } from '../../store/queue/index.js';
import { verifyCsrf } from './csrf.js';
import { needsReview } from './escalation-page.js';
import { escalationHref, nextFilterOf, queueHref, readQueueContext, type QueueContext } from './queue-context.js';
import type { WebEnv } from './session.js';

/** Why no item was claimed, as the queue page says it (fixed texts: nothing from the URL is echoed). */
export const claimNextNotices: Record<string, string> = {
  none_left: 'Nothing left to claim: no queued escalation matches these filters.',
};

/**
 * POST /claim-next: the reviewer's "next one, please". It claims the oldest (or soonest due)
 * queued escalation of the reviewer's teams that matches the queue's filters and opens it,
 * keeping that queue for the item's page; or goes back to the queue's queued items, saying
 * why there was none. A filter the store refuses (a team that no longer exists) is the queue
 * page's to explain; one that cannot be read is refused, never dropped: without it the claim
 * would reach wider than the reviewer asked.
 */
export function claimNextRouter(): Hono<WebEnv> {
  const router = new Hono<WebEnv>();
  router.post('/claim-next', verifyCsrf, async (c) => {
    needsReview(c);
    const { context, leftOutReasons } = readQueueContext(await c.req.parseBody());
    if (leftOutReasons.length > 0) throw new KtError('bad_input', `Nothing claimed: a filter of the form could not be read (${leftOutReasons.join('; ')}).`);
    const filter = nextFilterOf(context);
    if (filter === undefined) return c.redirect(queuedOf(context), 303);
    try {
      const item = await claimNext(c.var.store, c.var.principal, filter);
      return c.redirect(escalationHref(item.id, context, 'claimed'), 303);
    } catch (error) {
      if (!(error instanceof KtError)) throw error;
      if (error.code === 'not_found') return c.redirect(queuedOf(context, 'none_left'), 303);
      if (error.code === 'bad_input') return c.redirect(queuedOf(context), 303);
      throw error;
    }
  });
  return router;
}

/** The queued items of the same queue: where "nothing left" is plain to see. */
function queuedOf(context: QueueContext, done?: string): string {
  const { show } = context;
  return queueHref({ ...context, status: 'queued', show: show === 'overdue' ? show : '' }, done);
}
