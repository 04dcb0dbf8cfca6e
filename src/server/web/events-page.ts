import { Hono } from 'hono';
import { verdicts, type Verdict } from '../../domain/event.js';
import { KtError } from '../../errors.js';
import { eventFilterSchema, parseEventFilter, tailEvents, type EventFilter, type EventRow } from '../../events/index.js';
import { escalationsOfEvents, type EscalationLink } from '../../events/escalation-links.js';
import { eventFilterChoices } from '../../events/filter-choices.js';
import { countEventsByVerdict } from '../../events/verdict-counts.js';
import { formatDate } from '../../render/format.js';
import { alsoMarked, everyFieldErrorOf, fieldErrorsOf, refusalInLabels, refusedField } from './field-errors.js';
import { renderPage } from './page.js';
import type { WebEnv } from './session.js';

/** The filter form's fields, as `GET /api/events` and `kt events tail` name them; an empty one means "any". */
const formFields = ['since', 'until', 'verdict', 'policy', 'reason_code', 'team', 'config_id', 'config_version', 'limit'] as const;
type EventsForm = Partial<Record<(typeof formFields)[number], string>>;

/** The fields as the form labels them, for refusals in the form's words. */
const formLabels: Record<string, string> = {
  since: 'Since', until: 'Until', verdict: 'Verdict', policy: 'Policy', reason_code: 'Reason code',
  team: 'Team', config_id: 'Config', config_version: 'Config version', limit: 'How many',
};

/** A page shows this many events, and "Show more" adds as many again, up to the most one page holds. */
export const eventsPageSize = 50;
const mostShown = 1_000;

const verdictWords: Record<Verdict, string> = { allow: 'Allowed', block: 'Blocked', redact: 'Redacted', escalate: 'Escalated' };

export function eventsHref(form: EventsForm): string {
  const params = new URLSearchParams();
  for (const field of formFields) if (form[field]) params.set(field, form[field]);
  const text = params.toString();
  return text ? `/events?${text}` : '/events';
}

/** The longest request excerpt a row shows before its details are opened. */
const excerptLength = 160;

function rowOf(event: EventRow, escalation: EscalationLink | undefined, form: EventsForm) {
  const request = event.request ?? '';
  return {
    ...event,
    at: formatDate(event.timestamp),
    verdictWord: verdictWords[event.verdict],
    excerpt: request.length > excerptLength ? `${request.slice(0, excerptLength - 1)}…` : request,
    // A value in the row filters the page by it (keeping the other filters).
    policyHref: event.policy ? eventsHref({ ...form, policy: event.policy, limit: undefined }) : undefined,
    reasonHref: event.reason_code ? eventsHref({ ...form, reason_code: event.reason_code, limit: undefined }) : undefined,
    teamHref: event.team ? eventsHref({ ...form, team: event.team, limit: undefined }) : undefined,
    versionHref: event.config_version ? eventsHref({ ...form, config_id: event.config_id ?? undefined, config_version: event.config_version, limit: undefined }) : undefined,
    escalation: escalation && { ...escalation, href: `/escalations/${encodeURIComponent(escalation.id)}` },
    policyResults: event.policy_results.length > 0 ? event.policy_results : undefined,
    attributesText: event.attributes ? JSON.stringify(event.attributes, null, 2) : undefined,
  };
}

/**
 * GET /events: the events the caller's teams may see, newest first, filtered as `kt events tail`
 * and `GET /api/events` are (the same parseEventFilter and tailEvents), with a tab per verdict
 * giving its count, and each escalated event linked to its escalation. Every role may read it:
 * a reviewer checks whether an item is part of a wider pattern, a policy owner watches a rollout.
 */
