import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/store/audit.js';
import { userMismatchText } from '../../src/store/audit-users.js';
import { appendAudit } from '../../src/store/audit.js';
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

  it('shows a token hash swapped in place without printing either hash', async () => {
    const [{ token_hash: before }] = await world.store.all<{ token_hash: string }>(`SELECT token_hash FROM users WHERE id = 'root'`);
    await world.store.run(`UPDATE users SET token_hash = ? WHERE id = 'root'`, [tokenHash('kt_backdoor')]);
    const { ok, users, texts } = await userMismatches();
    expect(ok).toBe(false);
    expect(users.first).toMatchObject([{ user: 'root', field: 'token' }]);
    expect(texts).toEqual([expect.stringMatching(/^user root has a token in the store that its audit entry \(\d+\) did not issue \(the token hash was replaced outside kt\)$/)]);
    expect(JSON.stringify(users)).not.toContain(before);
    expect(JSON.stringify(users)).not.toContain(tokenHash('kt_backdoor'));
  });

  it('does not hold the token of a user whose entry predates fingerprints', async () => {
    await world.store.run(`INSERT INTO users (id, role, teams, token_hash, created_at) VALUES ('olde', 'viewer', []::VARCHAR[], ?, now())`, [tokenHash('kt_old')]);
    await world.store.transaction((tx) => appendAudit(tx, [{ actor: 'test', action: 'user_add', target: 'olde', before: null, after: { role: 'viewer', teams: [] } }]));
    await world.store.run(`UPDATE users SET token_hash = ? WHERE id = 'olde'`, [tokenHash('kt_other')]);
    const { ok, users } = await userMismatches();
    expect(ok).toBe(true);
    expect(users.mismatched).toBe(0);
  });
});
