import { routedUser, storedConfiguration, type Configuration } from '../domain/configuration.js';
import type { Executor } from '../store/database.js';
import { query } from '../store/queries.js';

/** A config version + provider + model combination whose escalations may be routed. */
export interface RouteTarget {
  config_id: string;
  config_version: string;
  provider: string | null;
  model: string | null;
  /** The stored policy-config document (JSON text). */
  document: string;
}

/** Where routing sends a combination's escalations. */
export interface Route {
  config_id: string;
  config_version: string;
  provider: string | null;
  model: string | null;
  user_id: string;
}

/** The routes the configs name for these combinations (model-level targets beat provider-level ones). */
export function routesFor(targets: readonly RouteTarget[]): Route[] {
  const routes: Route[] = [];
  const documents = new Map<string, Configuration>();
  for (const t of targets) {
    const key = `${t.config_id}\u0000${t.config_version}`;
    let config = documents.get(key);
    if (!config) {
      config = storedConfiguration(t.document, { config_id: t.config_id, version: t.config_version });
      documents.set(key, config);
    }
    const user = routedUser(config, t.provider, t.model);
    if (user) routes.push({ config_id: t.config_id, config_version: t.config_version, provider: t.provider, model: t.model, user_id: user });
  }
  return routes;
}

/** Fills this load's temporary `ingest_routes` table through the appender. */
export async function stageRoutes(tx: Executor, routes: readonly Route[]): Promise<void> {
  await tx.run(query('ingest_routes_create'));
  if (routes.length === 0) return;
  const appender = await tx.connection.createAppender('ingest_routes', 'main', 'temp');
  for (const r of routes) {
    appender.appendVarchar(r.config_id);
    appender.appendVarchar(r.config_version);
    if (r.provider === null) appender.appendNull();
    else appender.appendVarchar(r.provider);
    if (r.model === null) appender.appendNull();
    else appender.appendVarchar(r.model);
    appender.appendVarchar(r.user_id);
    appender.endRow();
  }
  appender.closeSync();
}

/** The audit's account of a route: who got it and which config version said so. */
export function routeAudit(escalationId: string, route: { claimed_by: string; claimed_at: string; config_id: string; config_version: string; provider: string | null; model: string | null }) {
  return {
    actor: 'system',
    action: 'route' as const,
    target: escalationId,
    before: { status: 'queued', claimed_by: null },
    after: {
      status: 'claimed', claimed_by: route.claimed_by, claimed_at: route.claimed_at,
      routed_by: { config_id: route.config_id, config_version: route.config_version, provider: route.provider, model: route.model },
    },
  };
}
