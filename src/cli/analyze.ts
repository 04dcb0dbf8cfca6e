import type { Command } from 'commander';
import type { z } from 'zod';
import { backlog, backlogQuerySchema } from '../analytics/backlog.js';
import { falsePositiveClusters, falsePositiveQuerySchema } from '../analytics/false-positives.js';
import { qualityQuerySchema, resolutionQuality } from '../analytics/quality.js';
import { tuningComparison, tuningQuerySchema } from '../analytics/tuning.js';
import { reviewVolume, volumeQuerySchema } from '../analytics/volume.js';
import { withStore, type Store } from '../store/database.js';
import { backlogText, falsePositivesText, qualityText, tuningText, volumeText } from './analyze-text.js';
import { tableToCsv } from '../analytics/table-formats.js';
import { answerTable, tableName, tableNames, type AnalyticsQuestion } from '../analytics/tables.js';
import { KtError } from '../errors.js';
import { globalOptions } from './context.js';
import { checkFlags } from './flags.js';
import { formatTable } from './table.js';

/** Flags as commander hands them over (camelCase); the analytics options are snake_case. */
type Flags = Record<string, string | undefined>;

function snakeCase(flags: Flags): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(flags)) {
    if (value !== undefined) out[key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value;
  }
  return out;
}

/**
 * One subcommand: check the flags against the question's schema (so a refusal names
 * the flag), open the store, ask the question with full local rights (the CLI works
 * on a file the user already holds), print JSON or a table. `--table NAME` prints one of
 * the answer's flat tables instead (src/analytics/tables.ts), `--csv` prints a table as CSV
 * (the default one unless --table names another), as GET /api/analytics/… answers them.
 */
function question<T>(name: AnalyticsQuestion, schema: z.ZodType, ask: (store: Store, options: Record<string, string>) => Promise<T>, text: (result: T) => string) {
  return async (flags: Flags & { csv?: boolean; table?: string }, cmd: Command): Promise<void> => {
    const g = globalOptions(cmd);
    const { csv, table, ...rest } = flags;
    const options = snakeCase(rest);
    checkFlags(schema, options);
    if (csv && g.json) throw new KtError('bad_input', 'Give --csv or --json, not both.', { flags: ['--csv', '--json'] });
    // A misspelt table is refused before the question is asked.
    if (table !== undefined) tableName(name, table);
    const result = await withStore(g.db, { existing: true }, (store) => ask(store, options));
    if (!csv && table === undefined) {
      process.stdout.write(g.json ? JSON.stringify(result, null, 2) + '\n' : text(result));
      return;
    }
    const flat = answerTable(name, result as never, schema.parse(options) as Record<string, unknown>, table);
    if (csv) process.stdout.write(tableToCsv(flat));
    else if (g.json) process.stdout.write(JSON.stringify(flat.rows, null, 2) + '\n');
    else process.stdout.write(formatTable(flat.rows, flat.columns.map((c) => c.name)));
  };
}

/** --csv and --table, naming the question's tables. */
function withTables(command: Command, name: AnalyticsQuestion): Command {
  const [first, ...others] = tableNames(name);
  return command
    .option('--table <name>', `print one flat table of the answer: ${[first, ...others].join(', ')}`)
    .option('--csv', `print a table as CSV (${first}, or the one --table names)`);
}

function withScope(command: Command, configId: 'optional' | 'required' = 'optional'): Command {
  command
    .option('--since <when>', 'from this time: a duration back from now (7d, 24h) or RFC 3339')
    .option('--until <when>', 'up to (not including) this time')
    .option('--team <team>', 'only this team');
  return configId === 'required'
    ? command.requiredOption('--config-id <id>', 'the configuration pack whose versions are compared')
    : command.option('--config-id <id>', 'only this configuration pack');
}

/** kt analyze false-positives|tuning|volume|backlog|quality */
export function registerAnalyze(program: Command): void {
  const analyze = program.command('analyze').description('what the resolved queue says: false-positive clusters, tuning, volume, backlog, quality');

  withTables(withScope(analyze.command('false-positives')), 'false-positives')
    .description('clusters of escalations by policy, reason code and config version, most false positives first')
    .option('--by <dimensions>', 'also split by team, provider and/or model (comma-separated)')
    .option('--min-resolved <n>', 'leave out clusters with fewer resolved escalations')
    .option('--cause <cause>', 'count only false positives of this cause (policy_logic: the ones worth tuning)')
    .option('--terms <n>', 'separating request terms per cluster (default 5)')
    .action(question('false-positives', falsePositiveQuerySchema, (store, o) => falsePositiveClusters(store, o, 'everyone'), falsePositivesText));

  withTables(withScope(analyze.command('tuning'), 'required'), 'tuning')
    .description('one policy before and after a config change, with p-values and a verdict')
    .requiredOption('--policy <policy>', 'the policy compared')
    .option('--reason-code <code>', 'only this reason code of the policy')
    .requiredOption('--before <version>', 'the version before the change')
    .requiredOption('--after <version>', 'the version after the change')
    .option('--alpha <p>', 'significance level for the verdict (default 0.05)')
    .action(question('tuning', tuningQuerySchema, (store, o) => tuningComparison(store, { ...o, config_id: o.config_id ?? '', policy: o.policy ?? '', before: o.before ?? '', after: o.after ?? '' }, 'everyone'), tuningText));

  withTables(withScope(analyze.command('volume')), 'volume')
    .description('escalations per day or week, config deploys, and teams whose rate rose after a deploy')
    .option('--by <dimension>', 'team (default), policy or reason_code')
    .option('--bucket <size>', 'day (default) or week')
    .option('--window <duration>', 'period before and after each deploy (default 7d)')
    .option('--min-teams <n>', 'teams rising together that flag a deploy (default 2, at least 1)')
    .option('--alpha <p>', 'significance level a team\'s rise must beat, 0 to 1 (default 0.05)')
    .action(question('volume', volumeQuerySchema, (store, o) => reviewVolume(store, o, 'everyone'), volumeText));

  withTables(withScope(analyze.command('backlog')), 'backlog')
    .description('open items now; time to first claim and to resolve (p50, p90) overall, per reviewer, per severity')
    .action(question('backlog', backlogQuerySchema, (store, o) => backlog(store, o, 'everyone'), backlogText));

  withTables(withScope(analyze.command('quality')), 'quality')
    .description('shallow notes per reviewer, clusters where reviewers split, false positives without a cause')
    .option('--boilerplate-uses <n>', 'a note used verbatim this often is boilerplate (default 3)')
    .option('--min-split <share>', 'smaller outcome share that counts as a split (default 0.25)')
    .option('--min-resolved <n>', 'resolved escalations a cluster needs to be judged (default 4)')
    .action(question('quality', qualityQuerySchema, (store, o) => resolutionQuality(store, o, 'everyone'), qualityText));
}
