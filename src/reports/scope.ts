import { runQuestion } from '../analytics/run.js';
import type { Viewer } from '../analytics/scope.js';
import type { Executor } from '../store/database.js';
import { formatDate } from '../render/format.js';
import type { Provenance } from './provenance.js';

/** What a report covers, in words, for its first page. */
export interface ScopeStatement {
  window: string;
  teams: string;
  /** e.g. `cfg_support 1.1.0 (deployed 2026-09-08 00:00 UTC)`. */
  config_versions: string[];
  /** Other filters as label/value pairs (policy, cause, bucket…). */
  filters: Array<{ label: string; value: string }>;
}

export interface ConfigVersion {
  config_id: string;
  version: string;
  name: string | null;
  author: string | null;
  deployed_at: string | null;
  document: string;
}

export async function configVersions(db: Executor, configId: string | null = null): Promise<ConfigVersion[]> {
  return runQuestion<ConfigVersion>(db, 'report_config_versions', { config_id: configId });
}

export function describeConfigVersion(config: Pick<ConfigVersion, 'config_id' | 'version' | 'deployed_at'>): string {
  const deployed = config.deployed_at ? `deployed ${formatDate(config.deployed_at)}` : 'deploy time not recorded';
  return `${config.config_id} ${config.version} (${deployed})`;
}

/** `since – until`, or the data's own extent when the report was not limited in time. */
export function describeWindow(since: string | null, until: string | null, provenance: Provenance): string {
  if (since === null && until === null) {
    if (provenance.oldest_event === null) return 'all data (the store holds no events)';
    return `all data: events from ${formatDate(provenance.oldest_event)} to ${formatDate(provenance.newest_event)}`;
  }
  const from = since === null ? 'the first event' : formatDate(since);
  const to = until === null ? 'the report time' : formatDate(until);
  return `${from} to ${to} (end exclusive)`;
}

export function describeTeams(team: string | null | undefined, viewer: Viewer): string {
  if (team) return team;
  if (viewer !== 'everyone' && viewer.teams.length > 0) return `the teams visible to ${viewer.id}: ${viewer.teams.join(', ')}`;
  return 'all teams';
}
