import { createMiddleware } from 'hono/factory';
import { KtError, forbidden } from '../errors.js';
import { can, type Capability, type Principal } from '../domain/user.js';
import type { Executor } from '../store/database.js';
import { findUserByToken } from '../store/users.js';
import type { AppEnv } from './env.js';

/**
 * The caller a token belongs to, or a 401 for a missing, unknown or revoked token.
 * A session-cookie layer (the web UI) resolves its stored token through this too.
 */
export async function principalFromToken(db: Executor, token: string | undefined): Promise<Principal> {
  if (!token) throw new KtError('unauthorized', 'Authentication required: send Authorization: Bearer TOKEN (kt users add prints one).');
  const principal = await findUserByToken(db, token);
  if (!principal) throw new KtError('unauthorized', 'The token is unknown or has been revoked.');
  return principal;
}

/** The token of an `Authorization: Bearer TOKEN` header, if that is what was sent. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/**
 * Sets the caller from the bearer token. Identity comes only from the token (or
 * from a principal an earlier server-side session layer set); body fields and
 * headers such as X-User are never read.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get('principal')) {
    c.set('principal', await principalFromToken(c.get('store'), bearerToken(c.req.header('Authorization'))));
  }
  await next();
});

/** 403 unless the caller's role has the capability (see roleCan in src/domain/user.ts). */
export function requireCapability(capability: Capability) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const principal = c.get('principal');
    if (!principal) throw new KtError('unauthorized', 'Authentication required.');
    if (!can(principal, capability)) {
      throw forbidden(`Your role ${principal.role} may not ${capabilityVerb[capability]}.`, { role: principal.role, capability });
    }
    await next();
  });
}

const capabilityVerb: Record<Capability, string> = {
  review: 'claim, unclaim or resolve escalations',
  analyze: 'run analytics',
  report: 'produce reports',
  evidence: 'export evidence',
  audit: 'read or verify the audit log',
  tune: 'tune policies',
  ingest: 'ingest data',
  administer: 'administer users or reassign escalations',
};
