import { Hono, type Context } from 'hono';
import { verdicts, verdictWords } from '../../domain/event.js';
import { KtError } from '../../errors.js';
import { eventFilterSchema, maxEventLimit, parseEventFilter, tailEvents, type EventFilter, type EventRow } from '../../events/index.js';
import { eventsToCsv } from '../../events/csv.js';
import { escalationsOfEvents, type EscalationLink } from '../../events/escalation-links.js';
import { eventFilterChoices } from '../../events/filter-choices.js';
import { summarizeEvents, type EventSources, type EventsSummary } from '../../events/summary.js';
import { lineChart } from '../../render/charts.js';
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
    const read = readEventsForm(c, mostShown);
    if ('refused' in read) return read.refused;
    const { form, filter } = read;
    let rows: EventRow[];
    try {
      rows = await tailEvents(c.var.store, filter);
    } catch (error) {
      return refusedFilter(c, form, error);
    }
    const [summary, escalations] = await Promise.all([
      summarizeEvents(c.var.store, filter),
      escalationsOfEvents(c.var.store, rows.map((r) => r.id)),
    ]);
    const matching = summary.events;
    const all = verdicts.reduce((sum, v) => sum + summary.by_verdict[v], 0);
    const base = { ...form, limit: undefined };
    const downloadable = Math.min(matching, maxEventLimit);
    return renderEvents(c, form, {
      searched: true,
      pageStep: eventsPageSize,
      events: rows.map((row) => rowOf(row, escalations.get(row.id), form)),
      matching,
      shown: rows.length,
      tabs: [
        { text: 'All', count: all, href: eventsHref({ ...base, verdict: undefined }), current: !filter.verdict },
        ...verdicts.map((v) => ({ text: verdictWords[v], count: summary.by_verdict[v], href: eventsHref({ ...base, verdict: v }), current: filter.verdict === v })),
      ],
      moreHref: rows.length < matching && filter.limit < mostShown
        ? eventsHref({ ...form, limit: String(Math.min(mostShown, filter.limit + eventsPageSize)) }) : undefined,
      atMost: rows.length < matching && filter.limit >= mostShown ? mostShown : undefined,
      chart: chartOf(summary.over_time),
      sources: sourcesOf(summary.sources, base, summary.by_verdict.allow > 0),
      download: matching > 0 && {
        count: downloadable,
        all: downloadable === matching,
        csvHref: downloadHref(base, 'csv'),
        ndjsonHref: downloadHref(base, 'ndjson'),
      },
    });
  });
  // The matching events as a file, newest first, at most maxEventLimit (what GET /api/events answers at most).
  router.get('/events/download', async (c) => {
    const format = c.req.query('format') === 'ndjson' ? 'ndjson' : 'csv';
    const read = readEventsForm(c, maxEventLimit, maxEventLimit);
    if ('refused' in read) return read.refused;
    let rows: EventRow[];
    try {
      rows = await tailEvents(c.var.store, read.filter);
    } catch (error) {
      return refusedFilter(c, read.form, error);
    }
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const body = format === 'csv' ? eventsToCsv(rows) : rows.map((r) => JSON.stringify(r) + '\n').join('');
    return c.body(body, 200, {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="events-${stamp}.${format}"`,
      'Cache-Control': 'no-store',
    });
  });
  return router;
}

/** Wide enough for the page's full width; the SVG scales down with it. */
const chartWidth = 1100;

/**
 * The events over time as a line per verdict, with the deploys in the span as markers. Allowed
 * traffic is left out unless it is all there is (or asked for): beside it the flagged lines would
 * lie flat at the bottom, and they are what a rollout moves.
 */
function chartOf(overTime: EventsSummary['over_time']) {
  if (overTime.buckets.length < 2) return undefined;
  const present = verdicts.filter((v) => overTime.buckets.some((b) => b[v] > 0));
  const shown = present.some((v) => v !== 'allow') ? present.filter((v) => v !== 'allow') : present;
  const points = overTime.buckets.flatMap((b) => shown.map((v) => ({ date: b.start, value: b[v], series: verdictWords[v] })));
  const what = shown.length === 1 ? `${verdictWords[shown[0]!]} events` : 'Flagged events';
  const title = `${what} per ${overTime.bucket}`;
  return {
    title,
    leftOut: present.includes('allow') && !shown.includes('allow'),
    deploys: overTime.deploys.length,
    svg: lineChart(points, {
      title,
      width: chartWidth,
      height: 200,
      counts: true,
      from: overTime.buckets[0]!.start,
      to: overTime.buckets.at(-1)!.start,
      markers: overTime.deploys.map((d) => ({ date: d.deployed_at, label: `${d.config_id} ${d.config_version}` })),
    }),
  };
}

/**
 * Where the matching events come from, as bars: their teams, policies and reason codes, and config
 * versions, the biggest first, each narrowing the page to it. Left out when each list has one
 * entry at most: the filters already say it all.
 */
function sourcesOf(sources: EventSources, form: EventsForm, anyAllowed: boolean) {
  if (![sources.teams, sources.reasons, sources.configs].some((list) => list.length > 1)) return undefined;
  const total = sources.events;
  const bar = (events: number) => ({ n: events, width: Math.round((events / total) * 20) * 5 });
  const more = (shown: number, inAll: number) => (inAll > shown ? inAll : undefined);
  return {
    title: sources.of === 'flagged' ? 'Where the flagged events come from' : `Where the ${verdictWords[sources.of].toLowerCase()} events come from`,
    leftOut: sources.of === 'flagged' && anyAllowed,
    lists: [
      {
        heading: 'Team',
        more: more(sources.teams.length, sources.in_all.teams),
        items: sources.teams.map((r) => ({ text: r.team ?? 'No team', href: r.team === null ? undefined : eventsHref({ ...form, team: r.team }), ...bar(r.events) })),
      },
      {
        heading: 'Policy and reason code',
        more: more(sources.reasons.length, sources.in_all.reasons),
        items: sources.reasons.map((r) => ({
          text: [r.policy ?? 'No policy', r.reason_code].filter(Boolean).join(' · '),
          href: r.policy === null ? undefined : eventsHref({ ...form, policy: r.policy, reason_code: r.reason_code ?? undefined }),
          ...bar(r.events),
        })),
      },
      {
        heading: 'Config version',
        more: more(sources.configs.length, sources.in_all.configs),
        items: sources.configs.map((r) => ({
          text: r.config_id === null ? 'No config' : [r.config_id, r.config_version].filter(Boolean).join(' '),
          href: r.config_id === null ? undefined : eventsHref({ ...form, config_id: r.config_id, config_version: r.config_version ?? undefined }),
          ...bar(r.events),
        })),
      },
    ],
  };
}

function downloadHref(form: EventsForm, format: 'csv' | 'ndjson'): string {
  const href = eventsHref(form).replace(/^\/events/, '/events/download');
  return `${href}${href.includes('?') ? '&' : '?'}format=${format}`;
}

type ReadForm = { form: EventsForm; filter: EventFilter } | { refused: Promise<Response> };

/**
 * The page's query as the tail's filter, within the caller's teams (`limit`: how many it asks
 * for, at most `most`; `fixedLimit` overrides it), or the page refusing it beside its field.
 */
function readEventsForm(c: Context<WebEnv>, most: number, fixedLimit?: number): ReadForm {
  const form: EventsForm = {};
  for (const field of formFields) {
    const value = c.req.query(field);
    if (value !== undefined && value.trim() !== '') form[field] = value.trim();
  }
  if (fixedLimit !== undefined) delete form.limit;
  const parsed = eventFilterSchema.omit({ visibleTeams: true }).safeParse(form);
  if (!parsed.success) {
    const refused = parsed.error.issues.map((issue) => {
      const field = String(issue.path[0]);
      return { field, message: `${formLabels[field] ?? field} ${issue.message}.` };
    });
    const marked = everyFieldErrorOf('events', refused);
    return { refused: renderEvents(c, form, { refusal: `The filter was not understood: ${refused[0]!.message}${alsoMarked(marked)}`, ...marked }, 400) };
  }
  if (parsed.data.verdict) form.verdict = parsed.data.verdict; // `escalated` reads as `escalate`, as everywhere
  const limit = fixedLimit ?? parsed.data.limit;
  if (limit > most) {
    const message = `How many must be at most ${most} on this page; kt events export writes any number.`;
    return { refused: renderEvents(c, form, { refusal: `The filter was not understood: ${message}`, ...fieldErrorsOf('events', 'limit', message) }, 400) };
  }
  try {
    return { form, filter: parseEventFilter({ ...form, limit: String(limit), visibleTeams: c.var.principal.teams }, { naming: 'param' }) };
  } catch (error) {
    return { refused: refusedFilter(c, form, error) };
  }
}

/** A filter the shared code refused (a time it cannot read, a team outside the caller's or unknown), said in the form's words. */
function refusedFilter(c: Context<WebEnv>, form: EventsForm, error: unknown): Promise<Response> {
  if (error instanceof KtError && (error.code === 'bad_input' || error.code === 'forbidden')) {
    const message = refusalInLabels(error, formLabels);
    const lead = error.code === 'forbidden' ? '' : 'The filter was not understood: ';
    return renderEvents(c, form, { refusal: `${lead}${message}`, ...fieldErrorsOf('events', refusedField(error), message) }, error.httpStatus);
  }
  throw error;
}

async function renderEvents(c: Context<WebEnv>, form: EventsForm, view: Record<string, unknown>, status = 200): Promise<Response> {
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
