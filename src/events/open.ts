import { setTimeout as sleep } from 'node:timers/promises';
import { KtError } from '../errors.js';
import { openStore, type Store } from '../store/database.js';

/** Whether opening failed only because another process holds a conflicting lock on the file. */
export function isLockedByWriter(error: unknown): boolean {
  return error instanceof KtError && error.code === 'unavailable' && /Could not set lock|Conflicting lock/i.test(error.message);
}

/**
 * Opens the store read-only, waiting up to `waitMs` while another process writes it
 * (DuckDB allows one writing process or many reading ones per file). A writer
 * that keeps it longer, such as `kt serve`, gets one sentence saying so.
 */
export async function openForReading(path: string, options: { waitMs?: number; allowedDirectories?: string[] } = {}): Promise<Store> {
  const deadline = Date.now() + (options.waitMs ?? 3000);
  for (;;) {
    try {
      return await openStore(path, { readOnly: true, allowedDirectories: options.allowedDirectories });
    } catch (error) {
      if (!isLockedByWriter(error)) throw error;
      if (Date.now() >= deadline) {
        throw new KtError(
          'unavailable',
          `The kt store ${path} is being written by another process (kt ingest or kt serve); try again when it is done, or ask kt serve instead (kt events tail and summary take --server; GET /api/events).`,
          { db: path },
        );
      }
      await sleep(100);
    }
  }
}
