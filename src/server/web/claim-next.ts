import { Hono } from 'hono';
import { z } from 'zod';
import { KtError } from '../../errors.js';
import { claimNext, nextFilterSchema } from '../../store/queue/index.js';
import { verifyCsrf } from './csrf.js';
import { needsReview } from './escalation-page.js';
import type { WebEnv } from './session.js';

/** The queue's filters as its "Claim the next one" form carries them (empty: any). */
const nextFormSchema = z.object({
  policy: z.string().max(200).default(''),
  reason_code: z.string().max(200).default(''),
  team: z.string().max(200).default(''),
  config_version: z.string().max(200).default(''),
  show: z.string().max(20).default(''),
  sort: z.enum(['age', 'due']).catch('age'),
});

type NextForm = z.output<typeof nextFormSchema>;

/** Why no item was claimed, as the queue page says it (fixed texts: nothing from the URL is echoed). */
export const claimNextNotices: Record<string, string> = {
  none_left: 'Nothing left to claim: no queued escalation matches these filters.',
};

/**
 * POST /claim-next: the reviewer's "next one, please". It claims the oldest (or soonest due)
 * queued escalation of the reviewer's teams that matches the queue's filters and opens it, or
 * goes back to the queue with those filters, saying why there was none. A filter the store
 * refuses (a team that no longer exists) is the queue page's to explain.
 */
export function claimNextRouter(): Hono<WebEnv> {
  const router = new Hono<WebEnv>();
  router.post('/claim-next', verifyCsrf, async (c) => {
    needsReview(c);
    const form = nextFormSchema.parse(await c.req.parseBody());
    const filter = nextFilterSchema.safeParse({
      policy: form.policy || undefined,
      reason_code: form.reason_code || undefined,
      team: form.team || undefined,
      config_version: form.config_version || undefined,
      overdue: form.show === 'overdue' ? 'true' : undefined,
      sort: form.sort,
    });
    if (!filter.success) return c.redirect(queueLink(form), 303);
    try {
      const item = await claimNext(c.var.store, c.var.principal, filter.data);
      return c.redirect(`/escalations/${encodeURIComponent(item.id)}?done=claimed`, 303);
    } catch (error) {
      if (!(error instanceof KtError)) throw error;
      if (error.code === 'not_found') return c.redirect(queueLink(form, 'none_left'), 303);
      if (error.code === 'bad_input') return c.redirect(queueLink(form), 303);
      throw error;
    }
  });
  return router;
}

/** The queue of queued items with the form's filters (and why nothing was claimed). */
function queueLink(form: NextForm, done?: string): string {
  const params = new URLSearchParams({ status: 'queued' });
  for (const field of ['policy', 'reason_code', 'team', 'config_version'] as const) if (form[field]) params.set(field, form[field]);
  if (form.show === 'overdue') params.set('show', 'overdue');
  if (form.sort === 'due') params.set('sort', 'due');
  if (done) params.set('done', done);
  return `/?${params}`;
}
