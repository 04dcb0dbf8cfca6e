import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listConfigVersions } from '../../src/configs/versions.js';
import { createApp } from '../../src/server/app.js';
import { createUser } from '../../src/store/users.js';
import { openWorld, type World } from '../review/seed.js';
import { call } from '../server/request.js';

// The stored versions are everyone's; how many events ran under each is team data, so a
// caller limited to teams counts only theirs (the seed: cfg_support_prod 2.3.0 evaluated
// 5 support events and 2 sales events).

let world: World;
let app: ReturnType<typeof createApp>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  world = await openWorld();
  tokens.support = (await createUser(world.store, { id: 'owner-support', role: 'policy_owner', teams: ['support'] }, 'test')).token;
  tokens.sales = (await createUser(world.store, { id: 'compliance-sales', role: 'compliance', teams: ['sales'] }, 'test')).token;
  tokens.hr = (await createUser(world.store, { id: 'owner-hr', role: 'policy_owner', teams: ['hr'] }, 'test')).token;
  tokens.both = (await createUser(world.store, { id: 'owner-both', role: 'policy_owner', teams: ['support', 'sales'] }, 'test')).token;
  tokens.everyone = world.tokens.policyOwner;
  app = createApp(world.store);
});
afterAll(() => world.close());

const counts = (json: Array<{ config_id: string; version: string; events: number }>) => json.map((v) => [v.config_id, v.version, v.events]);

describe('event counts of stored config versions', () => {
  it("count only the caller's teams in GET /api/configs, with and without config_id", async () => {
    const expected: Record<string, number> = { everyone: 7, support: 5, sales: 2, both: 7, hr: 0 };
    for (const [who, events] of Object.entries(expected)) {
      for (const path of ['/api/configs', '/api/configs?config_id=cfg_support_prod']) {
        const { status, json } = await call(app, 'GET', path, tokens[who]);
        expect(status, `${who} ${path}`).toBe(200);
        expect(counts(json), `${who} ${path}`).toEqual([['cfg_support_prod', '2.3.0', events]]);
      }
    }
  });

  it('leave out events of no team for a limited caller, and count them for the CLI (every team)', async () => {
    await world.store.run(
      `INSERT INTO events (id, "timestamp", verdict, policy, config_id, config_version, team)
       VALUES ('evt_noteam', '2026-03-06T10:00:00Z', 'allow', 'human-oversight', 'cfg_support_prod', '2.3.0', NULL)`,
    );
    expect(counts(await listConfigVersions(world.store, 'everyone'))).toEqual([['cfg_support_prod', '2.3.0', 8]]);
    expect(counts(await listConfigVersions(world.store, { id: 'owner-support', role: 'policy_owner', teams: ['support'] }))).toEqual([['cfg_support_prod', '2.3.0', 5]]);
    expect(counts((await call(app, 'GET', '/api/configs', tokens.both)).json)).toEqual([['cfg_support_prod', '2.3.0', 7]]);
  });
});