export function eventsPageRouter(): Hono<WebEnv> {
  const router = new Hono<WebEnv>();
  router.get('/events', async (c) => {
    const principal = c.var.principal;
    const form: EventsForm = {};
    for (const field of formFields) {
      const value = c.req.query(field);
      if (value !== undefined && value.trim() !== '') form[field] = value.trim();
    }
    const parsed = eventFilterSchema.omit({ visibleTeams: true }).safeParse(form);
    if (!parsed.success) {
      const refused = parsed.error.issues.map((issue) => {
        const field = String(issue.path[0]);
        return { field, message: `${formLabels[field] ?? field} ${issue.message}.` };
      });
      const marked = everyFieldErrorOf('events', refused);
      return renderEvents(c, form, { refusal: `The filter was not understood: ${refused[0]!.message}${alsoMarked(marked)}`, ...marked }, 400);
    }
    if (parsed.data.verdict) form.verdict = parsed.data.verdict; // `escalated` reads as `escalate`, as everywhere
    if (parsed.data.limit > mostShown) {
      const message = `How many must be at most ${mostShown} on this page; kt events export writes any number.`;
      return renderEvents(c, form, { refusal: `The filter was not understood: ${message}`, ...fieldErrorsOf('events', 'limit', message) }, 400);
    }
    let filter: EventFilter;
    let rows: EventRow[];
    try {
      filter = parseEventFilter({ ...form, limit: String(parsed.data.limit), visibleTeams: principal.teams }, { naming: 'param' });
      rows = await tailEvents(c.var.store, filter);
    } catch (error) {
      if (error instanceof KtError && (error.code === 'bad_input' || error.code === 'forbidden')) {
        const message = refusalInLabels(error, formLabels);
        const lead = error.code === 'forbidden' ? '' : 'The filter was not understood: ';
        return renderEvents(c, form, { refusal: `${lead}${message}`, ...fieldErrorsOf('events', refusedField(error), message) }, error.httpStatus);
      }
      throw error;
    }
    const [counts, escalations] = await Promise.all([
      countEventsByVerdict(c.var.store, filter),
      escalationsOfEvents(c.var.store, rows.map((r) => r.id)),
    ]);
    const matching = filter.verdict ? counts.byVerdict[filter.verdict] : counts.all;
    const base = { ...form, limit: undefined };
    return renderEvents(c, form, {
      searched: true,
      pageStep: eventsPageSize,
      events: rows.map((row) => rowOf(row, escalations.get(row.id), form)),
      matching,
      shown: rows.length,
      tabs: [
        { text: 'All', count: counts.all, href: eventsHref({ ...base, verdict: undefined }), current: !filter.verdict },
        ...verdicts.map((v) => ({ text: verdictWords[v], count: counts.byVerdict[v], href: eventsHref({ ...base, verdict: v }), current: filter.verdict === v })),
      ],
      moreHref: rows.length < matching && filter.limit < mostShown
        ? eventsHref({ ...form, limit: String(Math.min(mostShown, filter.limit + eventsPageSize)) }) : undefined,
      atMost: rows.length < matching && filter.limit >= mostShown ? mostShown : undefined,
    });
  });
  return router;
}

async function renderEvents(c: Parameters<typeof renderPage>[0], form: EventsForm, view: Record<string, unknown>, status = 200): Promise<Response> {
  const principal = c.var.principal;
  const choices = await eventFilterChoices(c.var.store, principal.teams);
  // A value asked for by a link or by hand stays offered, also when no event has it.
  const options = (values: string[], chosen: string | undefined) =>
    [...new Set([...values, ...(chosen ? [chosen] : [])])].map((value) => ({ value, selected: value === chosen }));
  return renderPage(c, 'pages/events', {
    title: 'Events',
    section: 'events',
    form: {
      ...form,
      verdicts: verdicts.map((v) => ({ value: v, text: verdictWords[v], selected: form.verdict === v })),
      policy: options(choices.policy, form.policy),
      reason_code: options(choices.reason_code, form.reason_code),
      team: options(choices.team, form.team),
      config_id: options(choices.config_id, form.config_id),
      config_version: options(choices.config_version, form.config_version),
      limit: form.limit,
    },
    filtered: formFields.some((f) => f !== 'limit' && form[f] !== undefined),
    limitedToTeams: principal.teams.length > 0,
    ...view,
  }, status);
}
