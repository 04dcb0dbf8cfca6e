import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { isTeamLimitedAdmin, roles } from '../domain/user.js';
import { formatDate } from '../render/format.js';
import { withStore } from '../store/database.js';
import { createUser, listUsers, revokeUser } from '../store/users.js';
import { globalOptions } from './context.js';
import { formatTable } from './table.js';

/** Who a local command acts as in the audit log: the operating-system user at the terminal. */
export function localActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** What `kt users list` says of a token: revoked, active, or refused (an older store's admin limited to teams). */
function userState(user: { role: (typeof roles)[number]; teams: string[]; revoked_at: string | null }): string {
  if (user.revoked_at) return 'revoked';
  return isTeamLimitedAdmin(user) ? 'refused: admin limited to teams' : 'active';
}

/** kt users add|list|revoke: API users and their tokens, on the store file. */
export function registerUsers(program: Command): void {
  const users = program.command('users').description('API users, their roles and teams, and their tokens');

  users
    .command('add')
    .description('add a user and print their API token (shown only this once)')
    .argument('<name>', 'the user id, e.g. alice')
    .requiredOption('--role <role>', roles.join(' | '))
    .option('--team <team>', 'limit the user to a team (repeat for several; none = every team)', collect, [])
    .action(async (name: string, opts: { role: string; team: string[] }, cmd: Command) => {
      const g = globalOptions(cmd);
      const { user, token } = await withStore(g.db, {}, (store) => createUser(store, { id: name, role: opts.role, teams: opts.team }, localActor()));
      if (g.json) {
        process.stdout.write(JSON.stringify({ user, token }, null, 2) + '\n');
        return;
      }
      const teams = user.teams.length > 0 ? user.teams.join(', ') : 'every team';
      process.stdout.write(`Added ${user.id} (${user.role}; ${teams}).\nAPI token (shown once; only its hash is kept):\n${token}\n`);
    });

  users
    .command('list')
    .description('every user with role, teams and whether their token is revoked (or refused: an admin limited to teams, from an older kt)')
    .action(async (_opts: unknown, cmd: Command) => {
      const g = globalOptions(cmd);
      const rows = await withStore(g.db, { existing: true }, (store) => listUsers(store));
      if (g.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      else process.stdout.write(formatTable(rows.map((u) => ({ ...u, teams: u.teams.join(',') || '(all)', state: userState(u), created_at: formatDate(u.created_at), revoked_at: u.revoked_at ? formatDate(u.revoked_at) : '' })), ['id', 'role', 'teams', 'state', 'created_at', 'revoked_at']));
    });

  users
    .command('revoke')
    .description('revoke a user\'s token at once (their audit entries stay)')
    .argument('<name>')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const g = globalOptions(cmd);
      const user = await withStore(g.db, { existing: true }, (store) => revokeUser(store, name, localActor()));
      if (g.json) process.stdout.write(JSON.stringify(user, null, 2) + '\n');
      else process.stdout.write(`Revoked ${user.id} at ${user.revoked_at}.\n`);
    });
}
