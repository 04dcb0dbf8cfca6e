import { basename } from 'node:path';
import { listValue } from '@duckdb/node-api';
import { runQuestion } from '../analytics/run.js';
import type { Viewer } from '../analytics/scope.js';
import type { Store } from '../store/database.js';
import { packageVersion } from '../version.js';

/** When and from which data a report was made: printed on its first page. */
export interface Provenance {
  generated_at: string;
  generator: string;
  db_file: string;
  events: number;
  escalations: number;
  configs: number;
  audit_entries: number;
  oldest_event: string | null;
  newest_event: string | null;
  /** The viewer's team limit, or null when they see every team. */
  visible_teams: string[] | null;
}

type CountsRow = Omit<Provenance, 'generated_at' | 'generator' | 'db_file' | 'visible_teams'>;

export async function provenanceOf(store: Store, viewer: Viewer, now: Date): Promise<Provenance> {
  const limited = viewer !== 'everyone' && viewer.teams.length > 0 ? viewer.teams : null;
  const [row] = await runQuestion<CountsRow>(store, 'report_data_provenance', { teams: limited ? listValue(limited) : null });
  return {
    generated_at: now.toISOString(),
    generator: `kt ${packageVersion}`,
    // The file name, not the full path: reports are handed on and should not leak directory layouts.
    db_file: store.path === ':memory:' ? ':memory:' : basename(store.path),
    events: row?.events ?? 0,
    escalations: row?.escalations ?? 0,
    configs: row?.configs ?? 0,
    audit_entries: row?.audit_entries ?? 0,
    oldest_event: row?.oldest_event ?? null,
    newest_event: row?.newest_event ?? null,
    visible_teams: limited,
  };
}
