import { copyFileSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { signAttestation } from '../../src/domain/audit-attestation.js';
import { keyFingerprint } from '../../src/signing/keys.js';
import { exportEvidence } from '../../src/evidence/export.js';
import { openStore, type Store } from '../../src/store/database.js';
import { rebuildEventTraffic } from '../../src/store/event-traffic.js';
import { createUser } from '../../src/store/users.js';
import { openWebSession } from '../../src/store/web-sessions.js';
import { openWorld, userIds, type Actor } from '../review/seed.js';

/**
 * The review world of test/review/seed.ts (support: esc_q1, esc_q2 queued, esc_c1
 * claimed by alice, esc_r1, esc_r2 resolved; sales: esc_s1 queued, esc_s2 resolved),
 * plus what every route needs to answer: a second config version 2.4.0 (for diffs)
 * with one allowed event per team under it (for before/after comparisons), a
 * policy owner limited to team sales, a signed-in web session per caller, and one
 * evidence pack in the copy's evidence folder.
 * Built once per test file and copied per test: a fresh, identical store in a few ms.
 */
export type Caller = 'anonymous' | Actor | 'policyOwnerSales';
export const callers: Caller[] = ['anonymous', 'reviewerA', 'reviewerB', 'policyOwner', 'policyOwnerSales', 'compliance', 'admin'];

export interface Credentials {
  token: string;
  sessionId: string;
  csrf: string;
}

export interface Template {
  dir: string;
  file: string;
  credentials: Record<Exclude<Caller, 'anonymous'>, Credentials>;
  /** The evidence pack every copy holds (exported by carol over the whole of 2026, HTML only). */
  packId: string;
  remove(): void;
}

export interface WorldCopy {
  dir: string;
  store: Store;
  close(): void;
}

const nextVersion = {
  pack: { id: 'cfg_support_prod', name: 'Support assistant', version: '2.4.0', author: 'pat' },
  deployed_at: '2026-03-04T00:00:00Z',
  policies: {
    chain: ['human-oversight'],
    policy: { 'human-oversight': { action: 'escalate', rules: [{ reason_code: 'violence_terms', match: { any: ['kill', 'shoot'] }, unless: { any: ['python process'] } }] } },
  },
};

export async function buildTemplate(): Promise<Template> {
  const world = await openWorld();
  const { store } = world;
  await store.run(
    `INSERT INTO configs (config_id, version, name, author, deployed_at, source_text, document)
     VALUES ('cfg_support_prod', '2.4.0', 'Support assistant', 'pat', '2026-03-04T00:00:00Z', 'pack: …', $doc::JSON)`,
    { doc: JSON.stringify(nextVersion) },
  );
  // Traffic under the new version (one allowed request per team), so before/after comparisons have both sides.
  for (const team of ['support', 'sales']) {
    await store.run(
      `INSERT INTO events (id, "timestamp", verdict, policy, config_id, config_version, provider, model, team, request)
       VALUES ($id, '2026-03-06T10:00:00Z', 'allow', 'human-oversight', 'cfg_support_prod', '2.4.0', 'openai', 'gpt-4o', $team, 'hello')`,
      { id: `evt_${team}_240`, team },
    );
  }
  await rebuildEventTraffic(store);
  const salesOwner = await createUser(store, { id: 'pia', role: 'policy_owner', teams: ['sales'] }, 'test');
  const people: Array<[Exclude<Caller, 'anonymous'>, string, string]> = [
    ...(Object.keys(world.tokens) as Actor[]).map((a): [Actor, string, string] => [a, userIds[a], world.tokens[a]]),
    ['policyOwnerSales', 'pia', salesOwner.token],
  ];
  const credentials = {} as Template['credentials'];
  for (const [caller, id, token] of people) {
    const principal = (await store.one<{ role: string; teams: string[] }>('SELECT role, teams FROM users WHERE id = $id', { id }))!;
    const { sessionId, session } = await openWebSession(store, { id, role: principal.role as never, teams: principal.teams ?? [] });
    credentials[caller] = { token, sessionId, csrf: session.csrfToken };
  }
  store.close();
  // One evidence pack (HTML only) for the evidence routes to list, show and download; copies carry its folder.
  const worldEvidence = join(world.dir, 'evidence');
  const exporter = await openStore(join(world.dir, 'kt.duckdb'), { allowedDirectories: [worldEvidence] });
  const pack = await exportEvidence(exporter, { from: '2026-01-01', to: '2027-01-01', reason: 'template pack' },
    { outDir: join(worldEvidence, 'pack-template'), actor: userIds.compliance, viewer: 'everyone', pdf: false });
  exporter.close();
  const dir = mkdtempSync(join(tmpdir(), 'kt-reliability-'));
  const file = join(dir, 'template.duckdb');
  copyStoreFile(join(world.dir, 'kt.duckdb'), file);
  cpSync(worldEvidence, join(dir, 'evidence'), { recursive: true });
  world.close();
  return { dir, file, credentials, packId: pack.pack_id, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function copyStoreFile(from: string, to: string): void {
  copyFileSync(from, to);
  if (existsSync(`${from}.wal`)) copyFileSync(`${from}.wal`, `${to}.wal`);
}

/** A private copy of the template, opened with its evidence folder allowed (as `kt serve` does). */
export async function copyWorld(template: Template): Promise<WorldCopy> {
  const dir = mkdtempSync(join(template.dir, 'copy-'));
  const file = join(dir, 'kt.duckdb');
  copyStoreFile(template.file, file);
  const evidence = join(dir, 'evidence');
  cpSync(join(template.dir, 'evidence'), evidence, { recursive: true });
  const store = await openStore(file, { allowedDirectories: [evidence] });
  return { dir, store, close: () => { store.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** A draft config the tune routes accept: 2.5.0 of the world's pack, narrowing violence_terms to one term. */
/**
 * A well-formed attestation by a stranger's key of a head no world copy has at entry 3: the
 * checks run through and answer that it does not hold (200), changing nothing.
 */
export const strangerAttestation = (() => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const publicKey = createPublicKey(privateKey);
  const key = { file: 'stranger.pem', privateKey, publicKey, fingerprint: keyFingerprint(publicKey) };
  return signAttestation({ entries: 3, head: 'f'.repeat(64), head_recorded_at: '2026-03-01T10:00:00.000Z', attested_at: '2026-03-02T10:00:00.000Z' }, key);
})();

export const validDraft = `pack: { id: cfg_support_prod, name: Support assistant, version: 2.5.0, author: pat }
policies:
  chain: [human-oversight]
  policy:
    human-oversight:
      action: escalate
      rules:
        - reason_code: violence_terms
          match: { any: [shoot] }
`;

const checkedTables = ['events', 'escalations', 'configs', 'users', 'audit', 'web_sessions', 'whatif_predictions'] as const;

/** A digest of every row of every table: equal digests mean no data changed. */
export async function tableDigests(store: Store): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const table of checkedTables) {
    // Table names come from the fixed list above; rows are ordered by their full text.
    const rows = await store.all<{ row: string }>(`SELECT CAST(t AS VARCHAR) AS row FROM ${table} t ORDER BY 1`);
    digests[table] = createHash('sha256').update(rows.map((r) => r.row).join('\n')).digest('hex') + `:${rows.length}`;
  }
  return digests;
}
