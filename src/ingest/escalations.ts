import type { DuckDBAppender } from '@duckdb/node-api';
import type { z } from 'zod';
import type { AuditRecord } from '../domain/audit.js';
import { importedEscalationFieldNames, importedEscalationSchema, type ImportedEscalation } from '../domain/escalation.js';
import { appendAudit } from '../store/audit.js';
import type { Store } from '../store/database.js';
import { query } from '../store/queries.js';
import { decide, type CurrentEscalation, type Decision, type EscalationFields } from './escalation-decision.js';
import { ingestAudit } from './events.js';
import type { Source } from './source.js';
import { emptyReport, type IngestOptions, type IngestReport } from './types.js';
import { checkRecord } from './validate.js';

const escalationRowSchema = importedEscalationSchema as unknown as z.ZodType<Record<string, unknown>>;
const knownEscalationFields: ReadonlySet<string> = new Set(importedEscalationFieldNames);

/**
 * Imports one source of escalations (an upstream export) in ONE transaction:
 * rows are staged through the appender, compared with the store in one query,
 * decided row by row (see `decide`), and applied with set-based SQL, each change
 * audited as 'import' with before → after.
 */
export async function loadEscalations(store: Store, source: Source, options: IngestOptions = {}): Promise<IngestReport> {
  const report = emptyReport(source.file, 'escalations');
  const actor = options.actor ?? 'system';
  await store.transaction(async (tx) => {
    await tx.run(query('ingest_escalation_stage_create'));
    const stage = await tx.connection.createAppender('ingest_escalation_stage', 'main', 'temp');
    try {
      for await (const record of source.records) {
        report.total += 1;
        const checked = checkRecord(source.file, record, escalationRowSchema, knownEscalationFields);
        if (!checked.ok) {
          report.rejections.push(checked.rejection);
          continue;
        }
        stage.appendInteger(checked.line);
        stage.appendVarchar(checked.raw);
        stage.appendVarchar(JSON.stringify(checked.doc));
        stage.endRow();
      }
    } finally {
      stage.closeSync();
    }
    report.sha256 = source.sha256();

    const candidates = await tx.all<CandidateRow>(query('ingest_escalation_candidates'));
    const winners = lastValidRows(source.file, candidates, report);
    await tx.run(query('ingest_escalation_apply_create'));
    const apply = await tx.connection.createAppender('ingest_escalation_apply', 'main', 'temp');
    const audit: AuditRecord[] = [];
    try {
      for (const decision of winners) {
        if (decision.action === 'same') {
          report.unchanged += 1;
          continue;
        }
        if (decision.action === 'insert') report.inserted += 1;
        else report.updated += 1;
        appendApplyRow(apply, decision.action, decision.replaces ?? null, decision.row);
        // Every imported row is stored with origin 'import' (see ingest_escalation_insert/update.sql): the entry says so,
        // or its timeline would read `origin: auto → –`, as if the origin had been cleared.
        audit.push({ actor, action: 'import', target: decision.row.id, before: auditView(decision.before), after: auditView({ ...decision.row, origin: 'import' }) });
      }
    } finally {
      apply.closeSync();
    }
    report.rejections.sort((a, b) => a.line - b.line);
    report.rejected = report.rejections.length;
    report.accepted = report.total - report.rejected;

    if (audit.length > 0) {
      await tx.run(query('ingest_escalation_delete_replaced'));
      await tx.run(query('ingest_escalation_update'));
      await tx.run(query('ingest_escalation_insert'));
      // The queue reads escalations alone: copy the event fields it shows onto the imported rows.
      await tx.run(query('escalation_event_fields_fill'));
      audit.push(ingestAudit(actor, report));
      await appendAudit(tx, audit);
    }
    await tx.run(query('ingest_drop_escalation_temps'));
  });
  return report;
}

