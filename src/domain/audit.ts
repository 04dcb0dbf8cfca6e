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

/**
 * One line per change: `status: queued → claimed, claimed_by: – → alice`, a field the entry
 * adds as `note: …`; long values cut at 80 characters (the entry keeps them whole).
 */
export function changeText(before: unknown, after: unknown): string {
  const b = asObject(before);
  const a = asObject(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((k) => JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null))
    .map((k) => (k in b ? `${k}: ${shown(b[k])} → ${shown(a[k])}` : `${k}: ${shown(a[k])}`))
    .join(', ');
}

function asObject(value: unknown): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  return typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return '–';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
