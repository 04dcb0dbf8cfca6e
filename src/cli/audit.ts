import type { Command } from 'commander';
import { KtError } from '../errors.js';
import { auditFor, verifyAudit } from '../store/audit.js';
import { mismatchText } from '../store/audit-state.js';
import { userMismatchText } from '../store/audit-users.js';
import { auditActions } from '../domain/audit.js';
import { wholeNumber } from '../domain/numbers.js';
import { recentAudit } from '../store/audit-log.js';
import { auditFilterSchema, searchAudit, type AuditFilter } from '../store/audit-search.js';
import { withStore } from '../store/database.js';
import { globalOptions } from './context.js';
import { checkFlags, numberFlag } from './flags.js';
import { auditRows } from './escalation-text.js';
import { formatTable } from './table.js';

/**
 * The CLI's --limit may go higher than the API's page (500): the CLI has no cursor,
 * and a local user reading a whole timeline holds the store file anyway.
 */
const limitSchema = wholeNumber({ min: 1, max: 1_000_000 });

/** The log's filters from flags, checked by the API's schema. */
function cliFilter(opts: { actor?: string; action?: string; target?: string; since?: string; until?: string }, limit: number): AuditFilter {
  const schema = auditFilterSchema.omit({ limit: true });
  const values = { actor: opts.actor, action: opts.action, target: opts.target, since: opts.since, until: opts.until };
  checkFlags(schema, values);
  return { ...schema.parse(values), limit };
}

/** kt audit verify|log: works directly on the store file (no server needed). */
export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log: verify it, read it');

  audit
    .command('verify')
    .description('recompute the whole chain and hold every escalation against its entries; exit non-zero naming the first problem')
    .option('--expect-head <hash>', 'a head hash noted earlier (an earlier verify, an evidence manifest): fail when the chain no longer holds that entry')
    .action(async (opts: { expectHead?: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      // Hex is hex in either case (a head copied from a tool that prints capitals); kt's hashes are lowercase.
      const expectHead = opts.expectHead?.trim().toLowerCase();
      if (expectHead !== undefined && !/^[0-9a-f]{64}$/.test(expectHead)) {
        throw new KtError('bad_input', `Invalid --expect-head ${opts.expectHead}: give the 64-character hex hash an earlier kt audit verify printed.`, { expect_head: opts.expectHead });
      }
      const result = await withStore(g.db, { existing: true }, (store) => verifyAudit(store, { expectHead }));
      if (g.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      if (result.firstBroken) {
        const { seq, reason } = result.firstBroken;
        throw new KtError('bad_file', `The audit chain of ${g.db} is broken at entry ${seq}: ${reason}. ${result.entries} entries before it verify.`, { db: g.db, ...result.firstBroken, verified: result.entries });
      }
      if (result.expected_head && !result.expected_head.found) {
        throw new KtError('bad_file', `The audit chain of ${g.db} no longer holds entry ${result.expected_head.hash}: entries up to it were removed or rewritten (the chain now has ${result.entries} entries, head ${result.head}).`, { db: g.db, expected_head: result.expected_head.hash, entries: result.entries, head: result.head });
      }
      if (result.state && result.state.mismatched > 0) {
        const { mismatched, first } = result.state;
        if (!g.json) for (const m of first) process.stdout.write(`MISMATCH: ${mismatchText(m)}\n`);
        throw new KtError('bad_file', `The audit log of ${g.db} does not account for ${mismatched} escalation(s), first: ${mismatchText(first[0]!)}. Rows were changed outside kt, or the newest audit entries were removed.`, { db: g.db, mismatched, first });
      }
      if (result.users && result.users.mismatched > 0) {
        const { mismatched, first } = result.users;
        if (!g.json) for (const m of first) process.stdout.write(`MISMATCH: ${userMismatchText(m)}\n`);
        throw new KtError('bad_file', `The audit log of ${g.db} does not account for ${mismatched} user(s), first: ${userMismatchText(first[0]!)}. The users table was changed outside kt, or the newest audit entries were removed.`, { db: g.db, mismatched, first });
      }
      if (!g.json) process.stdout.write(`Audit chain OK: ${result.entries} entries, head ${result.head}; all ${result.state?.escalations ?? 0} escalations and ${result.users?.users ?? 0} users match their entries\n`);
    });

  audit
    .command('log')
    .description('audit entries: one escalation\'s (or user\'s) timeline, or the latest entries')
    .option('--escalation <id>', 'only entries about this escalation')
    .option('--target <id>', 'only entries about this target (an escalation, a user, a file)')
    .option('--actor <id>', 'only entries by this actor (a user id, kt, importer)')
    .option('--action <action>', `only this action: ${auditActions.join(', ')}`)
    .option('--since <time>', 'only entries since (24h, 7d or RFC 3339)')
    .option('--until <time>', 'only entries before (24h, 7d or RFC 3339)')
    .option('--limit <n>', 'without a target: how many of the latest entries', '50')
    .action(async (opts: { escalation?: string; target?: string; actor?: string; action?: string; since?: string; until?: string; limit: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      const target = opts.escalation ?? opts.target;
      const limit = numberFlag('--limit', opts.limit, limitSchema);
      const filtered = [opts.actor, opts.action, opts.since, opts.until].some((v) => v !== undefined);
      const entries = await withStore(g.db, { existing: true }, async (store) => {
        if (filtered) return (await searchAudit(store, 'everyone', cliFilter({ ...opts, target }, limit))).entries.reverse();
        return target === undefined ? recentAudit(store, limit) : auditFor(store, target);
      });
      if (target !== undefined && entries.length === 0) {
        throw new KtError('not_found', `No audit entries for ${target} in ${g.db}.`, { target });
      }
      if (g.json) process.stdout.write(JSON.stringify(entries, null, 2) + '\n');
      else process.stdout.write(formatTable(auditRows(entries), ['seq', 'at', 'actor', 'action', 'target', 'change']));
    });
}
