import { Hono } from 'hono';
import { stringify as toYaml } from 'yaml';
import { can } from '../../domain/user.js';
import type { Configuration } from '../../domain/configuration.js';
import { changeText } from '../../configs/diff-text.js';
import type { ConfigDiff } from '../../configs/diff.js';
import { configVersion, diffStoredVersions, listConfigVersions, type ConfigVersionSummary } from '../../configs/versions.js';
import { formatDate } from '../../render/format.js';
import { eventsHref } from './events-page.js';
import { renderPage, requireCapability } from './page.js';
import type { WebEnv } from './session.js';

const doing = 'read configuration versions';

function versionHref(configId: string, version: string): string {
  return `/configs/${encodeURIComponent(configId)}/${encodeURIComponent(version)}`;
}

/** The versions of each pack, in SemVer order, each with the one before it. */
function packsOf(versions: ConfigVersionSummary[]) {
  const packs = new Map<string, ConfigVersionSummary[]>();
  for (const v of versions) packs.set(v.config_id, [...(packs.get(v.config_id) ?? []), v]);
  return [...packs].map(([configId, list]) => ({
    configId,
    name: list.at(-1)?.name,
    versions: list.map((v, i) => ({
      ...v,
      deployed: v.deployed_at ? formatDate(v.deployed_at) : undefined,
      href: versionHref(configId, v.version),
      eventsHref: eventsHref({ config_id: configId, config_version: v.version }),
      previous: i > 0 ? list[i - 1]!.version : undefined,
    })).reverse(), // newest first: the version in force is what people look for
  }));
}

/** A policy of a version as the page shows it: its action and each rule as YAML, in chain order. */
function policiesOf(document: Configuration, configId: string, version: string) {
  const policies = document.policies?.policy ?? {};
  const chain = document.policies?.chain ?? [];
  const names = [...chain.filter((n) => Object.hasOwn(policies, n)), ...Object.keys(policies).filter((n) => !chain.includes(n))];
  return names.map((name) => {
    const policy = policies[name]!;
    return {
      name,
      inChain: chain.includes(name),
      action: policy.action,
      rules: (policy.rules ?? []).map((rule, i) => ({
        position: i + 1,
        reason_code: rule.reason_code,
        yaml: toYaml(rule).trimEnd(),
        eventsHref: eventsHref({ config_id: configId, config_version: version, policy: name, reason_code: rule.reason_code }),
      })),
    };
  });
}

/** The diff as lists of lines a person reads, and a before/after report per changed policy. */
function diffView(diff: ConfigDiff, reportable: boolean) {
  const report = (policy: string, reasonCodes: string[]) => {
    if (!reportable) return undefined;
    const params = new URLSearchParams({ config_id: diff.config_id, before: diff.from, after: diff.to, policy });
    if (reasonCodes.length === 1) params.set('reason_code', reasonCodes[0]!);
    return `/reports/tuning?${params}`;
  };
  return {
    ...diff,
    packLines: [...diff.pack, ...(diff.chain ? [diff.chain] : []), ...diff.other].map(changeText),
    changedPolicies: diff.policies.changed.map((p) => {
      const reasonCodes = [...new Set([...p.rules.added, ...p.rules.removed, ...p.rules.changed].map((r) => r.reason_code))];
      return {
        policy: p.policy,
        lines: p.changes.map(changeText),
        added: p.rules.added.map((r) => ({ ...r, yaml: toYaml(r.rule).trimEnd() })),
        removed: p.rules.removed.map((r) => ({ ...r, yaml: toYaml(r.rule).trimEnd() })),
        changed: p.rules.changed.map((r) => ({ ...r, moved: r.from_position !== r.to_position, lines: r.changes.map(changeText) })),
        reportHref: report(p.policy, reasonCodes),
      };
    }),
    changedTargets: diff.targets.changed.map((t) => ({ target: t.target, lines: t.changes.map(changeText) })),
  };
}

/**
 * GET /configs: every stored version of each configuration pack (as `kt config list` and
 * GET /api/configs), newest first, with its events in the caller's teams. GET
 * /configs/:id/:version: one version (as `kt config show`): its policies and rules, routing,
 * and what changed from the version before it or the one `compare` names (as `kt config diff`),
 * with a before/after report per changed policy. Policy owners, compliance and admins, as the API.
 */
export function configsPageRouter(): Hono<WebEnv> {
  const router = new Hono<WebEnv>();
  router.get('/configs', async (c) => {
    requireCapability(c, 'analyze', doing);
    const versions = await listConfigVersions(c.var.store, c.var.principal);
    return renderPage(c, 'pages/configs', { title: 'Configurations', section: 'configs', packs: packsOf(versions), limitedToTeams: c.var.principal.teams.length > 0 });
  });
  router.get('/configs/:id/:version', async (c) => {
    requireCapability(c, 'analyze', doing);
    const { id, version } = c.req.param();
    const store = c.var.store;
    const stored = await configVersion(store, id, version);
    const versions = await listConfigVersions(store, c.var.principal, id);
    const at = versions.findIndex((v) => v.version === version);
    const previous = at > 0 ? versions[at - 1]!.version : undefined;
    const asked = c.req.query('compare')?.trim() || undefined;
    // The version before by default; the first stored is compared with the one after it.
    const compare = asked ?? previous ?? versions[at + 1]?.version;
    // Compared from the older to the newer, whichever was asked for.
    const [from, to] = compare && versions.findIndex((v) => v.version === compare) > at ? [version, compare] : [compare, version];
    const diff = compare && compare !== version ? await diffStoredVersions(store, id, from!, to) : undefined;
    const summary = versions[at];
    const targets = stored.document.providers?.targets ?? [];
    return renderPage(c, 'pages/config-version', {
      title: `${id} ${version}`,
      section: 'configs',
      config: {
        ...stored,
        deployed: stored.deployed_at ? formatDate(stored.deployed_at) : undefined,
        ingested: formatDate(stored.ingested_at),
        events: summary?.events ?? 0,
        eventsHref: eventsHref({ config_id: id, config_version: version }),
      },
      chain: stored.document.policies?.chain ?? [],
      policies: policiesOf(stored.document, id, version),
      targets: targets.map((t) => ({ ...t, routedTo: t.escalation_routing?.user_id })),
      compare: {
        options: versions.filter((v) => v.version !== version).map((v) => ({ value: v.version, selected: v.version === compare })).reverse(),
        isPrevious: compare === previous,
      },
      diff: diff && diffView(diff, can(c.var.principal, 'report')),
      limitedToTeams: c.var.principal.teams.length > 0,
    });
  });
  return router;
}
