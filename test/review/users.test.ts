import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';
import { auditFor } from '../../src/store/audit.js';
import { query } from '../../src/store/queries.js';
import { createUser, findUserByToken, listUsers, newToken, revokeUser, tokenHash } from '../../src/store/users.js';
import { kt } from './cli.js';

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kt-users-'));
  store = await openStore(join(dir, 'kt.duckdb'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('users and tokens', () => {
  it('stores only the SHA-256 of a fresh random token, and finds the user by it until revoked', async () => {
    const { user, token } = await createUser(store, { id: 'alice', role: 'reviewer', teams: ['support', 'support', 'sales'] }, 'root');
    const second = await createUser(store, { id: 'bob', role: 'admin' }, 'root');
    expect(token).toMatch(/^kt_[A-Za-z0-9_-]{43}$/);
    expect(second.token).not.toBe(token);
    expect(user).toMatchObject({ id: 'alice', role: 'reviewer', teams: ['support', 'sales'], revoked_at: null });
    const stored = await store.all<{ token_hash: string }>('SELECT token_hash FROM users WHERE id = ?', ['alice']);
    expect(stored[0]!.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(await store.all('SELECT * FROM users'))).not.toContain(token);
    expect(await findUserByToken(store, token)).toEqual({ id: 'alice', role: 'reviewer', teams: ['support', 'sales'] });
    expect(await findUserByToken(store, token + 'x')).toBeUndefined();

    await revokeUser(store, 'alice', 'root');
    expect(await findUserByToken(store, token)).toBeUndefined();
    expect((await listUsers(store)).map((u) => [u.id, u.revoked_at !== null])).toEqual([['alice', true], ['bob', false]]);
    expect((await auditFor(store, 'alice')).map((e) => `${e.actor}:${e.action}`)).toEqual(['root:user_add', 'root:user_revoke']);
  });

  it('refuses a taken name, a bad name, an unknown role and revoking twice', async () => {
    await createUser(store, { id: 'alice', role: 'reviewer' }, 'root');
    await expect(createUser(store, { id: 'alice', role: 'admin' }, 'root')).rejects.toMatchObject({ code: 'conflict' });
    await expect(createUser(store, { id: 'al ice', role: 'admin' }, 'root')).rejects.toThrow(/Invalid user id "al ice"/);
    await expect(createUser(store, { id: 'carl', role: 'king' }, 'root')).rejects.toThrow(/role "king": must be one of reviewer/);
    await revokeUser(store, 'alice', 'root');
    await expect(revokeUser(store, 'alice', 'root')).rejects.toMatchObject({ code: 'conflict' });
    await expect(revokeUser(store, 'nobody', 'root')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('kt users add prints the token once; kt users list never shows it', async () => {
    store.close();
    const db = join(dir, 'kt.duckdb');
    const added = await kt(['--db', db, 'users', 'add', 'dana', '--role', 'reviewer', '--team', 'hr']);
    expect(added.code).toBe(0);
    const token = added.stdout.match(/kt_[A-Za-z0-9_-]{43}/)?.[0];
    expect(token).toBeDefined();
    const listed = await kt(['--db', db, '--json', 'users', 'list']);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id: 'dana', role: 'reviewer', teams: ['hr'], revoked_at: null })]);
    expect(listed.stdout).not.toContain(token!);
    store = await openStore(db);
    expect(await findUserByToken(store, token!)).toMatchObject({ id: 'dana' });
  });

  it('kt users add refuses --role admin with --team (exit 2, naming the field) and stores nothing', async () => {
    store.close();
    const db = join(dir, 'kt.duckdb');
    const added = await kt(['--db', db, 'users', 'add', 'adm_sales', '--role', 'admin', '--team', 'sales']);
    expect(added.code).toBe(2);
    expect(added.stderr).toMatch(/Invalid user teams \["sales"\]: an admin acts for every team and may not be limited to teams; leave out the teams to add/);
    expect(added.stdout).not.toMatch(/kt_/);
    store = await openStore(db);
    expect(await listUsers(store)).toEqual([]);
  });

  it('kt users list marks an admin limited to teams (from an older kt) as refused', async () => {
    await store.run(query('user_insert'), { id: 'adm_sales', role: 'admin', teams_json: '["sales"]', token_hash: tokenHash(newToken()), created_at: '2026-01-01T00:00:00Z' });
    await createUser(store, { id: 'root', role: 'admin' }, 'test');
    store.close();
    const listed = await kt(['--db', join(dir, 'kt.duckdb'), 'users', 'list']);
    expect(listed.code).toBe(0);
    const line = (id: string) => listed.stdout.split('\n').find((l) => l.startsWith(id)) ?? '';
    expect(line('adm_sales')).toContain('refused: admin limited to teams');
    expect(line('adm_sales')).toMatch(/2026-01-01 00:00 UTC\s*$/);
    expect(line('root')).toContain('active');
    store = await openStore(join(dir, 'kt.duckdb'));
  });
});
