import { badInput } from '../errors.js';

/**
 * Reads a point in time as a person types it: a duration back from now (`7d`,
 * `24h`, `30m`, `2w`) or an RFC 3339 timestamp with a zone.
 * (A local parser until the shared src/domain/time-window.ts settles.)
 */
export function instantOf(text: string, now: Date, flag: string): Date {
  const trimmed = text.trim();
  const relative = /^(\d+)\s*([mhdw])$/i.exec(trimmed);
  if (relative) {
    return new Date(now.getTime() - Number(relative[1]) * unitMs[relative[2]!.toLowerCase() as Unit]);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(trimmed)) {
    const date = new Date(trimmed);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw badInput(`--${flag} ${JSON.stringify(text)} is neither a duration like 7d, 24h, 30m nor an RFC 3339 timestamp like 2026-09-14T10:00:00Z.`, { [flag]: text });
}

/** A length of time such as `7d` in milliseconds (for windows, not instants). */
export function durationMs(text: string, flag: string): number {
  const match = /^(\d+)\s*([mhdw])$/i.exec(text.trim());
  const ms = match ? Number(match[1]) * unitMs[match[2]!.toLowerCase() as Unit] : 0;
  if (ms <= 0) throw badInput(`--${flag} ${JSON.stringify(text)} must be a positive duration like 7d, 24h or 2w.`, { [flag]: text });
  return ms;
}

type Unit = 'm' | 'h' | 'd' | 'w';
const unitMs: Record<Unit, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
