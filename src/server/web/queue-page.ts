import { Hono } from 'hono';
import { escalationStatuses, type EscalationStatus } from '../../domain/escalation.js';
import { can, type Principal } from '../../domain/user.js';
import { queueFilterChoices } from '../../store/filter-choices.js';
import { KtError } from '../../errors.js';
import type { Executor } from '../../store/database.js';
import { listEscalations, queueFilterSchema, type QueueFilter, type QueueItem, type QueuePage } from '../../store/queue/index.js';
import { claimNextNotices } from './claim-next.js';
import { contextInputs, escalationHref, isFiltered, leftOutSentence, readQueueForm, type QueueContext, type QueueForm } from './queue-context.js';
import { fieldErrorsOf, refusedField, type FieldErrors } from './field-errors.js';
import { label } from './labels.js';
import { renderPage } from './page.js';
import type { WebEnv } from './session.js';

export const pageSize = 25;

/**
 * The status the page lists. "Unclaimed" is the queued items. "Claimed by me" under the form's
 * first status, queued, would always be empty (a queued item has no owner): it lists the
 * reviewer's claimed items, which is what they asked for.
 */
function statusOf(form: QueueForm): '' | EscalationStatus {
  if (form.show === 'unclaimed') return 'queued';
  const status = form.status ?? 'queued';
  return form.show === 'mine' && status === 'queued' ? 'claimed' : status;
}

/** Turns the form into the queue API's filter (the same one `GET /api/escalations` takes). */
function filterOf(form: QueueForm): QueueFilter {
  const status = statusOf(form);
  return queueFilterSchema.parse({
    status: status || undefined,
    policy: form.policy || undefined,
    reason_code: form.reason_code || undefined,
    team: form.team || undefined,
    config_version: form.config_version || undefined,
    owner: form.show === 'mine' ? 'me' : undefined,
    overdue: form.show === 'overdue' ? 'true' : undefined,
    sort: form.sort,
    limit: String(pageSize),
    cursor: form.cursor,
  });
}

/** A query string for the same filters with some fields changed (status tabs, next page). */
function linkWith(form: QueueForm, changes: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  const base: Record<string, string | undefined> = {
    status: form.status, policy: form.policy, reason_code: form.reason_code, team: form.team,
    config_version: form.config_version, show: form.show, sort: form.sort === 'age' ? undefined : form.sort,
  };
  for (const [key, value] of Object.entries({ ...base, ...changes })) {
    if (value !== undefined && (value !== '' || key === 'status')) params.set(key, value);
  }
  const text = params.toString();
  return text ? `/?${text}` : '/';
}

function rowOf(item: QueueItem, me: string, now: Date, context: QueueContext) {
  const dueInMinutes = item.due_at ? (Date.parse(item.due_at) - now.getTime()) / 60_000 : undefined;
  return {
    ...item,
    dueIn: dueInMinutes,
    overdueBy: dueInMinutes === undefined ? undefined : -dueInMinutes,
    // The item's page keeps this queue, for its way back and for the next one after it.
    href: escalationHref(item.id, context),
    ownerIsMe: item.owner === me,
    reviewerIsMe: item.reviewer === me,
    outcomeLabel: label(item.outcome, true),
    categoryLabel: label(item.category),
  };
}

/**
 * The queue for the form, leaving out what the store refuses in it and saying so: a team no
 * event belongs to (a misspelt or stale link; the team's menu offers none such) shows the queue
 * of all the caller's teams, and a cursor kt did not give out shows the first page. Leaving a
 * team out also starts again from the first page: a cursor belongs to the list it came from.
 */
async function listedQueue(store: Executor, principal: Principal, form: QueueForm, now: Date): Promise<{ queue: QueuePage; refusals: string[]; leftOutReasons: string[]; fieldErrors: FieldErrors }> {
  const refusals: string[] = [];
  const leftOutReasons: string[] = [];
  let fieldErrors: FieldErrors = {};
  for (;;) {
    try {
      return { queue: await listEscalations(store, principal, filterOf(form), now), refusals, leftOutReasons, fieldErrors };
    } catch (error) {
      if (!(error instanceof KtError && error.code === 'bad_input')) throw error;
      if (form.team !== '' && refusedField(error) === 'team') {
        refusals.push(`${error.message} The queue is shown for all your teams.`);
        // Beside the menu, short: the menu itself lists the teams the top message names.
        fieldErrors = fieldErrorsOf('queue', 'team', `No event belongs to team ${form.team}; choose one from the list.`);
        form.team = '';
      } else if (form.cursor !== undefined) {
        leftOutReasons.push('the page link is not one kt gave out, so this is the first page');
      } else {
        throw error;
      }
      form.cursor = undefined;
      form.page = 1;
    }
  }
}

