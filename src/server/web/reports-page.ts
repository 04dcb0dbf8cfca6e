import { Hono } from 'hono';
import { buckets, volumeDimensions } from '../../analytics/volume.js';
import { causes } from '../../domain/escalation.js';
import { can } from '../../domain/user.js';
import { forbidden } from '../../errors.js';
import { reportDefinition } from '../../reports/definition.js';
import { formatDate } from '../../render/format.js';
import { configVersions, type ConfigVersion } from '../../reports/scope.js';
import { queueFilterChoices } from '../../store/filter-choices.js';
import { label } from './labels.js';
import { renderPage } from './page.js';
import type { WebEnv } from './session.js';

/**
 * GET /reports: the reports a policy owner, compliance officer or admin can open from the
 * browser, each as a form whose choices come from the store (config versions, and the
 * policies, reason codes and teams among the escalations the caller may see). The forms
 * ask /reports/NAME, the same documents as `kt report`, as a page or a PDF.
 */
export function reportsPageRouter(): Hono<WebEnv> {
  const router = new Hono<WebEnv>();
  router.get('/reports', async (c) => {
    const principal = c.var.principal;
    if (!can(principal, 'report')) {
      throw forbidden(`Your role ${principal.role} may not produce reports.`, { role: principal.role, capability: 'report' });
    }
    const [versions, choices] = await Promise.all([configVersions(c.var.store), queueFilterChoices(c.var.store, principal)]);
    const packs = packsOf(versions);
    const latest = latestChange(packs);
    const option = (value: string, text: string, selected = false) => ({ value, text, selected });
    const teams = [option('', principal.teams.length > 0 ? 'All my teams' : 'All teams'), ...choices.team.map((t) => option(t, t))];
    const configs = packs.map((p) => option(p.config_id, p.name ? `${p.name} (${p.config_id})` : p.config_id, p.config_id === latest?.config_id));
    const anyConfig = [option('', 'Every config'), ...configs.map((o) => ({ ...o, selected: false }))];
    return renderPage(c, 'pages/reports', {
      title: 'Reports',
      section: 'reports',
      reports: { tuning: reportDefinition('tuning'), falsePositives: reportDefinition('false-positives'), volume: reportDefinition('volume') },
      hasConfigs: packs.length > 0,
      tuning: {
        configs,
        before: versionOptions(packs, latest && { config_id: latest.config_id, version: latest.before }),
        after: versionOptions(packs, latest && { config_id: latest.config_id, version: latest.after }),
        policies: choices.policy.map((p, i) => option(p, p, i === 0)),
        reasonCodes: [option('', 'All reason codes of the policy'), ...choices.reason_code.map((r) => option(r, r))],
      },
      falsePositives: {
        since: [option('', 'All data'), option('30d', 'Last 30 days'), option('90d', 'Last 90 days', true)],
        causes: [option('', 'Any cause'), ...causes.map((x) => option(x, label(x)))],
        configs: anyConfig,
        teams,
      },
      volume: {
        configs: anyConfig,
        buckets: buckets.map((b) => option(b, b === 'day' ? 'Per day' : 'Per week', b === 'day')),
        by: volumeDimensions.map((d) => option(d, dimensionLabels[d], d === 'team')),
        teams,
      },
    });
  });
  return router;
}

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

/** The most recent deploy of any pack and the version it replaced: what a policy owner checks first. */
function latestChange(packs: Pack[]): { config_id: string; before: string; after: string } | undefined {
  let best: { config_id: string; before: string; after: string; at: string } | undefined;
  for (const pack of packs) {
    const [before, after] = pack.versions.slice(-2);
    if (!before || !after) continue;
    const at = after.deployed_at ?? '';
    if (!best || at > best.at) best = { config_id: pack.config_id, before: before.version, after: after.version, at };
  }
  return best;
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
