import { configurationSchema, ruleFor, type Rule } from '../../domain/configuration.js';
import type { AuditEntry } from '../../domain/audit.js';
import type { Principal } from '../../domain/user.js';
import { auditFor } from '../audit.js';
import type { Executor } from '../database.js';
import { query } from '../queries.js';
import { queueItem, type QueueItem } from './list.js';
import { patternOf, type Pattern } from './pattern.js';
import { visibleEscalation } from './visibility.js';
import { toEventRow, type EventRow, type StoredEventRow } from '../../events/rows.js';

/** The linked event in full, as `kt events tail --json` shows it, plus when it was ingested. */
export type LinkedEvent = EventRow & { ingested_at: string };

/** Everything a reviewer reads before deciding. */
export interface EscalationDetail {
  escalation: QueueItem & { note: string | null };
  event: LinkedEvent;
  /** The config version the event was decided under and its rule for the event's reason code (null if that version was never ingested or has no such rule). */
  config: { config_id: string | null; config_version: string | null; known: boolean; rule: Rule | null };
  audit: AuditEntry[];
  pattern: Pattern;
}

export async function escalationDetail(db: Executor, principal: Principal, id: string, now = new Date()): Promise<EscalationDetail> {
  const state = await visibleEscalation(db, principal, id);
  const item = await queueItem(db, principal, id, now);
  const row = await db.one<StoredEventRow & { ingested_at: string }>(query('escalation_linked_event'), { event_id: state.event_id });
  if (!item || !row) throw new Error(`Escalation ${id} lost its event ${state.event_id}`);
  const event: LinkedEvent = { ...toEventRow(row), ingested_at: row.ingested_at };
  return {
    escalation: { ...item, note: state.note },
    event,
    config: await configRule(db, event),
    audit: await auditFor(db, id),
    pattern: await patternOf(db, principal, event, id),
  };
}

async function configRule(db: Executor, event: LinkedEvent): Promise<EscalationDetail['config']> {
  const base = { config_id: event.config_id, config_version: event.config_version };
  if (!event.config_id || !event.config_version) return { ...base, known: false, rule: null };
  const row = await db.one<{ document: string }>(query('escalation_config_document'), base);
  if (!row) return { ...base, known: false, rule: null };
  const parsed = configurationSchema.safeParse(JSON.parse(row.document));
  const rule = parsed.success ? ruleFor(parsed.data, event.policy, event.reason_code) : undefined;
  return { ...base, known: true, rule: rule ?? null };
}

