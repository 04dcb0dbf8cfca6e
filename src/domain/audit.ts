import { z } from 'zod';

export const auditActions = [
  'create', 'route', 'import', 'claim', 'unclaim', 'reassign', 'resolve',
  'user_add', 'user_revoke', 'ingest', 'evidence_export', 'config_import',
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditEntrySchema = z.object({
  seq: z.number().int().positive(),
  recorded_at: z.string(),
  actor: z.string(),
  action: z.enum(auditActions),
  target: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  prev_hash: z.string(),
  hash: z.string(),
});

export type AuditEntry = z.output<typeof auditEntrySchema>;

/** What a caller asks to append; seq, time and hashes are the chain's business. */
export interface AuditRecord {
  actor: string;
  action: AuditAction;
  target: string;
  before?: unknown;
  after?: unknown;
  at?: Date;
}
