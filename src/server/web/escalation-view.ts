import { stringify as toYaml } from 'yaml';
import type { AuditEntry } from '../../domain/audit.js';
import { can, type Principal } from '../../domain/user.js';
import type { EventSources } from '../../events/summary.js';
import type { EscalationDetail } from '../../store/queue/index.js';
import { eventsHref } from './events-page.js';
import { label, quickPresets, resolveOptions, type QuickPreset } from './labels.js';
import { contextInputs, escalationHref, isFiltered, queueHref, type QueueContext } from './queue-context.js';

/** What the reviewer typed into the resolve form, kept when the form is shown again with a refusal. */
export interface ResolveDraft {
  outcome?: string;
  category?: string;
  cause?: string;
  follow_up?: string;
  note?: string;
  confirm?: boolean;
}

/** Messages on the page: a notice after an action, refusals (overall and per field). */
export interface PageMessages {
  notice?: string;
  refusal?: string;
  fieldErrors?: Record<string, string>;
}

function countsOf(record: Record<string, number>, total: number) {
  return Object.entries(record)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => {
      const percent = total > 0 ? Math.round((n / total) * 100) : 0;
      // Bar widths are CSS classes in 5% steps: the CSP forbids inline style attributes.
      return { key, text: label(key, true), n, percent, width: Math.round(percent / 5) * 5 };
    });
}

function auditRow(entry: AuditEntry, me: string) {
  const after = (entry.after ?? {}) as Record<string, unknown>;
  const details: string[] = [];
  if (entry.action === 'resolve') {
    details.push(`${label(after.outcome, true)} · ${label(after.category)}`);
    if (after.cause) details.push(`cause: ${label(after.cause, true)}`);
  } else if ((entry.action === 'route' || entry.action === 'reassign' || entry.action === 'claim') && typeof after.claimed_by === 'string') {
    details.push(`owner: ${after.claimed_by}`);
  } else if (entry.action === 'reassign' || entry.action === 'unclaim') {
    details.push('back in the queue');
  }
  return { ...entry, actionLabel: label(entry.action), actorIsMe: entry.actor === me, detail: details.join(' · ') };
}

/** The false-positives report scoped to this escalation's config, split by team: a page to read, for roles that may produce reports. */
function clusterHref(detail: EscalationDetail): string | undefined {
  const { config_id } = detail.pattern;
  const params = new URLSearchParams();
  if (config_id) params.set('config_id', config_id);
  params.set('by', 'team');
  params.set('format', 'html');
  return `/reports/false-positives?${params.toString()}`;
}

/** A quick approve / deny link: this page again, its form pre-filled, in the same queue. */
function quickHref(id: string, context: QueueContext, quick: QuickPreset): string {
  const href = escalationHref(id, context);
  return `${href}${href.includes('?') ? '&' : '?'}quick=${quick}#resolve-form`;
}

/** A day either side of an event. */
const aroundMs = 24 * 3_600_000;

/**
 * The events page on the event's policy and reason code, a day either side of it, every team
 * the viewer may see: is this one part of a wider pattern, did other teams hit it too?
 */
export function aroundFilter(event: { timestamp: string; policy: string | null; reason_code: string | null }) {
  const at = Date.parse(event.timestamp);
  return {
    policy: event.policy ?? undefined,
    reason_code: event.reason_code ?? undefined,
    since: wholeSeconds(new Date(at - aroundMs)),
    until: wholeSeconds(new Date(at + aroundMs)),
  };
}

/**
 * What the events like this one come to, beside their link: "12 flagged, from 3 teams: support
 * 8, sales 3, hr 1", the answer to "is it part of a wider pattern?" before the click.
 */
export function aroundText(sources: EventSources): string | undefined {
  const total = sources.events;
  if (total === 0) return undefined;
  if (total === 1) return 'this one alone';
  const flagged = `${total.toLocaleString('en-US')} flagged`;
  if (sources.in_all.teams === 1) return `${flagged}, all in ${sources.teams[0]!.team ?? 'no team'}`;
  const teams = sources.teams.map((t) => `${t.team ?? 'no team'} ${t.events.toLocaleString('en-US')}`);
  const rest = sources.in_all.teams - sources.teams.length;
  return `${flagged}, from ${sources.in_all.teams} teams: ${teams.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
}

/** An instant as RFC 3339 to the second (to the second before), as a person would type it. */
function wholeSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Everything templates/pages/escalation.hbs shows, computed from the store's detail and the viewer. */
export function escalationView(detail: EscalationDetail, principal: Principal, context: QueueContext, draft: ResolveDraft, messages: PageMessages, preset?: QuickPreset, assignees: string[] = [], around?: EventSources) {
  const x = detail.escalation;
  const me = principal.id;
  const mayReview = can(principal, 'review');
  const chosen = { ...draft, ...(preset ? quickPresets[preset] : {}) };
  const resolvedTotal = Object.values(detail.pattern.by_outcome).reduce((a, b) => a + b, 0);
  return {
    title: `${x.reason_code ?? 'Escalation'} · ${x.id}`,
    x: {
      ...x,
      ownerIsMe: x.owner === me,
      reviewerIsMe: x.reviewer === me,
      outcomeLabel: label(x.outcome),
      categoryLabel: label(x.category),
      causeLabel: label(x.cause),
      followUpLabel: label(x.follow_up),
      href: `/escalations/${encodeURIComponent(x.id)}`,
    },
    event: { ...detail.event, aroundHref: eventsHref(aroundFilter(detail.event)), around: around && aroundText(around) },
    config: { ...detail.config, // Shown as YAML, the way the policy owner wrote it in policy-config.yaml.
      ruleText: detail.config.rule ? toYaml(detail.config.rule).trimEnd() : undefined,
      href: detail.config.config_id && detail.config.config_version
        ? `/configs/${encodeURIComponent(detail.config.config_id)}/${encodeURIComponent(detail.config.config_version)}` : undefined },
    pattern: {
      ...detail.pattern,
      others: detail.pattern.total - 1,
      statuses: countsOf(detail.pattern.by_status, detail.pattern.total),
      outcomes: countsOf(detail.pattern.by_outcome, resolvedTotal),
      categories: countsOf(detail.pattern.by_category, resolvedTotal),
      resolvedTotal,
      notes: detail.pattern.recent_notes.map((n) => ({ ...n, href: `/escalations/${encodeURIComponent(n.escalation_id)}`, outcomeLabel: label(n.outcome, true), categoryLabel: label(n.category) })),
      clusterHref: can(principal, 'report') ? clusterHref(detail) : undefined,
    },
    audit: detail.audit.map((entry) => auditRow(entry, me)).reverse(),
    actions: {
      mayReview,
      canClaim: mayReview && x.status === 'queued',
      canUnclaim: x.status === 'claimed' && (x.owner === me ? mayReview : can(principal, 'administer')),
      canResolve: mayReview && x.status === 'claimed' && x.owner === me,
      claimedByOther: x.status === 'claimed' && x.owner !== me,
      reassignTo: assignees,
    },
    resolve: {
      ...resolveOptions(chosen),
      note: draft.note ?? '',
      confirm: draft.confirm === true,
      preset,
      causeRequired: chosen.category === 'false_positive',
    },
    // The queue this page was opened from: the way back, and what "the next one" is taken from.
    queue: {
      href: queueHref(context),
      fields: contextInputs(context),
      filtered: isFiltered(context),
      sortByDue: context.sort === 'due',
      quickApproveHref: quickHref(x.id, context, 'approve'),
      quickDenyHref: quickHref(x.id, context, 'deny'),
    },
    messages,
    errors: messages.fieldErrors ?? {},
  };
}
