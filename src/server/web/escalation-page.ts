import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { KtError } from '../../errors.js';
import { resolutionSchema } from '../../domain/escalation.js';
import { can, type Principal } from '../../domain/user.js';
import { parseEventFilter } from '../../events/filter.js';
import { eventSources, type EventSources } from '../../events/summary.js';
import type { Executor } from '../../store/database.js';
import { claimEscalation, claimNext, escalationDetail, reassignEscalation, resolveEscalation, unclaimEscalation } from '../../store/queue/index.js';
import { assigneesFor } from './assignees.js';
import { verifyCsrf } from './csrf.js';
import { aroundFilter, escalationView, type PageMessages, type ResolveDraft } from './escalation-view.js';
import { quickPresets, type QuickPreset } from './labels.js';
import { renderPage } from './page.js';
import { escalationHref, isFiltered, leftOutSentence, nextFilterOf, readQueueContext, type QueueContext } from './queue-context.js';
import type { WebEnv } from './session.js';

const idSchema = z.string().min(1).max(200);

/** What a redirect after a successful action says on the page (fixed texts: nothing from the URL is echoed). */
const doneNotices: Record<string, string> = {
  claimed: 'You claimed this escalation. Read the linked event and its pattern, then resolve it.',
  unclaimed: 'You put this escalation back in the queue.',
  resolved: 'Resolved. The decision and your note are recorded in the audit trail.',
  resolved_next: 'Resolved the last one; its decision and your note are in the audit trail. This is the next, claimed for you.',
  resolved_none: 'Resolved. The decision and your note are recorded in the audit trail. Nothing is left to claim in your teams.',
  resolved_none_filtered: 'Resolved. The decision and your note are recorded in the audit trail. Nothing is left to claim that matches your queue\u2019s filters.',
  reassigned: 'Reassigned. The new owner finds it claimed by them in their queue; the audit trail records the hand-over.',
};

const reassignFormSchema = z.object({ to: z.string().max(200).default('') });

const resolveFormSchema = z.object({
  outcome: z.string().max(50).default(''),
  category: z.string().max(50).default(''),
  cause: z.string().max(50).default(''),
  follow_up: z.string().max(50).default(''),
  note: z.string().max(20_000).default(''),
  confirm: z.string().max(10).optional(),
  /** `next`: the "Resolve and claim the next one" button. */
  then: z.string().max(10).optional(),
});

/** Friendlier words for a missing choice than the schema's "must be one of …". */
const missingChoice: Record<string, string> = {
  outcome: 'Choose an outcome: approved (the interaction was fine) or denied (the flag was right).',
  category: 'Choose a category.',
  cause: 'A false positive needs a cause: policy logic (tune the rule) or detector data (leave the rule alone).',
  follow_up: 'Choose a follow-up.',
};

async function showEscalation(c: Context<WebEnv>, id: string, context: QueueContext, draft: ResolveDraft, messages: PageMessages, status = 200, preset?: QuickPreset): Promise<Response> {
  const principal = c.var.principal;
  const detail = await escalationDetail(c.var.store, principal, id);
  const x = detail.escalation;
  // An admin may hand an open item to someone else: the page offers whom reassignEscalation accepts.
  const [assignees, around] = await Promise.all([
    can(principal, 'administer') && x.status !== 'resolved' ? assigneesFor(c.var.store, x) : [],
    aroundSources(c.var.store, principal, detail.event),
  ]);
  return renderPage(c, 'pages/escalation', escalationView(detail, principal, context, draft, messages, preset, assignees, around), status);
}

/**
 * Where the flagged events like this one come from (its policy and reason code, a day either
 * side, the viewer's teams): the counts beside the "Events like this one" link. None when the
 * event's values cannot make a filter (a policy name over the filter's 200 characters).
 */
async function aroundSources(store: Executor, principal: Principal, event: Parameters<typeof aroundFilter>[0]): Promise<EventSources | undefined> {
  try {
    return await eventSources(store, parseEventFilter({ ...aroundFilter(event), visibleTeams: principal.teams }));
  } catch (error) {
    if (error instanceof KtError && error.code === 'bad_input') return undefined;
    throw error;
  }
}

/** A refusal of the workflow (someone else claimed it first, not yours, already resolved) shown on the item's page. */
async function refusedAction(c: Context<WebEnv>, id: string, context: QueueContext, error: unknown, draft: ResolveDraft = {}): Promise<Response> {
  if (error instanceof KtError && (error.code === 'conflict' || error.code === 'forbidden' || error.code === 'bad_input')) {
    // A refused reassignment names the person chosen (`to`): said beside the select too.
    const fieldErrors = error.details.field === 'to' ? { to: error.message } : undefined;
    return showEscalation(c, id, context, draft, { refusal: error.message, ...(fieldErrors && { fieldErrors }) }, error.httpStatus);
  }
  throw error;
}

/** Claim, unclaim and resolve need the review capability; other roles read the queue only. */
export function needsReview(c: Context<WebEnv>): void {
  const principal = c.var.principal;
  if (!can(principal, 'review')) {
    throw new KtError('forbidden', `Your role ${principal.role} may read escalations but not claim, unclaim or resolve them.`, { role: principal.role });
  }
}

/** The queue the page was opened from, as a posted form carries it back (what cannot be read is left out). */
async function postedContext(c: Context<WebEnv>): Promise<QueueContext> {
  return readQueueContext(await c.req.parseBody()).context;
}

