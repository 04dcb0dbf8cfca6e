import type { AuditEntry } from '../domain/audit.js';
import type { Executor } from './database.js';
import { query } from './queries.js';

interface Row extends Omit<AuditEntry, 'before' | 'after'> {
  before: string | null;
  after: string | null;
}

/** The latest `limit` audit entries, oldest of them first (kt audit log without a target). */
export async function recentAudit(db: Executor, limit: number): Promise<AuditEntry[]> {
  const rows = await db.all<Row>(query('audit_recent'), { limit });
  return rows.map((r) => ({
    ...r,
    seq: Number(r.seq),
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
  }));
}