const selectOf = (values: string[], chosen: string) => values.map((value) => ({ value, selected: value === chosen }));

export function queueRouter(): Hono<WebEnv> {
  const router = new Hono<WebEnv>();
  router.get('/', async (c) => {
    const query = c.req.query();
    const read = readQueueForm(query);
    const form = read.form;
    const principal = c.var.principal;
    const store = c.var.store;
    const now = new Date();
    const { queue, refusals, leftOutReasons, fieldErrors } = await listedQueue(store, principal, form, now);
    // After listing: a team the store refused is no longer part of the queue shown.
    const { cursor: _cursor, page: _page, ...context } = form;
    const done = c.req.query('done') ?? '';
    // Everything left out of the link in one sentence, then what the store refused.
    const reasons = [...read.leftOutReasons, ...leftOutReasons];
    const refusal = [reasons.length > 0 ? `${leftOutSentence} ${reasons.join('; ')}.` : '', ...refusals].filter(Boolean).join(' ');
    const choices = await queueFilterChoices(store, principal);
    const statusValue = statusOf(form);
    const total = queue.counts.queued + queue.counts.claimed + queue.counts.resolved;
    const firstRow = (form.page - 1) * pageSize + 1;
    return renderPage(c, 'pages/queue', {
      title: 'Escalation queue',
      items: queue.items.map((item) => rowOf(item, principal.id, now, context)),
      tabs: [
        // "Claimed by me" has no queued items (a queued item has no owner): no Queued tab to pick.
        ...escalationStatuses.filter((s) => !(form.show === 'mine' && s === 'queued')).map((s) => ({ value: s, text: label(s), count: queue.counts[s], href: linkWith(form, { status: s, show: form.show === 'unclaimed' ? '' : form.show }), current: statusValue === s && form.show !== 'unclaimed' })),
        { value: '', text: 'All', count: total, href: linkWith(form, { status: '', show: form.show === 'unclaimed' ? '' : form.show }), current: statusValue === '' && form.show !== 'unclaimed' },
      ],
      form: {
        statuses: [{ value: '', text: 'Any status', selected: statusValue === '' }, ...escalationStatuses.map((s) => ({ value: s, text: label(s), selected: statusValue === s }))],
        policy: selectOf(choices.policy, form.policy),
        reason_code: selectOf(choices.reason_code, form.reason_code),
        team: selectOf(choices.team, form.team),
        config_version: selectOf(choices.config_version, form.config_version),
        show: [
          { value: '', text: 'Everyone’s', selected: form.show === '' },
          // Only reviewers claim: for other roles "claimed by me" would always be empty.
          ...(can(principal, 'review') || form.show === 'mine' ? [{ value: 'mine', text: 'Claimed by me', selected: form.show === 'mine' }] : []),
          { value: 'unclaimed', text: 'Unclaimed', selected: form.show === 'unclaimed' },
          { value: 'overdue', text: 'Overdue', selected: form.show === 'overdue' },
        ],
        sortByDue: form.sort === 'due',
        filtered: Boolean(form.policy || form.reason_code || form.team || form.config_version || form.show),
      },
      range: queue.items.length > 0 ? { from: firstRow, to: firstRow + queue.items.length - 1 } : undefined,
      nextHref: queue.next_cursor ? linkWith(form, { cursor: queue.next_cursor, page: String(form.page + 1) }) : undefined,
      firstHref: form.page > 1 ? linkWith(form, {}) : undefined,
      // The filters applied, for "Claim the next one" (reviewers and admins: the roles that claim).
      claimNext: can(principal, 'review')
        ? { fields: contextInputs(context), filtered: isFiltered(context), sortByDue: form.sort === 'due' }
        : undefined,
      ...fieldErrors,
      notice: Object.hasOwn(claimNextNotices, done) ? claimNextNotices[done] : undefined,
      refusal: refusal || undefined,
    }, refusal ? 400 : 200);
  });
  return router;
}
