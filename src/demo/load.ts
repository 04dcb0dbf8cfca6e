import { ingestFile } from '../ingest/index.js';
import type { IngestKind, IngestReport } from '../ingest/types.js';
import type { Role } from '../domain/user.js';
import { conflict } from '../errors.js';
import type { Executor, Store } from '../store/database.js';
import { query } from '../store/queries.js';
import { createUser } from '../store/users.js';
import type { DemoFiles } from './generate.js';

/**
 * Loads a generated demo dataset through kt's own ingest (configs first, so the
 * versions and routing exist when events arrive; then events, which create the
 * escalations kt owns; then the upstream escalation export), and adds one user
 * per role so every screen and API can be tried.
 */
export interface DemoUserSpec {
  id: string;
  role: Role;
  teams: string[];
  /** What the user is for, shown in the summary. */
  purpose: string;
}

export const demoUsers: readonly DemoUserSpec[] = [
  { id: 'alice', role: 'reviewer', teams: ['support', 'sales'], purpose: 'reviews support and sales escalations' },
  { id: 'bob', role: 'reviewer', teams: ['engineering', 'hr', 'legal'], purpose: "reviews engineering, hr and legal; legal's Azure escalations are routed to him" },
  { id: 'pat', role: 'policy_owner', teams: [], purpose: 'owns cfg_support_prod: analytics and tuning' },
  { id: 'casey', role: 'compliance', teams: [], purpose: 'reports, evidence packs and the audit trail' },
  { id: 'admin', role: 'admin', teams: [], purpose: 'everything, including users' },
];

export interface DemoUser extends DemoUserSpec {
  token: string;
}

export interface LoadResult {
  reports: IngestReport[];
  users: DemoUser[];
}

export interface StoreContents {
  events: number;
  escalations: number;
  configs: number;
  users: number;
}

export async function storeContents(db: Executor): Promise<StoreContents> {
  const row = await db.one<StoreContents>(query('store_contents'));
  return row ?? { events: 0, escalations: 0, configs: 0, users: 0 };
}

/** kt demo loads only into an empty store: mixing demo data into real data would poison every analysis. */
export async function assertEmptyStore(store: Store): Promise<void> {
  const contents = await storeContents(store);
  const filled = Object.entries(contents).filter(([, n]) => n > 0);
  if (filled.length > 0) {
    const what = filled.map(([table, n]) => `${n} ${table}`).join(', ');
    throw conflict(`The store ${store.path} already holds data (${what}); kt demo loads into an empty store. Use --force to delete and recreate it, or choose another --db.`, { db: store.path, ...contents });
  }
}

export async function loadDemo(store: Store, files: DemoFiles, actor: string, onStep: (step: string) => void = () => undefined): Promise<LoadResult> {
  const reports: IngestReport[] = [];
  const steps: Array<[IngestKind, string]> = [
    ...files.configs.map((file): [IngestKind, string] => ['configs', file]),
    ['events', files.events],
    ['escalations', files.escalations],
  ];
  for (const [kind, file] of steps) {
    onStep(`loading ${kind} from ${file}`);
    reports.push(await ingestFile(store, kind, file, { actor }));
  }
  const users: DemoUser[] = [];
  for (const spec of demoUsers) {
    const { token } = await createUser(store, { id: spec.id, role: spec.role, teams: spec.teams }, actor);
    users.push({ ...spec, token });
  }
  return { reports, users };
}
