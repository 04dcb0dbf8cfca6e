import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/store/audit.js';
import { userMismatchText } from '../../src/store/audit-users.js';
import { revokeUser, tokenHash } from '../../src/store/users.js';
import { openWorld, type World } from '../review/seed.js';

// The users table decides who may do what: an edit to it outside kt must show in kt audit verify.
let world: World;
beforeEach(async () => {
  world = await openWorld();
  await revokeUser(world.store, 'pat', 'root');
});
afterEach(() => world.close());

const userMismatches = async () => {
  const result = await verifyAudit(world.store);
  expect(result.firstBroken).toBeUndefined();
  return { ok: result.ok, users: result.users!, texts: result.users!.first.map(userMismatchText) };
};

describe('audit verify: the stored users against their entries', () => {
  it('accounts for every user after adds and a revoke', async () => {
    const { ok, users } = await userMismatches();
    expect(ok).toBe(true);
    expect(users).toEqual({ users: 5, mismatched: 0, first: [] });
  });

  it('shows a role raised outside kt', async () => {
    await world.store.run(`UPDATE users SET role = 'admin' WHERE id = 'alice'`);
    const { ok, users, texts } = await userMismatches();
    expect(ok).toBe(false);
    expect(users.first).toMatchObject([{ user: 'alice', field: 'role', stored: 'admin', audited: 'reviewer' }]);
    expect(texts[0]).toMatch(/^user alice has role admin in the store, but its last audit entry \(\d+\) leaves it reviewer$/);
  });

  it('shows a team limit dropped outside kt', async () => {
    await world.store.run(`UPDATE users SET teams = []::VARCHAR[] WHERE id = 'bob'`);
    const { ok, texts } = await userMismatches();
    expect(ok).toBe(false);
    expect(texts).toEqual([expect.stringMatching(/^user bob has teams \(all teams\) in the store, but its last audit entry \(\d+\) leaves it sales$/)]);
  });

  it('shows a revoked token brought back outside kt', async () => {
    await world.store.run(`UPDATE users SET revoked_at = NULL WHERE id = 'pat'`);
    const { ok, texts } = await userMismatches();
    expect(ok).toBe(false);
    expect(texts).toEqual([expect.stringMatching(/^user pat is active in the store, but its last audit entry \(\d+\) leaves it revoked$/)]);
  });

  it('shows a user added or deleted outside kt', async () => {
    await world.store.run(`INSERT INTO users (id, role, teams, token_hash, created_at) VALUES ('mallory', 'admin', []::VARCHAR[], ?, now())`, [tokenHash('kt_backdoor')]);
    await world.store.run(`DELETE FROM users WHERE id = 'carol'`);
    const { ok, users, texts } = await userMismatches();
    expect(ok).toBe(false);
    expect(users.mismatched).toBe(2);
    expect(texts).toEqual(['user mallory has no audit entry (added outside kt)', expect.stringMatching(/^user carol is gone from the store, though its audit entries \(last \d+\) leave it active$/)]);
  });
});
