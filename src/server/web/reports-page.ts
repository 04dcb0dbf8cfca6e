import { Hono, type Context } from 'hono';
import { buckets, volumeDimensions } from '../../analytics/volume.js';
import { diffConfigs, type ConfigDiff } from '../../configs/diff.js';
import { configurationSchema, type Configuration } from '../../domain/configuration.js';
import { causes } from '../../domain/escalation.js';
import { reportDefinition } from '../../reports/definition.js';
import { formatDate } from '../../render/format.js';
import { runQuestion } from '../../analytics/run.js';
import { teamsParam } from '../../analytics/scope.js';
import { configVersions, type ConfigVersion } from '../../reports/scope.js';
import { quartersBetween, quarterWindow } from '../../reports/volume.js';
import { queueFilterChoices } from '../../store/filter-choices.js';
import { fieldErrorsOf, isFormName } from './field-errors.js';
import { label } from './labels.js';
import { renderPage, requireCapability } from './page.js';
import type { WebEnv } from './session.js';

/**
 * GET /reports: the reports a policy owner, compliance officer or admin can open from the
 * browser, each as a form whose choices come from the store (config versions, and the
 * policies, reason codes and teams among the escalations the caller may see). The forms
 * ask /reports/NAME, the same documents as `kt report`, as a page or a PDF.
 */
export function reportsPageRouter(): Hono<WebEnv> {
  const router = new Hono<WebEnv>();
  router.get('/reports', async (c) => renderReportsPage(c));
  return router;
}

/** A report the page's form asked for and kt refused: which one, what was chosen, and why. */
export interface RefusedReport {
  name: string;
  params: Record<string, string | string[]>;
  message: string;
  /** The option the refusal names, marked on the form (undefined: the refusal is about no one field). */
  field?: string | undefined;
}

/**
 * The page of report forms. With `refused`, that report's form shows the refusal above it and
 * keeps what was chosen, so the user corrects one field instead of starting again.
 */
export async function renderReportsPage(c: Context<WebEnv>, refused?: RefusedReport, status = 200): Promise<Response> {
  requireCapability(c, 'report', 'produce reports');
  const principal = c.var.principal;
  const now = new Date();
  const [versions, choices, [span]] = await Promise.all([
    configVersions(c.var.store),
    queueFilterChoices(c.var.store, principal),
    runQuestion<{ oldest_event: string | null; newest_event: string | null }>(c.var.store, 'events_time_span', { teams: teamsParam(principal) }),
  ]);
  const packs = visiblePacks(packsOf(versions), choices.config_id);
  const latest = startingChange(packs, choices.policy);
  const option = (value: string, text: string, selected = false) => ({ value, text, selected });
  const teams = [option('', principal.teams.length > 0 ? 'All my teams' : 'All teams'), ...choices.team.map((t) => option(t, t))];
  const configs = packs.map((p) => option(p.config_id, p.name ? `${p.name} (${p.config_id})` : p.config_id, p.config_id === latest?.config_id));
  const anyConfig = [option('', 'Every config'), ...configs.map((o) => ({ ...o, selected: false }))];
  const forms = {
    tuning: {
      configs,
      before: versionOptions(packs, latest && { config_id: latest.config_id, version: latest.before }),
      after: versionOptions(packs, latest && { config_id: latest.config_id, version: latest.after }),
      policies: choices.policy.map((p, i) => option(p, p, latest?.policy ? p === latest.policy : i === 0)),
      reasonCodes: [option('', 'All reason codes of the policy'), ...choices.reason_code.map((r) => option(r, r, r === latest?.reason_code))],
      latest,
    },
    falsePositives: {
      since: [option('', 'All data'), option('30d', 'Last 30 days'), option('90d', 'Last 90 days', true)],
      causes: [option('', 'Any cause'), ...causes.map((x) => option(x, label(x)))],
      configs: anyConfig,
      teams,
      minResolved: '10',
    },
    volume: {
      configs: anyConfig.map((o) => ({ ...o })),
      // The quarters the caller's events span, newest first (the report's own default).
      quarters: quarterChoices(span?.oldest_event ?? null, span?.newest_event ?? null, now).map((q, i) => option(q.value, q.text, i === 0)),
      // A quarter of daily points is noise to a leader: weeks, as the report itself defaults to.
      buckets: buckets.map((b) => option(b, b === 'day' ? 'Per day' : 'Per week', b === 'week')),
      by: volumeDimensions.map((d) => option(d, dimensionLabels[d], d === 'team')),
      teams: teams.map((o) => ({ ...o })),
    },
  };
  if (refused) keepChoices(forms, refused);
  return renderPage(c, 'pages/reports', {
    title: 'Reports',
    section: 'reports',
    reports: { tuning: reportDefinition('tuning'), falsePositives: reportDefinition('false-positives'), volume: reportDefinition('volume') },
    hasConfigs: packs.length > 0,
    ...forms,
    // On the form that asked; a report the page has no form for is refused above them all.
    refused: refused && formKeys[refused.name] ? { [formKeys[refused.name]!]: refused.message } : undefined,
    ...(refused && formKeys[refused.name] && isFormName(refused.name) ? fieldErrorsOf(refused.name, refused.field, refused.message) : {}),
    refusal: refused && !formKeys[refused.name] ? refused.message : undefined,
  }, status);
}

