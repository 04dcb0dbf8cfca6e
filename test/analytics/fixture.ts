import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestFile } from '../../src/ingest/index.js';
import { openStore, type Store } from '../../src/store/database.js';

export const fixtureDir = fileURLToPath(new URL('../fixtures/analytics/', import.meta.url));

/** "Now" for the fixture: after its last event, before one open item falls due. */
export const fixtureNow = new Date('2026-09-21T00:00:00Z');

/**
 * A fresh store in a temp dir holding the analytics fixture (3 versions of
 * cfg_support, 120 events, 26 escalations), loaded through kt's own ingest.
 */
export async function fixtureStore(): Promise<{ store: Store; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'kt-analytics-'));
  const store = await openStore(join(dir, 'kt.duckdb'), { allowedDirectories: [fixtureDir] });
  const load = async (kind: 'configs' | 'events' | 'escalations', file: string) => {
    const report = await ingestFile(store, kind, join(fixtureDir, file), { actor: 'test' });
    if (report.rejected > 0) throw new Error(`Fixture ${file} has rejected rows: ${JSON.stringify(report.rejections)}`);
  };
  for (const file of readdirSync(fixtureDir).filter((f) => f.endsWith('.yaml')).sort()) await load('configs', file);
  await load('events', 'events.ndjson');
  await load('escalations', 'escalations.ndjson');
  return { store, cleanup: () => { store.close(); rmSync(dir, { recursive: true, force: true }); } };
}
