import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { nodeLine } from '../configs/yaml-line.js';
import { yamlSyntaxReason } from '../configs/yaml-syntax.js';
import type { AuditRecord } from '../domain/audit.js';
import { configurationSchema, type Configuration } from '../domain/configuration.js';
import { firstRegexIssue } from '../domain/rules.js';
import { KtError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import type { Executor, Store } from '../store/database.js';
import { query } from '../store/queries.js';
import { ingestAudit } from './events.js';
import { describeIssues } from './issues.js';
import { routeAudit, routesFor, stageRoutes } from './routing.js';
import { emptyReport, type IngestOptions, type IngestReport, type Rejection } from './types.js';

/**
 * Ingests one policy-config file (YAML or JSON) as a config version: stored
 * verbatim with its validated document. The same text again is a no-op; a
 * changed file for a stored version replaces it (audited 'config_import' with
 * before → after). Either way the version's still-untouched automatic
 * escalations are routed if it routes their provider/model.
 */
export async function loadConfig(store: Store, path: string, options: IngestOptions = {}): Promise<IngestReport> {
  const report = emptyReport(path, 'configs');
  const actor = options.actor ?? 'system';
  const text = await readText(path);
  options.onProgress?.(Buffer.byteLength(text), Buffer.byteLength(text));
  report.sha256 = createHash('sha256').update(text).digest('hex');
  report.total = 1;
  const parsed = parseConfig(path, text);
  if ('rejection' in parsed) {
    report.rejected = 1;
    report.rejections.push(parsed.rejection);
    return report;
  }
  report.accepted = 1;
  const config = parsed.config;
  const key = { config_id: config.pack.id, version: config.pack.version };
  await store.transaction(async (tx) => {
    const stored = await tx.one<{ source_text: string; name: string | null; author: string | null; deployed_at: string | null }>(query('ingest_config_stored'), key);
    const audit: AuditRecord[] = [];
    const row = {
      ...key,
      name: config.pack.name ?? null,
      author: config.pack.author ?? null,
      deployed_at: config.deployed_at ?? null,
      source_text: text,
      document: JSON.stringify(config),
    };
    const summary = { name: row.name, author: row.author, deployed_at: row.deployed_at, sha256: report.sha256 };
    if (!stored) {
      await tx.run(query('ingest_config_insert'), row);
      report.inserted = 1;
      audit.push({ actor, action: 'config_import', target: configTarget(key), before: null, after: summary });
    } else if (stored.source_text !== text) {
      await tx.run(query('ingest_config_update'), row);
      report.updated = 1;
      const before = { name: stored.name, author: stored.author, deployed_at: stored.deployed_at, sha256: createHash('sha256').update(stored.source_text).digest('hex') };
      audit.push({ actor, action: 'config_import', target: configTarget(key), before, after: summary });
    } else {
      report.unchanged = 1;
    }
    audit.push(...(await routeUntouched(tx, config, report)));
    if (audit.length > 0) await appendAudit(tx, [...audit, ingestAudit(actor, report)]);
  });
  return report;
}

function configTarget(key: { config_id: string; version: string }): string {
  return `config:${key.config_id}@${key.version}`;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new KtError('bad_file', `${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`, { file: path });
  }
}

/** YAML (JSON is YAML too) → a validated configuration, or the rejection naming the line. */
export function parseConfig(path: string, text: string): { config: Configuration } | { rejection: Rejection } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line;
    const reason = firstError.code === 'MULTIPLE_DOCS' ? yamlSyntaxReason(firstError, 'configuration') : `the file is ${yamlSyntaxReason(firstError, 'configuration')}`;
    return { rejection: { file: path, line, reason, raw: text } };
  }
  const parsed = configurationSchema.safeParse(doc.toJS());
  if (parsed.success) {
    // A rule regex kt cannot evaluate is refused now, not when a replay reaches it.
    const regex = firstRegexIssue(parsed.data);
    if (!regex) return { config: parsed.data };
    return { rejection: { file: path, line: nodeLine(doc, lineCounter, regex.path), field: regex.path.join('.'), reason: regex.reason, raw: text } };
  }
  const issue = parsed.error.issues[0];
  const problem = describeIssues(parsed.error.issues, doc.toJS());
  const line = nodeLine(doc, lineCounter, issue?.path ?? []);
  return { rejection: { file: path, line, field: problem.field, reason: problem.reason, raw: text } };
}

/** Routes this version's untouched automatic escalations; returns their 'route' audit entries. */
async function routeUntouched(tx: Executor, config: Configuration, report: IngestReport): Promise<AuditRecord[]> {
  const key = { config_id: config.pack.id, version: config.pack.version };
  const untouched = await tx.all<{ id: string; provider: string | null; model: string | null }>(query('ingest_untouched_auto_escalations'), key);
  if (untouched.length === 0) return [];
  const document = JSON.stringify(config);
  const combos = new Map<string, { provider: string | null; model: string | null }>();
  for (const u of untouched) combos.set(JSON.stringify([u.provider, u.model]), { provider: u.provider, model: u.model });
  const routes = routesFor([...combos.values()].map((c) => ({ config_id: key.config_id, config_version: key.version, ...c, document })));
  if (routes.length === 0) return [];
  await stageRoutes(tx, routes);
  const routed = await tx.all<{ id: string; claimed_by: string; claimed_at: string }>(query('ingest_route_untouched'));
  await tx.run(query('ingest_drop_route_temps'));
  report.escalationsRouted = routed.length;
  const eventOf = new Map(untouched.map((u) => [u.id, u]));
  return routed.map((r) => {
    const event = eventOf.get(r.id);
    return routeAudit(r.id, { claimed_by: r.claimed_by, claimed_at: r.claimed_at, config_id: key.config_id, config_version: key.version, provider: event?.provider ?? null, model: event?.model ?? null });
  });
}