/** The volume form's quarters: `2026 Q4 (so far)` for one still running at `now`. */
function quarterChoices(oldest: string | null, newest: string | null, now: Date): Array<{ value: string; text: string }> {
  if (oldest === null || newest === null) return [];
  return quartersBetween(new Date(oldest), new Date(newest)).map((quarter) => {
    const window = quarterWindow(quarter);
    return { value: quarter, text: Date.parse(window.until) > now.getTime() ? `${window.label} (so far)` : window.label };
  });
}

/** Which form of the page asks for which report. */
const formKeys: Record<string, string> = { tuning: 'tuning', 'false-positives': 'falsePositives', volume: 'volume' };

interface Choice { value: string; selected: boolean }

/** Marks `value` chosen in a select's options (the first when the value is not among them). */
function choose(options: Choice[], value: string | string[] | undefined): void {
  const wanted = Array.isArray(value) ? value[0] : value ?? '';
  if (!options.some((o) => o.value === wanted)) return;
  for (const o of options) o.selected = o.value === wanted;
}

/** The refused report's form shows what was sent, not the page's defaults. */
function keepChoices(forms: {
  tuning: { configs: Choice[]; before: { label: string; options: Choice[] }[]; after: { label: string; options: Choice[] }[]; policies: Choice[]; reasonCodes: Choice[] };
  falsePositives: { since: Choice[]; causes: Choice[]; configs: Choice[]; teams: Choice[]; minResolved: string };
  volume: { configs: Choice[]; quarters: Choice[]; buckets: Choice[]; by: Choice[]; teams: Choice[] };
}, refused: RefusedReport): void {
  const p = refused.params;
  if (refused.name === 'tuning') {
    choose(forms.tuning.configs, p.config_id);
    // A version is chosen within its config's group: two packs may both have a 1.0.0.
    for (const [groups, value] of [[forms.tuning.before, p.before], [forms.tuning.after, p.after]] as const) {
      const group = groups.find((g) => g.label === p.config_id) ?? groups[0];
      if (!group || !group.options.some((o) => o.value === value)) continue;
      for (const g of groups) for (const o of g.options) o.selected = g === group && o.value === value;
    }
    choose(forms.tuning.policies, p.policy);
    choose(forms.tuning.reasonCodes, p.reason_code);
  } else if (refused.name === 'false-positives') {
    choose(forms.falsePositives.since, p.since);
    choose(forms.falsePositives.causes, p.cause);
    choose(forms.falsePositives.configs, p.config_id);
    choose(forms.falsePositives.teams, p.team);
    forms.falsePositives.minResolved = typeof p.min_resolved === 'string' ? p.min_resolved : '';
  } else if (refused.name === 'volume') {
    choose(forms.volume.configs, p.config_id);
    choose(forms.volume.quarters, p.quarter);
    choose(forms.volume.buckets, p.bucket);
    choose(forms.volume.by, p.by);
    choose(forms.volume.teams, p.team);
  }
}

/**
 * The packs whose escalations the caller may see: a user limited to legal is not offered (or
 * started at) a config only other teams' traffic runs under, which would answer "no events in
 * scope". A store whose escalations name no stored config keeps every pack on offer.
 */
