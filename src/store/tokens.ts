import { createHash, randomBytes } from 'node:crypto';

/** A fresh API token: 32 random bytes, base64url, with a prefix that makes it recognisable in a leak scan. */
export function newToken(): string {
  return 'kt_' + randomBytes(32).toString('base64url');
}

/** Tokens are stored only as their SHA-256; a stolen store file does not hand out logins. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * What a user_add entry records of the token it issued: the first 16 hex of the SHA-256
 * of the stored hash. It lets `kt audit verify` see a hash swapped in place (someone with
 * the store file handing themselves another user's login) without the log holding the
 * hash itself; matching it with another token would take some 2^64 tries.
 */
export function tokenFingerprint(hash: string): string {
  return createHash('sha256').update(hash, 'utf8').digest('hex').slice(0, 16);
}
