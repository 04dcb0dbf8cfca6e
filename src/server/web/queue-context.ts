import { z } from 'zod';
import { escalationStatuses } from '../../domain/escalation.js';
import { nextFilterSchema, type NextFilter } from '../../store/queue/index.js';

/**
 * The queue form as the browser sends it: every field is text, and an empty
 * select means "any". `status` absent (first visit) means the open work: queued.
 */
export const queueFormSchema = z.object({
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

export type QueueForm = z.output<typeof queueFormSchema>;

/**
 * The queue a reviewer is working through: its status tab, filters and order, without the
 * page. It travels from the queue into each item it links to, and through that item's forms,
 * so that "Claim the next one" takes the next item of the same queue and "Queue" goes back to it.
 */
export type QueueContext = Omit<QueueForm, 'cursor' | 'page'>;

const contextFields = ['status', 'policy', 'reason_code', 'team', 'config_version', 'show', 'sort'] as const;

export const leftOutSentence = 'A filter in the link was not understood and is left out:';

/** What each fixed-choice field takes, in words, for a refusal that says how to fix the link. */
const fieldHints: Record<string, string> = {
  status: 'status must be one of queued, claimed, resolved (or empty for any status)',
  show: 'show must be one of mine, unclaimed, overdue (or empty for everyone\u2019s)',
  sort: 'sort must be age or due',
  page: 'page must be a whole number from 1',
  cursor: 'the page link is not one kt gave out',
};

/**
 * The queue form from a query string or a posted form. A field it cannot read (an old
 * bookmark's status=all, an edited link) is left out and named, and the rest is kept: the
 * reviewer keeps the page, the other filters and a sentence saying what was dropped.
 */
export function readQueueForm(input: Record<string, unknown>): { form: QueueForm; leftOutReasons: string[] } {
  const parsed = queueFormSchema.safeParse(input);
  if (parsed.success) return { form: parsed.data, leftOutReasons: [] };
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')));
  // A page number belongs to its cursor: without one the other means nothing.
  if (bad.has('cursor') || bad.has('page')) bad.add('cursor').add('page');
  const kept = Object.fromEntries(Object.entries(input).filter(([field]) => !bad.has(field)));
  const form = queueFormSchema.parse(kept);
  // The page number is said through its cursor ("the page link…"), which is always among them.
  const reasons = [...bad].filter((f) => f !== 'page').map((f) => fieldHints[f] ?? `${f.replace('_', ' ')} is too long`);
  return { form, leftOutReasons: reasons };
}

/** The queue context a page or form carries, and what in it had to be left out. */
export function readQueueContext(input: Record<string, unknown>): { context: QueueContext; leftOutReasons: string[] } {
  const picked = Object.fromEntries(contextFields.filter((f) => typeof input[f] === 'string').map((f) => [f, input[f]]));
  const { form, leftOutReasons } = readQueueForm(picked);
  const { cursor: _cursor, page: _page, ...context } = form;
  return { context, leftOutReasons };
}

/** The context's fields that differ from a first visit to the queue, in the queue's own link order. */
export function contextParams(context: QueueContext): URLSearchParams {
  const params = new URLSearchParams();
  // An empty status is "any status"; none at all is the queued tab.
  if (context.status !== undefined && context.status !== 'queued') params.set('status', context.status);
  for (const field of ['policy', 'reason_code', 'team', 'config_version', 'show'] as const) if (context[field]) params.set(field, context[field]);
  if (context.sort === 'due') params.set('sort', 'due');
  return params;
}

/** Hidden inputs that carry the context through a form. */
export function contextInputs(context: QueueContext): { name: string; value: string }[] {
  return [...contextParams(context)].map(([name, value]) => ({ name, value }));
}

/** Whether the context narrows the queue at all (a filter, or overdue only): said in the page's words. */
export function isFiltered(context: QueueContext): boolean {
  return Boolean(context.policy || context.reason_code || context.team || context.config_version || context.show === 'overdue');
}

/** An escalation's page opened from this queue, with a notice after an action. */
export function escalationHref(id: string, context: QueueContext, done?: string): string {
  const params = new URLSearchParams(done ? { done } : {});
  for (const [name, value] of contextParams(context)) params.set(name, value);
  const text = params.toString();
  return `/escalations/${encodeURIComponent(id)}${text ? `?${text}` : ''}`;
}

/** The queue itself, as the reviewer left it (first page). */
export function queueHref(context: QueueContext, done?: string): string {
  const params = contextParams(context);
  if (done) params.set('done', done);
  const text = params.toString();
  return text ? `/?${text}` : '/';
}

/**
 * What "the next one" is in this queue: its filters that narrow the work, its order, and
 * overdue when that is what it shows. A status tab or "claimed by me" does not narrow it:
 * the next one is always queued and becomes the reviewer's.
 */
export function nextFilterOf(context: QueueContext): NextFilter | undefined {
  const filter = nextFilterSchema.safeParse({
    policy: context.policy || undefined,
    reason_code: context.reason_code || undefined,
    team: context.team || undefined,
    config_version: context.config_version || undefined,
    overdue: context.show === 'overdue' ? 'true' : undefined,
    sort: context.sort,
  });
  return filter.success ? filter.data : undefined;
}