function visiblePacks(packs: Pack[], configIds: string[]): Pack[] {
  const visible = packs.filter((p) => configIds.includes(p.config_id));
  return visible.length > 0 ? visible : packs;
}

/** One deploy: a pack's version and the one it replaced. */
interface Change {
  config_id: string;
  before: string;
  after: string;
  at: string;
  diff: () => ConfigDiff | undefined;
}

/** A deploy to start the tuning form at, and the rule it tuned when it tuned one. */
type StartingChange = Omit<Change, 'diff'> & { policy?: string; reason_code?: string };

interface Pack {
  config_id: string;
  name: string | null;
  /** In the order they went live. */
  versions: ConfigVersion[];
}

function packsOf(versions: ConfigVersion[]): Pack[] {
  const packs = new Map<string, Pack>();
  for (const v of versions) {
    const pack = packs.get(v.config_id) ?? { config_id: v.config_id, name: v.name, versions: [] };
    pack.versions.push(v);
    packs.set(v.config_id, pack);
  }
  return [...packs.values()];
}

/** Every deploy of every pack (a version and the one before it in deploy order), newest first. */
function changesNewestFirst(packs: Pack[]): Change[] {
  // A stored document kt cannot read as a configuration has no rules to compare: that deploy is passed over.
  // Each version is read once, though it is the "after" of one deploy and the "before" of the next.
  const parsed = new Map<ConfigVersion, Configuration | undefined>();
  const document = (v: ConfigVersion) => {
    if (!parsed.has(v)) parsed.set(v, configurationSchema.safeParse(JSON.parse(v.document)).data);
    return parsed.get(v);
  };
  const changes = packs.flatMap((pack) => pack.versions.slice(1).map((after, i) => {
    const before = pack.versions[i]!;
    return {
      config_id: pack.config_id, before: before.version, after: after.version, at: after.deployed_at ?? '',
      diff: () => {
        const [from, to] = [document(before), document(after)];
        return from && to ? diffConfigs(pack.config_id, before.version, from, after.version, to) : undefined;
      },
    };
  }));
  return changes.sort((a, b) => b.at.localeCompare(a.at));
}

/**
 * Where the tuning form starts: the newest deploy that changed a rule of a policy among the
 * caller's escalations (what a policy owner checks first), else the newest deploy of any kind.
 */
function startingChange(packs: Pack[], policies: string[]): StartingChange | undefined {
  const changes = changesNewestFirst(packs);
  for (const { diff, ...change } of changes) {
    const compared = diff();
    const tuned = compared && tunedRule(compared, policies);
    if (tuned) return { ...change, ...tuned };
  }
  if (!changes[0]) return undefined;
  const { diff: _diff, ...newest } = changes[0];
  return newest;
}

/**
 * The rule the newest change tuned, for the form to start at: the first policy among the
 * caller's escalations whose rules changed, and the reason code of its rule when exactly one
 * rule changed (otherwise every reason code of the policy).
 */
function tunedRule(diff: ConfigDiff, policies: string[]): { policy: string; reason_code?: string } | undefined {
  const changed = diff.policies.changed.find((p) => policies.includes(p.policy) && (p.rules.changed.length + p.rules.added.length + p.rules.removed.length) > 0);
  if (!changed) return undefined;
  const rules = [...changed.rules.changed, ...changed.rules.added, ...changed.rules.removed].map((r) => r.reason_code);
  const distinct = [...new Set(rules)];
  return { policy: changed.policy, reason_code: distinct.length === 1 ? distinct[0] : undefined };
}

/** Each pack's versions, grouped under the pack, newest first, with `chosen` selected. */
function versionOptions(packs: Pack[], chosen: { config_id: string; version: string } | undefined) {
  return packs.map((pack) => ({
    label: pack.config_id,
    options: [...pack.versions].reverse().map((v) => ({
      value: v.version,
      text: v.deployed_at ? `${v.version} (deployed ${formatDate(v.deployed_at, 'date')})` : v.version,
      selected: chosen?.config_id === pack.config_id && chosen.version === v.version,
    })),
  }));
}

const dimensionLabels: Record<(typeof volumeDimensions)[number], string> = { team: 'Team', policy: 'Policy', reason_code: 'Reason code' };
