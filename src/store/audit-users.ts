import type { AuditEntry } from '../domain/audit.js';
import type { Executor } from './database.js';
import { query } from './queries.js';
import { entryFields, Mismatches } from './audit-compare.js';
import { tokenFingerprint } from './tokens.js';

/** A kt user whose stored row says something its audit entries do not. */
export interface UserMismatch {
  user: string;
  /**
   * The field that differs, or `row` when the row itself is missing or has no entry.
   * For `token`, stored and audited are the two fingerprints, never the hash.
   */
  field: 'role' | 'teams' | 'revoked' | 'token' | 'row';
  stored: unknown;
  audited: unknown;
  /** The last audit entry about the user (null when there is none). */
  seq: number | null;
}

interface AuditedUser {
  role: unknown;
  teams: string[];
  /** The fingerprint of the token the user_add entry issued; null for entries written before kt recorded it. */
  token: string | null;
  revoked: boolean;
  seq: number;
}

/**
 * What the audit log says each user is now (user_add sets role and teams, user_revoke
 * ends the token). The users table decides who may do what, so a role raised, a team
 * limit dropped, a revoked token brought back, a token hash swapped in place or a user
 * added outside kt would grant access without a trace in the chain; holding the rows
 * against their entries shows it.
 */
export class AuditedUsers {
  private readonly users = new Map<string, AuditedUser>();

  add(entry: AuditEntry): void {
    if (entry.action === 'user_add') {
      const after = entryFields(entry.after);
      const teams = Array.isArray(after.teams) ? after.teams.map(String) : [];
      const token = typeof after.token_fingerprint === 'string' ? after.token_fingerprint : null;
      this.users.set(entry.target, { role: after.role ?? null, teams, token, revoked: false, seq: entry.seq });
    } else if (entry.action === 'user_revoke') {
      const known = this.users.get(entry.target);
      if (known) this.users.set(entry.target, { ...known, revoked: true, seq: entry.seq });
    }
  }

  /** Every stored user against their audited state; at most `limit` mismatches are listed, all are counted. */
  async compare(db: Executor, limit = 10): Promise<{ users: number; mismatched: number; first: UserMismatch[] }> {
    const rows = await db.all<{ id: string; role: string; teams: string[] | null; token_hash: string; revoked: boolean }>(query('audit_user_states'));
    const mismatches = new Mismatches<UserMismatch>(limit);
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      const audited = this.users.get(row.id);
      if (!audited) {
        mismatches.note({ user: row.id, field: 'row', stored: 'present', audited: 'no entry', seq: null });
        continue;
      }
      const teams = [...(row.teams ?? [])];
      if (row.role !== audited.role) mismatches.note({ user: row.id, field: 'role', stored: row.role, audited: audited.role, seq: audited.seq });
      else if (teams.join('\u0000') !== audited.teams.join('\u0000')) mismatches.note({ user: row.id, field: 'teams', stored: teams, audited: audited.teams, seq: audited.seq });
      else if (Boolean(row.revoked) !== audited.revoked) mismatches.note({ user: row.id, field: 'revoked', stored: Boolean(row.revoked), audited: audited.revoked, seq: audited.seq });
      else if (audited.token !== null) {
        const token = tokenFingerprint(row.token_hash);
        if (token !== audited.token) mismatches.note({ user: row.id, field: 'token', stored: token, audited: audited.token, seq: audited.seq });
      }
    }
    for (const [id, audited] of this.users) {
      if (!seen.has(id)) mismatches.note({ user: id, field: 'row', stored: 'missing', audited: audited.revoked ? 'revoked' : 'active', seq: audited.seq });
    }
    return { users: rows.length, mismatched: mismatches.count, first: mismatches.first };
  }
}


/** One sentence about a mismatch, for the CLI and the web UI. */
export function userMismatchText(m: UserMismatch): string {
  if (m.field === 'row') {
    return m.stored === 'missing'
      ? `user ${m.user} is gone from the store, though its audit entries (last ${m.seq}) leave it ${String(m.audited)}`
      : `user ${m.user} has no audit entry (added outside kt)`;
  }
  if (m.field === 'revoked') {
    return `user ${m.user} is ${m.stored ? 'revoked' : 'active'} in the store, but its last audit entry (${m.seq}) leaves it ${m.audited ? 'revoked' : 'active'}`;
  }
  if (m.field === 'token') {
    return `user ${m.user} has a token in the store that its audit entry (${m.seq}) did not issue (the token hash was replaced outside kt)`;
  }
  const shown = (v: unknown) => (Array.isArray(v) ? (v.length === 0 ? '(all teams)' : v.join(', ')) : String(v));
  return `user ${m.user} has ${m.field} ${shown(m.stored)} in the store, but its last audit entry (${m.seq}) leaves it ${shown(m.audited)}`;
}
