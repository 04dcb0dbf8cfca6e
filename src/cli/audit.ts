import type { Command } from 'commander';
import { z } from 'zod';
import { KtError } from '../errors.js';
import { auditFor, verifyAudit } from '../store/audit.js';
import { recentAudit } from '../store/audit-log.js';
import { withStore } from '../store/database.js';
import { globalOptions } from './context.js';
import { auditRows } from './escalation-text.js';
import { formatTable } from './table.js';

const limitSchema = z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(1_000_000, 'must be at most 1000000');

/** kt audit verify|log: works directly on the store file (no server needed). */
export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('The hash-chained audit log: verify it, read it');

  audit
    .command('verify')
    .description('recompute the whole chain; exit non-zero naming the first broken entry')
    .action(async (_opts: unknown, cmd: Command) => {
      const g = globalOptions(cmd);
      const result = await withStore(g.db, {}, (store) => verifyAudit(store));
      if (g.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      if (result.firstBroken) {
        const { seq, reason } = result.firstBroken;
        throw new KtError('bad_file', `The audit chain of ${g.db} is broken at entry ${seq}: ${reason}. ${result.entries} entries before it verify.`, { db: g.db, ...result.firstBroken, verified: result.entries });
      }
      if (!g.json) process.stdout.write(`Audit chain OK: ${result.entries} entries, head ${result.head}\n`);
    });

  audit
    .command('log')
    .description('audit entries: one escalation\'s (or user\'s) timeline, or the latest entries')
    .option('--escalation <id>', 'only entries about this escalation')
    .option('--target <id>', 'only entries about this target (an escalation, a user, a file)')
    .option('--limit <n>', 'without a target: how many of the latest entries', '50')
    .action(async (opts: { escalation?: string; target?: string; limit: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      const target = opts.escalation ?? opts.target;
      const limit = limitSchema.safeParse(opts.limit);
      if (!limit.success) throw new KtError('bad_input', `Invalid --limit ${opts.limit}: ${limit.error.issues[0]?.message}.`, { limit: opts.limit });
      const entries = await withStore(g.db, {}, (store) => (target === undefined ? recentAudit(store, limit.data) : auditFor(store, target)));
      if (target !== undefined && entries.length === 0) {
        throw new KtError('not_found', `No audit entries for ${target} in ${g.db}.`, { target });
      }
      if (g.json) process.stdout.write(JSON.stringify(entries, null, 2) + '\n');
      else process.stdout.write(formatTable(auditRows(entries), ['seq', 'at', 'actor', 'action', 'target', 'change']));
    });
}
