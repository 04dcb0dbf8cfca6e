import type { Command } from 'commander';
import { badInput } from '../errors.js';
import { categories, causes, escalationIdSchema, followUps, outcomes, resolutionSchema } from '../domain/escalation.js';
import { nextFilterSchema, queueFilterSchema, type EscalationDetail, type QueueItem, type QueuePage } from '../store/queue/index.js';
import { apiTarget, callApi, type ApiTarget } from './api-client.js';
import { globalOptions } from './context.js';
import { checkFlags } from './flags.js';
import { formatDetail, formatQueuePage, queueRows } from './escalation-text.js';
import { formatTable } from './table.js';

/** kt escalations list|get|claim|claim-next|unclaim|resolve|reassign: a client of the HTTP API (kt serve). */
export function registerEscalations(program: Command): void {
  const group = program
    .command('escalations')
    .description('work the review queue through a running kt server (KT_SERVER, token in KT_TOKEN)')
    .option('--server <url>', 'the kt server; env KT_SERVER, default http://127.0.0.1:8787');

  const target = (cmd: Command): ApiTarget => apiTarget(cmd.optsWithGlobals<{ server?: string }>().server);
  const path = (id: string, action = '') => `/api/escalations/${encodeURIComponent(checkedId(id))}${action}`;
  const printItem = (item: QueueItem, json: boolean, verb: string) => {
    if (json) process.stdout.write(JSON.stringify(item, null, 2) + '\n');
    else process.stdout.write(`${verb} ${item.id}\n` + formatTable(queueRows([item])));
  };

  withWorkFilters(group
    .command('list')
    .description('the queue, oldest first (or soonest due), with counts per status')
    .option('--status <status>', 'queued, claimed or resolved')
    .option('--owner <user>', 'a user id, or me'))
    .option('--limit <n>', 'items per page (1-500)', '50')
    .option('--cursor <cursor>', 'the next page, as printed after the previous one')
    .action(async (opts: Record<string, string | undefined>, cmd: Command) => {
      const g = globalOptions(cmd);
      const given = workFilters(opts, { status: opts.status, owner: opts.owner, limit: opts.limit, cursor: opts.cursor });
      checkFlags(queueFilterSchema, given);
      const page = await callApi<QueuePage>(target(cmd), 'GET', `/api/escalations?${new URLSearchParams(given)}`);
      process.stdout.write(g.json ? JSON.stringify(page, null, 2) + '\n' : formatQueuePage(page));
    });

  withWorkFilters(group
    .command('claim-next')
    .description('claim the next queued escalation of your teams: the oldest (or soonest due) that matches the filters'))
    .action(async (opts: Record<string, string | undefined>, cmd: Command) => {
      const given = workFilters(opts, {});
      checkFlags(nextFilterSchema, given);
      printItem(await callApi<QueueItem>(target(cmd), 'POST', `/api/escalations/claim-next?${new URLSearchParams(given)}`), globalOptions(cmd).json, 'claimed');
    });

  group
    .command('get')
    .description('one escalation: its event, the rule, its pattern and audit timeline')
    .argument('<id>')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const detail = await callApi<EscalationDetail>(target(cmd), 'GET', path(id));
      process.stdout.write(globalOptions(cmd).json ? JSON.stringify(detail, null, 2) + '\n' : formatDetail(detail));
    });

  for (const [name, verb, description] of [['claim', 'claimed', 'take a queued escalation'], ['unclaim', 'unclaimed', 'put your claimed escalation back in the queue']] as const) {
    group
      .command(name)
      .description(description)
      .argument('<id>')
      .action(async (id: string, _opts: unknown, cmd: Command) => {
        printItem(await callApi<QueueItem>(target(cmd), 'POST', path(id, `/${name}`)), globalOptions(cmd).json, verb);
      });
  }

  group
    .command('resolve')
    .description('resolve your claimed escalation (resolved is final)')
    .argument('<id>')
    .requiredOption('--outcome <outcome>', outcomes.join(' | '))
    .requiredOption('--category <category>', categories.join(' | '))
    .option('--cause <cause>', `${causes.join(' | ')} (required for false_positive)`)
    .requiredOption('--note <text>', 'why this outcome is right (a sentence, not "ok")')
    .option('--follow-up <action>', followUps.join(' | '))
    .action(async (id: string, opts: { outcome: string; category: string; cause?: string; note: string; followUp?: string }, cmd: Command) => {
      const body = { outcome: opts.outcome, category: opts.category, cause: opts.cause, note: opts.note, follow_up: opts.followUp };
      checkFlags(resolutionSchema, body);
      printItem(await callApi<QueueItem>(target(cmd), 'POST', path(id, '/resolve'), body), globalOptions(cmd).json, 'resolved');
    });

  group
    .command('reassign')
    .description('admin: hand an open escalation to a reviewer, or (without --to) put it back in the queue')
    .argument('<id>')
    .option('--to <user>', 'the new owner')
    .action(async (id: string, opts: { to?: string }, cmd: Command) => {
      printItem(await callApi<QueueItem>(target(cmd), 'POST', path(id, '/reassign'), opts.to ? { to: opts.to } : {}), globalOptions(cmd).json, 'reassigned');
    });
}

/** The filters that narrow which work a reviewer sees, shared by list and claim-next. */
function withWorkFilters(cmd: Command): Command {
  return cmd
    .option('--policy <policy>', 'only escalations of this policy')
    .option('--reason-code <code>', 'only escalations with this reason code')
    .option('--team <team>', 'only escalations of this team')
    .option('--config-version <version>', 'only escalations of events evaluated under this config version')
    .option('--severity <severity>', 'critical, high, medium or low')
    .option('--overdue <bool>', 'true or false')
    .option('--sort <order>', 'age (oldest first) or due (soonest due first)', 'age');
}

/** The query string's fields of the options given (withWorkFilters' and the command's own). */
function workFilters(opts: Record<string, string | undefined>, own: Record<string, string | undefined>): Record<string, string> {
  const query = {
    ...own, policy: opts.policy, reason_code: opts.reasonCode, team: opts.team, config_version: opts.configVersion,
    severity: opts.severity, overdue: opts.overdue, sort: opts.sort,
  };
  return Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
}

/** The <id> argument, refused before any request: an empty one would ask the server for the whole queue. */
function checkedId(id: string): string {
  const parsed = escalationIdSchema.safeParse(id);
  if (parsed.success) return parsed.data;
  const problem = parsed.error.issues[0]?.message ?? 'is invalid';
  throw badInput(`The escalation id ${JSON.stringify(id)} ${problem}: give one such as esc_evt_123 (kt escalations list prints them).`, { field: 'id', value: id });
}
