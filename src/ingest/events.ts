import { basename } from 'node:path';
import { listValue } from '@duckdb/node-api';
import { eventSchema } from '../domain/event.js';
import { defaultSeverity, severities, slaMinutes } from '../domain/escalation.js';
import type { AuditRecord } from '../domain/audit.js';
import { appendAudit } from '../store/audit.js';
import type { Executor, Store } from '../store/database.js';
import { query } from '../store/queries.js';
import { routeAudit, routesFor, stageRoutes, type RouteTarget } from './routing.js';
import { knownEventFields, type Source } from './source.js';
import { emptyReport, type IngestOptions, type IngestReport, type SourceRecord } from './types.js';
import { checkRecord } from './validate.js';
import type { z } from 'zod';

export const eventRowSchema = eventSchema as unknown as z.ZodType<Record<string, unknown>>;

/**
 * Loads one source of events in ONE transaction: valid rows are staged through
 * the appender, merged into `events` with set-based SQL (new ids inserted,
 * changed rows updated, identical rows left alone), escalate events get their
 * automatic (possibly routed) escalations, and the audit records it all. Any
 * failure, or a kill, leaves the store as it was before this source.
 */
export async function loadEvents(store: Store, source: Source, options: IngestOptions = {}): Promise<IngestReport> {
  const report: IngestReport = { ...emptyReport(source.file, 'events'), reader: 'zod', load: 'merge' };
  await store.transaction(async (tx) => {
    await tx.run(query('ingest_event_typed_create'));
    await stageRecords(tx, source.file, source.records, report);
    await tx.run(query('ingest_event_typed_keep_last'));
    report.sha256 = source.sha256();
    await mergeTyped(tx, report, options.actor ?? 'system');
  });
  return report;
}

/**
 * Validates records with the zod event schema (counting them and their rejections
 * into the report) and types the valid ones into ingest_event_typed: staged through
 * the appender as normalised JSON, then typed set-based.
 */
