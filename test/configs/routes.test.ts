import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { openStore, type Store } from '../../src/store/database.js';
import { createUser } from '../../src/store/users.js';
import { fixtureText, loadTuneFixture } from '../tune/fixture.js';

let dir: string;
let store: Store;
let app: ReturnType<typeof createApp>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kt-config-routes-'));
  store = await openStore(join(dir, 'kt.duckdb'));
  await loadTuneFixture(store);
  for (const role of ['reviewer', 'policy_owner', 'compliance', 'admin']) {
    tokens[role] = (await createUser(store, { id: role.replace('_', '-'), role }, 'test')).token;
  }
  tokens.limited_owner = (await createUser(store, { id: 'owner-of-sales', role: 'policy_owner', teams: ['sales'] }, 'test')).token;
  app = createApp(store);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get(path: string, role: string) {
  const response = await app.request(path, { headers: { Authorization: `Bearer ${tokens[role]}` } });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

describe('GET /api/configs', () => {
  it('lists versions for policy owners, compliance and admins, not reviewers', async () => {
    for (const role of ['policy_owner', 'compliance', 'admin']) {
      const { status, json } = await get('/api/configs?config_id=cfg_fixture', role);
      expect(status).toBe(200);
      expect((json as unknown as Array<{ version: string; events: number }>).map((v) => [v.version, v.events])).toEqual([['1.0.0', 14], ['1.1.0', 10]]);
    }
    expect((await get('/api/configs', 'reviewer')).status).toBe(403);
    expect((await app.request('/api/configs')).status).toBe(401);
  });

  it('shows one version with its YAML as imported, and 404s an unknown one', async () => {
    const { status, json } = await get('/api/configs/cfg_fixture/1.1.0', 'compliance');
    expect(status).toBe(200);
    expect(json.source_text).toBe(fixtureText('cfg-fixture-1.1.0.yaml'));
    expect(json.document.pack.author).toBe('sam');
    const missing = await get('/api/configs/cfg_fixture/3.0.0', 'compliance');
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toMatch(/stored versions: 1\.0\.0, 1\.1\.0/);
  });

  it('diffs two versions', async () => {
    const { status, json } = await get('/api/configs/cfg_fixture/diff?from=1.0.0&to=1.1.0', 'policy_owner');
    expect(status).toBe(200);
    expect(json.policies.changed[0].rules.added.map((r: { reason_code: string }) => r.reason_code)).toEqual(['jailbreak']);
    expect((await get('/api/configs/cfg_fixture/diff?from=1.0.0', 'policy_owner')).status).toBe(400);
  });
});

describe('POST /api/tune/whatif', () => {
  it('replays a draft sent as YAML or JSON for policy owners and admins', async () => {
    const yaml = await app.request('/api/tune/whatif?since=2025-12-01T00:00:00Z&config_version=1.0.0', {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.policy_owner}`, 'Content-Type': 'application/yaml' },
      body: fixtureText('draft-1.1.0.yaml'),
    });
    expect(yaml.status).toBe(200);
    const result = (await yaml.json()) as { events: number; removed: { true_positives: string[] } };
    expect(result.events).toBe(13);
    expect(result.removed.true_positives).toEqual(['evt_e05']);
    const json = await app.request('/api/tune/whatif', {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ draft: fixtureText('draft-1.1.0.yaml'), since: '2025-12-01T00:00:00Z', config_version: '1.0.0' }),
    });
    expect(json.status).toBe(200);
  });

  it("replays only a team-limited caller's teams (the fixture's events belong to no team)", async () => {
    const limited = await app.request('/api/tune/whatif?since=2025-12-01T00:00:00Z', {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.limited_owner}`, 'Content-Type': 'application/yaml' },
      body: fixtureText('draft-1.1.0.yaml'),
    });
    expect(limited.status).toBe(400);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toMatch(/No stored events of config cfg_fixture of your teams \(sales\)/);
  });

  const redosDraft = (unless: string) => `pack: { id: cfg_redos, version: 1.0.1 }
policies:
  policy:
    human-oversight:
      action: escalate
      rules:
        - reason_code: violence_terms
          match: { any: [kill] }
          unless: { regex: '${unless}' }
`;
  const postDraft = (body: string) =>
    app.request('/api/tune/whatif?since=2025-12-01T00:00:00Z', {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.policy_owner}`, 'Content-Type': 'application/yaml' },
      body,
    });

  it('answers a draft with a catastrophic-backtracking regex over a long request, and keeps serving', async () => {
    await store.run(
      `INSERT INTO events (id, "timestamp", verdict, config_id, config_version, request)
       VALUES ('evt_redos', '2026-01-20T10:00:00Z', 'allow', 'cfg_redos', '1.0.0', $request)`,
      { request: `kill ${'word '.repeat(20_000)}now!` },
    );
    const answer = await postDraft(redosDraft('^(\\w+\\s?)*$'));
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { added: { sample_ids: string[] } }).added.sample_ids).toEqual(['evt_redos']);
    expect((await app.request('/healthz')).status).toBe(200);
  }, 20_000);

  it('refuses a draft whose regex RE2 cannot run (400 naming policy, rule and field)', async () => {
    const answer = await postDraft(redosDraft('kill(?! time)'));
    expect(answer.status).toBe(400);
    const { error } = (await answer.json()) as { error: { code: string; message: string; details: Record<string, unknown> } };
    expect(error.code).toBe('bad_file');
    expect(error.message).toMatch(/^request body: policy human-oversight, rule 1 \(violence_terms\), unless\.regex: the regex "kill\(\?! time\)" uses lookahead or lookbehind/);
    expect(error.details).toMatchObject({ policy: 'human-oversight', rule: 1, field: 'unless.regex', line: 9 });
  });

  it('refuses compliance (403) and an invalid draft (400 naming the field)', async () => {
    const denied = await app.request('/api/tune/whatif', {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.compliance}`, 'Content-Type': 'application/yaml' },
      body: fixtureText('draft-1.1.0.yaml'),
    });
    expect(denied.status).toBe(403);
    const bad = await app.request('/api/tune/whatif', {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.policy_owner}`, 'Content-Type': 'application/yaml' },
      body: 'pack: { id: x }\n',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/request body: pack\.version/);
  });
});
