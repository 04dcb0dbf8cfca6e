import { z } from 'zod';
import { teamsParam, type Viewer } from '../analytics/scope.js';
import { storedConfiguration, type Configuration } from '../domain/configuration.js';
import { notFound } from '../errors.js';
import type { Executor } from '../store/database.js';
import { query } from '../store/queries.js';
import { diffConfigs, type ConfigDiff } from './diff.js';

export interface ConfigVersionSummary {
  config_id: string;
  version: string;
  name: string | null;
  author: string | null;
  deployed_at: string | null;
  ingested_at: string;
  /** Stored events evaluated under this version, of the viewer's teams only when they are limited to teams. */
  events: number;
}

export interface StoredConfigVersion extends Omit<ConfigVersionSummary, 'events'> {
  /** The YAML exactly as imported. */
  source_text: string;
  document: Configuration;
}

export const configIdSchema = z.string().min(1, 'is required');

/**
 * Every stored version (of one pack, or of all), in SemVer order within a pack. The
 * versions themselves are every viewer's; the event counts are of the viewer's teams.
 */
export async function listConfigVersions(db: Executor, viewer: Viewer, configId?: string): Promise<ConfigVersionSummary[]> {
  return db.all<ConfigVersionSummary>(query('config_versions'), { config_id: configId ?? null, teams: teamsParam(viewer) });
}

/** One stored version; not found names the pack and the versions it does have. */
export async function configVersion(db: Executor, configId: string, version: string): Promise<StoredConfigVersion> {
  const row = await db.one<Omit<StoredConfigVersion, 'document'> & { document: string }>(query('config_version'), { config_id: configId, version });
  if (!row) {
    const known = (await listConfigVersions(db, 'everyone', configId)).map((v) => v.version); // names only, no counts
    const hint = known.length > 0 ? `; stored versions: ${known.join(', ')}` : '; no version of it is stored (kt ingest configs FILE)';
    throw notFound(`Config ${configId} version ${version} is not stored${hint}.`, { config_id: configId, version, known_versions: known });
  }
  return { ...row, document: storedConfiguration(row.document, { config_id: configId, version }) };
}

/** The newest stored version of a pack (SemVer order), or not found. */
export async function latestConfigVersion(db: Executor, configId: string): Promise<StoredConfigVersion> {
  const versions = await listConfigVersions(db, 'everyone', configId); // names only, no counts
  const last = versions.at(-1);
  if (!last) throw notFound(`No version of config ${configId} is stored (kt ingest configs FILE).`, { config_id: configId });
  return configVersion(db, configId, last.version);
}

/** The diff between two stored versions of a pack (the CLI and the API both use this). */
export async function diffStoredVersions(db: Executor, configId: string, from: string, to: string): Promise<ConfigDiff> {
  const a = await configVersion(db, configId, from);
  const b = await configVersion(db, configId, to);
  return diffConfigs(configId, from, a.document, to, b.document);
}
