import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';

/**
 * Where the HTTP API writes evidence packs: `KT_EVIDENCE_DIR`, else an `evidence`
 * folder beside the store. The server opens the store with this folder allowed, so
 * DuckDB may write the pack's data files there and nowhere else.
 */
export function evidenceRoot(dbPath: string): string {
  if (process.env.KT_EVIDENCE_DIR) return resolve(process.env.KT_EVIDENCE_DIR);
  return dbPath === ':memory:' ? resolve('evidence') : join(dirname(resolve(dbPath)), 'evidence');
}

/** A new folder in the evidence root for a pack the server exports (named by time, with a random suffix). */
export function newServerPackDir(dbPath: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return join(evidenceRoot(dbPath), `pack-${stamp}-${randomBytes(3).toString('hex')}`);
}
