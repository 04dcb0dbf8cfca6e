import { badInput, conflict, notFound } from '../errors.js';
import { isTeamLimitedAdmin, newUserSchema, teamLimitedAdminInput, teamLimitedAdminLogin, type NewUser, type Principal, type Role } from '../domain/user.js';
import { cachedAnswer } from './answer-cache.js';
import { appendAudit } from './audit.js';
import type { Executor, Store } from './database.js';
import { query } from './queries.js';
import { newToken, tokenFingerprint, tokenHash } from './tokens.js';

/** A kt user as listed: never the token, never its hash. */
export interface User {
  id: string;
  role: Role;
  teams: string[];
  created_at: string;
  revoked_at: string | null;
}

export { newToken, tokenHash } from './tokens.js';

/** The input's field a schema issue is about, as the refusal quotes it (the whole teams list for a team). */
function valueAt(input: object, key: PropertyKey | undefined): unknown {
  return key === undefined ? undefined : (input as Record<PropertyKey, unknown>)[key];
}

/**
 * Adds a user and returns their token, the only time it is ever shown.
 * `actor` is who did it (a user id, or e.g. `cli` for the local command line).
 */
export async function createUser(store: Store, input: { id: string; role: string; teams?: string[] }, actor: string): Promise<{ user: User; token: string }> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) {
    // Each issue with the value it refused (teams.0: the first team), so a form can say every one.
    const issues = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message, value: valueAt(input, i.path[0]) }));
    const first = parsed.error.issues[0];
    const value = first?.path[0] === undefined ? undefined : (input as Record<string, unknown>)[String(first.path[0])];
    throw badInput(`Invalid user ${first?.path.join('.') ?? ''} ${JSON.stringify(value)}: ${first?.message ?? 'invalid'}.`, { issues });
  }
  const fields: NewUser = { ...parsed.data, teams: [...new Set(parsed.data.teams)] };
  if (isTeamLimitedAdmin(fields)) throw teamLimitedAdminInput(fields);
  const token = newToken();
  const hash = tokenHash(token);
  const createdAt = new Date().toISOString();
  const user = await store.transaction(async (tx) => {
    const existing = await tx.one<User>(query('user_by_id_any_case'), { id: fields.id });
    if (existing) {
      const state = existing.revoked_at ? 'revoked' : 'active';
      if (existing.id !== fields.id) {
        throw conflict(`User ${existing.id} already exists (${state}); ${fields.id} differs from it only in case and would read as the same person in the audit log, so choose another name.`, { id: fields.id, field: 'id', existing: existing.id });
      }
      throw conflict(`User ${fields.id} already exists (${state}); choose another name.`, { id: fields.id, field: 'id' });
    }
    await tx.run(query('user_insert'), {
      id: fields.id,
      role: fields.role,
      // A JSON list binds whatever its length (an empty DuckDB list value has no item type).
      teams_json: JSON.stringify(fields.teams),
      token_hash: hash,
      created_at: createdAt,
    });
    await appendAudit(tx, [{ actor, action: 'user_add', target: fields.id, before: null, after: { role: fields.role, teams: fields.teams, token_fingerprint: tokenFingerprint(hash) } }]);
    const created = await userById(tx, fields.id);
    if (!created) throw new Error(`User ${fields.id} vanished right after it was added`);
    return created;
  });
  return { user, token };
}

/**
 * The caller a token belongs to, or undefined for an unknown or revoked token.
 * Every API request asks this, so a found user is kept until the store's next write
 * (see answer-cache): adding, revoking or changing any user is a write, so a revoked
 * token is refused and a new role or team list applies from the moment that write
 * returns. Kept by the token's hash; unknown tokens are not kept (junk tokens do not
 * pile up), they cost a lookup each as before.
 * An admin limited to teams (kept by an older store) is refused here, the one lookup
 * every token passes (API and web sign-in), with a sentence saying how to mend it.
 */
export async function findUserByToken(db: Executor, token: string): Promise<Principal | undefined> {
  const token_hash = tokenHash(token);
  const row = await cachedAnswer(
    db,
    JSON.stringify(['user_by_token_hash', token_hash]),
    () => db.one<{ id: string; role: Role; teams: string[] | null }>(query('user_by_token_hash'), { token_hash }),
    (found) => found !== undefined,
  );
  if (!row) return undefined;
  // A fresh principal each time: callers may not share (or mutate) the kept row.
  const principal: Principal = { id: row.id, role: row.role, teams: [...(row.teams ?? [])] };
  if (isTeamLimitedAdmin(principal)) throw teamLimitedAdminLogin(principal);
  return principal;
}

export async function userById(db: Executor, id: string): Promise<User | undefined> {
  const row = await db.one<User>(query('user_by_id'), { id });
  return row ? { ...row, teams: row.teams ?? [] } : undefined;
}

export async function listUsers(db: Executor): Promise<User[]> {
  const rows = await db.all<User>(query('user_list'));
  return rows.map((r) => ({ ...r, teams: r.teams ?? [] }));
}

/** Revokes a user's token at once; their past audit entries stay attributable. */
export async function revokeUser(store: Store, id: string, actor: string): Promise<User> {
  return store.transaction(async (tx) => {
    const existing = await userById(tx, id);
    if (!existing) throw notFound(`No user ${id}.`, { id });
    if (existing.revoked_at) throw conflict(`User ${id} was already revoked at ${existing.revoked_at}.`, { id, revoked_at: existing.revoked_at });
    const revokedAt = new Date().toISOString();
    await tx.run(query('user_revoke'), { id, revoked_at: revokedAt });
    await appendAudit(tx, [{ actor, action: 'user_revoke', target: id, before: { revoked_at: null }, after: { revoked_at: revokedAt } }]);
    const revoked = await userById(tx, id);
    if (!revoked) throw new Error(`User ${id} vanished while being revoked`);
    return revoked;
  });
}