export function escalationRouter(): Hono<WebEnv> {
  const router = new Hono<WebEnv>();

  router.get('/escalations/:id', async (c) => {
    const id = idSchema.parse(c.req.param('id'));
    const done = c.req.query('done');
    const quick = c.req.query('quick');
    const preset = quick !== undefined && quick in quickPresets ? (quick as QuickPreset) : undefined;
    // A queue context the link garbles is left out and said, as the queue page says it.
    const { context, leftOutReasons } = readQueueContext(c.req.query());
    const refusal = leftOutReasons.length > 0 ? `${leftOutSentence} ${leftOutReasons.join('; ')}.` : undefined;
    const notice = done !== undefined && Object.hasOwn(doneNotices, done) ? doneNotices[done] : undefined;
    return showEscalation(c, id, context, {}, { notice, refusal }, refusal ? 400 : 200, preset);
  });

  router.post('/escalations/:id/claim', verifyCsrf, async (c) => {
    const id = idSchema.parse(c.req.param('id'));
    needsReview(c);
    const context = await postedContext(c);
    try {
      await claimEscalation(c.var.store, c.var.principal, id);
    } catch (error) {
      return refusedAction(c, id, context, error);
    }
    return c.redirect(escalationHref(id, context, 'claimed'), 303);
  });

  router.post('/escalations/:id/unclaim', verifyCsrf, async (c) => {
    const id = idSchema.parse(c.req.param('id'));
    needsReview(c);
    const context = await postedContext(c);
    try {
      await unclaimEscalation(c.var.store, c.var.principal, id);
    } catch (error) {
      return refusedAction(c, id, context, error);
    }
    return c.redirect(escalationHref(id, context, 'unclaimed'), 303);
  });

  router.post('/escalations/:id/reassign', verifyCsrf, async (c) => {
    const id = idSchema.parse(c.req.param('id'));
    const principal = c.var.principal;
    if (!can(principal, 'administer')) throw new KtError('forbidden', `Your role ${principal.role} may not reassign escalations; an admin can.`, { role: principal.role });
    const { to } = reassignFormSchema.parse(await c.req.parseBody());
    const context = await postedContext(c);
    if (to === '') return showEscalation(c, id, context, {}, { refusal: 'Choose whom to hand it to.', fieldErrors: { to: 'Choose whom to hand it to.' } }, 400);
    try {
      await reassignEscalation(c.var.store, principal, id, to);
    } catch (error) {
      return refusedAction(c, id, context, error);
    }
    return c.redirect(escalationHref(id, context, 'reassigned'), 303);
  });

  router.post('/escalations/:id/resolve', verifyCsrf, async (c) => {
    const id = idSchema.parse(c.req.param('id'));
    needsReview(c);
    const body = await c.req.parseBody();
    const form = resolveFormSchema.parse(body);
    const draft: ResolveDraft = { ...form, confirm: form.confirm === 'yes' };
    const { context, leftOutReasons } = readQueueContext(body);
    // Without JavaScript the cause choice is always on the page; it only counts for a false positive.
    const cause = form.category === 'false_positive' ? form.cause || undefined : undefined;
    const parsed = resolutionSchema.safeParse({
      outcome: form.outcome || undefined,
      category: form.category || undefined,
      cause,
      note: form.note,
      follow_up: form.follow_up && form.follow_up !== 'none' ? form.follow_up : undefined,
    });
    const fieldErrors: Record<string, string> = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'note');
        const value = (form as Record<string, unknown>)[field];
        fieldErrors[field] ??= value === '' && missingChoice[field] ? missingChoice[field] : sentence(field, issue.message);
      }
    }
    if (!draft.confirm) fieldErrors.confirm = 'Tick the box to confirm: a resolved escalation cannot be reopened.';
    if (!parsed.success || !draft.confirm) {
      const refusal = `Not resolved yet: ${Object.values(fieldErrors).join(' ')}`;
      return showEscalation(c, id, context, draft, { refusal, fieldErrors }, 400);
    }
    // The next one is claimed with these filters: one that cannot be read would widen it, so nothing is done yet.
    if (form.then === 'next' && leftOutReasons.length > 0) {
      return showEscalation(c, id, context, draft, { refusal: `Not resolved yet: a filter of the queue you came from could not be read (${leftOutReasons.join('; ')}). Open the item from the queue again.` }, 400);
    }
    try {
      await resolveEscalation(c.var.store, c.var.principal, id, parsed.data);
    } catch (error) {
      return refusedAction(c, id, context, error, draft);
    }
    if (form.then === 'next') return c.redirect(await nextAfterResolving(c, id, context), 303);
    return c.redirect(escalationHref(id, context, 'resolved'), 303);
  });

  return router;
}

/**
 * After "Resolve and claim the next one": the next item of the queue the reviewer came from,
 * claimed; or the resolved one, saying why there is none.
 */
async function nextAfterResolving(c: Context<WebEnv>, resolvedId: string, context: QueueContext): Promise<string> {
  const none = escalationHref(resolvedId, context, isFiltered(context) ? 'resolved_none_filtered' : 'resolved_none');
  const filter = nextFilterOf(context);
  if (filter === undefined) return none;
  try {
    const next = await claimNext(c.var.store, c.var.principal, filter);
    return escalationHref(next.id, context, 'resolved_next');
  } catch (error) {
    if (!(error instanceof KtError && (error.code === 'not_found' || error.code === 'bad_input'))) throw error;
    return none;
  }
}

/** "note is too short: …" reads well as is; "must be one of …" needs its field named. */
function sentence(field: string, message: string): string {
  const text = message.startsWith(field) ? message : `${field.replace('_', ' ')} ${message}`;
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
