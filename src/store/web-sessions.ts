import { createHash, randomBytes } from 'node:crypto';
import { isTeamLimitedAdmin, type Principal, type Role } from '../domain/user.js';
import { cachedAnswer } from './answer-cache.js';
import type { Executor, Store } from './database.js';
import { query } from './queries.js';

/**
 * Web UI sessions. The browser holds a random 256-bit session id; the store keeps
 * only its SHA-256, so a copied store file cannot be replayed as a login. Every
 * request looks the session up, so signing out, expiry and revoking the user's
 * token all end it at once (no signed cookie that stays valid until it expires).
 * A found session is kept until the store's next write (see answer-cache): signing
 * out, revoking a user or changing their role or teams is a write, and the expiry is
 * checked against the clock on every request.
 */

/** A work day plus slack: after this a reviewer signs in again. */
export const sessionLifetimeMs = 12 * 60 * 60 * 1000;

export interface WebSession {
  principal: Principal;
  /** The synchronizer token every form of this session must send back. */
  csrfToken: string;
  expiresAt: string;
}

function sessionHash(sessionId: string): string {
  return createHash('sha256').update(sessionId, 'utf8').digest('hex');
}

/** Opens a session for a signed-in user and returns the id to put in the cookie. */
export async function openWebSession(store: Store, principal: Principal, now = new Date()): Promise<{ sessionId: string; session: WebSession }> {
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs).toISOString();
  await store.transaction(async (tx) => {
    await tx.run(query('web_session_purge_expired'), { now: now.toISOString() });
    await tx.run(query('web_session_insert'), {
      id_hash: sessionHash(sessionId),
      user_id: principal.id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt,
    });
  });
  return { sessionId, session: { principal, csrfToken, expiresAt } };
}

/** The live session behind a cookie value, or undefined (unknown, expired, signed out, or user revoked). */
export async function findWebSession(db: Executor, sessionId: string, now = new Date()): Promise<WebSession | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(sessionId)) return undefined;
  const id_hash = sessionHash(sessionId);
  const row = await cachedAnswer(
    db,
    JSON.stringify(['web_session_by_id_hash', id_hash]),
    () => db.one<{ user_id: string; csrf_token: string; expires_at: string; role: Role; teams: string[] | null }>(query('web_session_by_id_hash'), { id_hash }),
    (found) => found !== undefined, // unknown ids are not kept: junk cookies do not pile up
  );
  if (!row || Date.parse(row.expires_at) <= now.getTime()) return undefined;
  // A session an admin limited to teams opened before kt refused them counts as signed
  // out: the browser lands on the sign-in page, which says why their token is refused.
  if (isTeamLimitedAdmin({ role: row.role, teams: row.teams ?? [] })) return undefined;
  // A fresh principal each time: callers may not share (or mutate) the kept row.
  return {
    principal: { id: row.user_id, role: row.role, teams: [...(row.teams ?? [])] },
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
  };
}

/** Signs a session out; harmless for an unknown or already ended one. */
export async function closeWebSession(store: Store, sessionId: string, now = new Date()): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.run(query('web_session_revoke'), { id_hash: sessionHash(sessionId), now: now.toISOString() });
  });
}