/**
 * One escalation per id and per event: of several rows for one id, or for one event, the last one
 * the store accepts wins (upstream exports append corrections), the earlier ones count as superseded.
 * Rows are decided latest first, so a later row the store refuses (an id taken by another event, an
 * escalation worked in kt) is rejected and does not hide an earlier valid one. Returns the winners'
 * decisions in line order; rejections and supersessions go into the report.
 */
function lastValidRows(file: string, latestFirst: readonly CandidateRow[], report: IngestReport): Exclude<Decision, { action: 'reject' }>[] {
  const ids = new Set<string>();
  const events = new Set<string>();
  const winners: { line: number; decision: Exclude<Decision, { action: 'reject' }> }[] = [];
  for (const c of latestFirst) {
    const { attributes, ...fields } = JSON.parse(c.doc) as ImportedEscalation & { attributes?: Record<string, unknown> };
    if (ids.has(fields.id)) {
      report.duplicates += 1;
      continue;
    }
    if (events.has(fields.event_id)) {
      report.duplicates += 1;
      report.supersededByEvent = (report.supersededByEvent ?? 0) + 1;
      continue;
    }
    const decision = decide(fields as ImportedEscalation, attributes, c.event_timestamp, currentOf(c), c.id_taken_by);
    if (decision.action === 'reject') {
      report.rejections.push({ file, line: c.line, field: decision.field, reason: decision.reason, raw: c.raw });
      continue;
    }
    ids.add(fields.id);
    events.add(fields.event_id);
    winners.push({ line: c.line, decision });
  }
  return winners.reverse().map((w) => w.decision);
}

interface CandidateRow {
  line: number;
  raw: string;
  doc: string;
  event_timestamp: string | null;
  cur_id: string | null;
  cur_created_at: string;
  cur_status: string;
  cur_severity: string | null;
  cur_due_at: string | null;
  cur_claimed_by: string | null;
  cur_claimed_at: string | null;
  cur_resolved_by: string | null;
  cur_resolved_at: string | null;
  cur_outcome: string | null;
  cur_category: string | null;
  cur_cause: string | null;
  cur_note: string | null;
  cur_follow_up: string | null;
  cur_origin: string;
  cur_attributes: string | null;
  cur_worked: boolean;
  id_taken_by: string | null;
}

function currentOf(c: CandidateRow): CurrentEscalation | null {
  if (c.cur_id === null) return null;
  return {
    id: c.cur_id, created_at: c.cur_created_at, status: c.cur_status, severity: c.cur_severity, due_at: c.cur_due_at,
    claimed_by: c.cur_claimed_by, claimed_at: c.cur_claimed_at, resolved_by: c.cur_resolved_by, resolved_at: c.cur_resolved_at,
    outcome: c.cur_outcome, category: c.cur_category, cause: c.cur_cause, note: c.cur_note, follow_up: c.cur_follow_up,
    attributes: c.cur_attributes, origin: c.cur_origin, worked: c.cur_worked,
  };
}

const applyColumns = [
  'id', 'event_id', 'created_at', 'status', 'severity', 'due_at', 'claimed_by', 'claimed_at', 'resolved_by',
  'resolved_at', 'outcome', 'category', 'cause', 'note', 'follow_up', 'attributes',
] as const satisfies readonly (keyof EscalationFields)[];

function appendApplyRow(appender: DuckDBAppender, action: string, replaces: string | null, row: EscalationFields): void {
  appender.appendVarchar(action);
  for (const value of [replaces, ...applyColumns.map((c) => row[c])]) {
    if (value === null) appender.appendNull();
    else appender.appendVarchar(value);
  }
  appender.endRow();
}

/** The audit shows attributes as data, not as JSON text inside JSON. */
function auditView(row: (EscalationFields & { origin?: string; worked?: boolean }) | null): Record<string, unknown> | null {
  if (!row) return null;
  const { attributes, worked: _worked, ...rest } = row;
  return { ...rest, attributes: attributes === null ? null : (JSON.parse(attributes) as unknown) };
}
