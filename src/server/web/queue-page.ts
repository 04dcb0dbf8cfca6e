import { Hono } from 'hono';
import { z } from 'zod';
import { escalationStatuses } from '../../domain/escalation.js';
import { queueFilterChoices } from '../../store/filter-choices.js';
import { listEscalations, queueFilterSchema, type QueueFilter, type QueueItem } from '../../store/queue/index.js';
import { fromZodError } from '../errors.js';
import { label } from './labels.js';
import { renderPage } from './page.js';
import type { WebEnv } from './session.js';

/**
 * The queue form as the browser sends it: every field is text, and an empty
 * select means "any". `status` absent (first visit) means the open work: queued.
 */
const queueFormSchema = z.object({
  status: z.enum(['', ...escalationStatuses]).optional(),
  policy: z.string().max(200).default(''),
  reason_code: z.string().max(200).default(''),
  team: z.string().max(200).default(''),
  config_version: z.string().max(200).default(''),
  show: z.enum(['', 'mine', 'unclaimed', 'overdue']).default(''),
  sort: z.enum(['age', 'due']).default('age'),
  cursor: z.string().max(500).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

type QueueForm = z.output<typeof queueFormSchema>;

export const pageSize = 25;

/** Turns the form into the queue API's filter (the same one `GET /api/escalations` takes). */
function filterOf(form: QueueForm): QueueFilter {
  const status = form.show === 'unclaimed' ? 'queued' : form.status === undefined ? 'queued' : form.status;
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

function rowOf(item: QueueItem, me: string, now: Date) {
  const dueInMinutes = item.due_at ? (Date.parse(item.due_at) - now.getTime()) / 60_000 : undefined;
  return {
    ...item,
    dueIn: dueInMinutes,
    overdueBy: dueInMinutes === undefined ? undefined : -dueInMinutes,
    href: `/escalations/${encodeURIComponent(item.id)}`,
    ownerIsMe: item.owner === me,
    reviewerIsMe: item.reviewer === me,
    outcomeLabel: label(item.outcome, true),
    categoryLabel: label(item.category),
  };
}

const selectOf = (values: string[], chosen: string) => values.map((value) => ({ value, selected: value === chosen }));

export function queueRouter(): Hono<WebEnv> {
  const router = new Hono<WebEnv>();
  router.get('/', async (c) => {
    const parsed = queueFormSchema.safeParse(c.req.query());
    if (!parsed.success) throw fromZodError(parsed.error, 'queue filter');
    const form = parsed.data;
    const filter = filterOf(form);
    const principal = c.var.principal;
    const store = c.var.store;
    const now = new Date();
    const [queue, choices] = await Promise.all([listEscalations(store, principal, filter, now), queueFilterChoices(store, principal)]);
    const statusValue = form.status ?? 'queued';
    const total = queue.counts.queued + queue.counts.claimed + queue.counts.resolved;
    const firstRow = (form.page - 1) * pageSize + 1;
    return renderPage(c, 'pages/queue', {
      title: 'Escalation queue',
      items: queue.items.map((item) => rowOf(item, principal.id, now)),
      tabs: [
        ...escalationStatuses.map((s) => ({ value: s, text: label(s), count: queue.counts[s], href: linkWith(form, { status: s, show: form.show === 'unclaimed' ? '' : form.show }), current: statusValue === s && form.show !== 'unclaimed' })),
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
          { value: 'mine', text: 'Claimed by me', selected: form.show === 'mine' },
          { value: 'unclaimed', text: 'Unclaimed', selected: form.show === 'unclaimed' },
          { value: 'overdue', text: 'Overdue', selected: form.show === 'overdue' },
        ],
        sortByDue: form.sort === 'due',
        filtered: Boolean(form.policy || form.reason_code || form.team || form.config_version || form.show),
      },
      range: queue.items.length > 0 ? { from: firstRow, to: firstRow + queue.items.length - 1 } : undefined,
      nextHref: queue.next_cursor ? linkWith(form, { cursor: queue.next_cursor, page: String(form.page + 1) }) : undefined,
      firstHref: form.page > 1 ? linkWith(form, {}) : undefined,
    });
  });
  return router;
}
