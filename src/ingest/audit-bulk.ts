import type { AuditEntry, AuditRecord } from '../domain/audit.js';
import { chainHead, entryHash } from '../store/audit.js';
import type { Executor } from '../store/database.js';

/**
 * Appends many audit entries through DuckDB's appender. A large file creates
 * tens of thousands of escalations, each audited; the parameterised INSERTs of
 * `appendAudit` take seconds per ten thousand, the appender a fraction of that.
 * The chain is built exactly as `appendAudit` builds it (same seq, time, hash
 * over the same canonical content), so `verifyAudit` checks it the same way.
 * Call inside the transaction that makes the change.
 */
export async function appendAuditBulk(tx: Executor, records: readonly AuditRecord[]): Promise<number> {
  if (records.length === 0) return 0;
  let { seq, hash } = await chainHead(tx);
  const now = new Date();
  const appender = await tx.connection.createAppender('audit');
  try {
    for (const r of records) {
      seq += 1;
      const entry: AuditEntry = {
        seq,
        recorded_at: (r.at ?? now).toISOString(),
        actor: r.actor,
        action: r.action,
        target: r.target,
        before: roundTrip(r.before),
        after: roundTrip(r.after),
        prev_hash: hash,
        hash: '',
      };
      entry.hash = entryHash(entry);
      hash = entry.hash;
      appender.appendBigInt(BigInt(entry.seq));
      appender.appendVarchar(entry.recorded_at);
      appender.appendVarchar(entry.actor);
      appender.appendVarchar(entry.action);
      appender.appendVarchar(entry.target);
      appendJson(appender, entry.before);
      appendJson(appender, entry.after);
      appender.appendVarchar(entry.prev_hash);
      appender.appendVarchar(entry.hash);
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
  return records.length;
}

function appendJson(appender: { appendNull(): void; appendVarchar(v: string): void }, value: unknown): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(JSON.stringify(value));
}

/** What is hashed now is exactly what is read back later (as `appendAudit` does). */
function roundTrip(value: unknown): unknown {
  return value === undefined || value === null ? null : JSON.parse(JSON.stringify(value));
}