export async function stageRecords(tx: Executor, file: string, records: AsyncIterable<SourceRecord>, report: IngestReport): Promise<void> {
  await tx.run(query('ingest_event_stage_create'));
  const appender = await tx.connection.createAppender('ingest_event_stage', 'main', 'temp');
  try {
    for await (const record of records) {
      report.total += 1;
      const checked = checkRecord(file, record, eventRowSchema, knownEventFields, keepPolicyResultExtras);
      if (!checked.ok) {
        report.rejections.push(checked.rejection);
        continue;
      }
      appender.appendInteger(checked.line);
      appender.appendVarchar(JSON.stringify(checked.doc));
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
  await tx.run(query('ingest_event_typed_from_stage'));
  // The typed copy is all the merge needs; free the staged JSON early (it is the biggest thing in memory).
  await tx.run(query('ingest_event_stage_drop'));
}

/**
 * Merges the typed rows (one per id) into `events` with set-based SQL (new ids inserted,
 * changed rows updated, identical rows left alone), gives escalate events their
 * automatic (possibly routed) escalations and records it all in the audit.
 */
export async function mergeTyped(tx: Executor, report: IngestReport, actor: string): Promise<void> {
  report.rejected = report.rejections.length;
  report.accepted = report.total - report.rejected;
  // Only temporary tables were written so far: committing them costs nothing and changes nothing
  // stored, but DuckDB scans a table made in the open transaction with one thread, and a committed
  // one with all (5M events: the insert took 26 s on one core). The store's changes below still
  // land in one transaction, or not at all.
  await tx.run('COMMIT');
  await tx.run('BEGIN TRANSACTION');
  try {
    await mergeCommittedTyped(tx, report, actor);
  } catch (error) {
    // Roll back here, so the (possibly large) temporary tables can be freed before the error goes on.
    await tx.run('ROLLBACK').catch(() => undefined);
    await tx.run(query('ingest_drop_event_temps')).catch(() => undefined);
    throw error;
  }
}

async function mergeCommittedTyped(tx: Executor, report: IngestReport, actor: string): Promise<void> {
  await tx.run(query('ingest_event_latest_create'));
  const counts = await tx.one<{ inserted: number; updated: number; unchanged: number }>(query('ingest_event_counts'));
  report.inserted = Number(counts?.inserted ?? 0);
  report.updated = Number(counts?.updated ?? 0);
  report.unchanged = Number(counts?.unchanged ?? 0);
  // Every accepted row was staged; the staged rows were cut to one per id before the merge.
  report.duplicates = report.accepted - (report.inserted + report.updated + report.unchanged);
  // The hourly traffic counts move with the events; they read the stored rows, so they go first.
  if (report.inserted + report.updated > 0) await tx.run(query('ingest_event_traffic_merge'));
  if (report.updated > 0) await tx.run(query('ingest_event_update'));
  if (report.inserted > 0) await tx.run(query('ingest_event_insert'));
  await escalateAndAudit(tx, report, actor);
}

/**
 * The merge after a bulk load (the file's rows went straight into a store that held no events): every
 * row is new, the hourly counts are counted afresh from `events`, and its escalate events get their
 * escalations, as after any merge. The rows are in `events` already, in this same transaction.
 */
export async function mergeBulk(tx: Executor, report: IngestReport, actor: string): Promise<void> {
  report.rejected = 0;
  report.accepted = report.total;
  report.inserted = report.total;
  report.updated = report.unchanged = report.duplicates = 0;
  await tx.run(query('event_traffic_rebuild'));
  await tx.run(query('ingest_event_bulk_escalate_rows'));
  await escalateAndAudit(tx, report, actor);
}

/** Escalations for the file's new escalate events, the queue's copy of event fields, the audit; temporaries dropped. */
async function escalateAndAudit(tx: Executor, report: IngestReport, actor: string): Promise<void> {
  const audit = await createAutoEscalations(tx, report);
  // The queue reads escalations alone: copy the event fields it shows onto new escalations and changed events.
  if (report.updated + report.escalationsCreated > 0) await tx.run(query('ingest_escalation_event_fields_fill'));
  if (report.inserted + report.updated + report.escalationsCreated > 0) {
    audit.push(ingestAudit(actor, report));
  }
  await appendAudit(tx, audit);
  await tx.run(query('ingest_drop_event_temps'));
}

/** Auto escalations for the file's escalate events that have none; returns their audit entries. */
async function createAutoEscalations(tx: Executor, report: IngestReport): Promise<AuditRecord[]> {
  const targets = await tx.all<RouteTarget>(query('ingest_route_targets'));
  await stageRoutes(tx, routesFor(targets));
  const created = await tx.all<CreatedEscalation>(query('ingest_auto_escalations_insert'), {
    severities: listValue([...severities]),
    default_severity: defaultSeverity,
    sla_critical: slaMinutes.critical,
    sla_high: slaMinutes.high,
    sla_medium: slaMinutes.medium,
    sla_low: slaMinutes.low,
  });
  // RETURNING gives rows in no set order (the insert runs in parallel): the audit lists them by time, then id.
  created.sort((a, b) => compareText(a.created_at, b.created_at) || compareText(a.id, b.id));
  report.escalationsCreated = created.length;
  const routed = created.filter((c) => c.origin === 'routed');
  report.escalationsRouted = routed.length;
  const routedEvents = new Map<string, RoutedEvent>();
  if (routed.length > 0) {
    const rows = await tx.all<RoutedEvent>(query('ingest_routed_events'), { event_ids: listValue(routed.map((r) => r.event_id)) });
    for (const row of rows) routedEvents.set(row.event_id, row);
  }
  const audit: AuditRecord[] = [];
  for (const c of created) {
    audit.push({
      actor: 'system', action: 'create', target: c.id, before: null,
      after: { event_id: c.event_id, status: 'queued', severity: c.severity, created_at: c.created_at, due_at: c.due_at, origin: 'auto' },
    });
    const event = routedEvents.get(c.event_id);
    if (c.origin === 'routed' && event && c.claimed_by && c.claimed_at) {
      audit.push(routeAudit(c.id, { ...event, claimed_by: c.claimed_by, claimed_at: c.claimed_at }));
    }
  }
  return audit;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface CreatedEscalation {
  id: string;
  event_id: string;
  created_at: string;
  status: string;
  severity: string;
  due_at: string;
  claimed_by: string | null;
  claimed_at: string | null;
  origin: 'auto' | 'routed';
}

interface RoutedEvent {
  event_id: string;
  config_id: string;
  config_version: string;
  provider: string | null;
  model: string | null;
}

/** The file-level audit entry: what the file did, and the sha256 of its bytes. */
export function ingestAudit(actor: string, report: IngestReport): AuditRecord {
  return {
    actor,
    action: 'ingest',
    target: `file:${basename(report.file)}`,
    before: null,
    after: {
      kind: report.kind, total: report.total, accepted: report.accepted, rejected: report.rejected,
      inserted: report.inserted, updated: report.updated, unchanged: report.unchanged, duplicates: report.duplicates,
      escalations_created: report.escalationsCreated, escalations_routed: report.escalationsRouted, sha256: report.sha256,
    },
  };
}

/** zod keeps only the known keys of each policy result; the contract keeps unknown fields, so put them back. */
export function keepPolicyResultExtras(doc: Record<string, unknown>, input: unknown): void {
  const given = (input as { policy_results?: unknown }).policy_results;
  const parsed = doc.policy_results;
  if (!Array.isArray(given) || !Array.isArray(parsed)) return;
  doc.policy_results = parsed.map((result: Record<string, unknown>, i) => {
    const original = given[i];
    if (original === null || typeof original !== 'object') return result;
    const merged: Record<string, unknown> = { ...(original as Record<string, unknown>), ...result };
    for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
    return merged;
  });
}
