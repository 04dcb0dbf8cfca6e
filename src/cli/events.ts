import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { badInput } from '../errors.js';
import { decimalNumber } from '../domain/numbers.js';
import type { Store } from '../store/database.js';
// Straight from the modules, not the events index: the CLI does not need Arrow at start-up.
import { exportEvents, exportFormatNamedBy, exportFormats } from '../events/export.js';
import { eventLimitSchema, filterQueryString, maxEventLimit, parseEventFilter, type EventFilter } from '../events/filter.js';
import { followEvents, latestArrival } from '../events/follow.js';
import { openForReading } from '../events/open.js';
import type { EventRow } from '../events/rows.js';
import { summarizeEvents, type EventsSummary } from '../events/summary.js';
import { tailEvents } from '../events/tail.js';
import { EventTable } from '../events/table.js';
import { apiTarget, callApi, type ApiTarget } from './api-client.js';
import { globalOptions, printJsonLines } from './context.js';
import { eventsSummaryText } from './events-summary-text.js';
import { numberFlag } from './flags.js';

/** Filter flags as commander hands them over (camelCase text). */
interface FilterFlags {
  since?: string;
  until?: string;
  verdict?: string;
  policy?: string;
  reasonCode?: string;
  team?: string;
  configId?: string;
  configVersion?: string;
  limit?: string;
}

function withFilters(command: Command): Command {
  return command
    .option('--since <when>', 'from this time (inclusive): 5m, 1h, 24h, 7d, 2w back from now, or RFC 3339')
    .option('--until <when>', 'up to this time (exclusive), same forms as --since')
    .option('--verdict <verdict>', 'allow, block, redact or escalate (past tense accepted: escalated)')
    .option('--policy <policy>', 'only this policy, e.g. human-oversight')
    .option('--reason-code <code>', 'only this reason code')
    .option('--team <team>', 'only this team')
    .option('--config-id <id>', 'only this configuration pack')
    .option('--config-version <version>', 'only this configuration version');
}

function filterOf(flags: FilterFlags, limit?: number): EventFilter {
  return parseEventFilter({
    since: flags.since,
    until: flags.until,
    verdict: flags.verdict,
    policy: flags.policy,
    reason_code: flags.reasonCode,
    team: flags.team,
    config_id: flags.configId,
    config_version: flags.configVersion,
    limit,
  });
}

const intervalSchema = decimalNumber({ min: 0.1, max: 3600, unit: 'seconds' });

/** kt events tail|summary|export: the stored events, newest first, or counted. */
export function registerEvents(program: Command): void {
  const events = program.command('events').description('stored gateway events: tail (and follow), summarize or export a filtered selection');

  withFilters(events.command('tail'))
    .description('the newest events matching the filters, newest first; --follow keeps printing new ones')
    .option('--limit <n>', `at most this many events (1-${maxEventLimit})`, '50')
    .option('--follow', 'after printing, keep printing newly ingested events until interrupted (Ctrl-C)', false)
    .option('--interval <seconds>', 'with --follow: seconds between polls of the store', '1')
    .option('--server <url>', 'ask this kt server instead of reading the file (token in KT_TOKEN; your team limits apply); env KT_SERVER')
    .action(async (flags: FilterFlags & { follow: boolean; interval: string; server?: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      const limit = numberFlag('--limit', flags.limit, eventLimitSchema);
      const intervalSeconds = numberFlag('--interval', flags.interval, intervalSchema);
      // Only a follower polls: an --interval without --follow would be silently ignored.
      if (!flags.follow && cmd.getOptionValueSource('interval') === 'cli') throw badInput(`--interval ${JSON.stringify(flags.interval)} only applies with --follow (seconds between polls for new events).`, { field: 'interval', flag: '--interval', value: flags.interval });
      const filter = filterOf(flags, limit);
      const source = eventsSource(cmd, flags.server);
      if ('server' in source) {
        // A follower watches the file's arrivals, which the API does not answer by.
        if (flags.follow) throw badInput(`--follow reads the store file as events arrive; it does not work with a server (${source.server.server}): give --db, or run kt events tail there.`, { flag: '--follow' });
        const rows = await callApi<EventRow[]>(source.server, 'GET', `/api/events?${filterQueryString(filter, { limit: true })}`);
        if (g.json) printJsonLines(rows);
        else process.stdout.write(rows.length > 0 ? new EventTable().lines(rows) : '(no events match)\n');
        return;
      }
      // Listen before the first read, so an early Ctrl-C also ends a follower cleanly.
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      if (flags.follow) {
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
      }
      try {
        // Read-only, so tail runs beside other readers; the file is closed before following.
        const store = await openForReading(source.db);
        const { rows, after } = await closing(store, async () => ({
          rows: await tailEvents(store, filter),
          after: flags.follow ? await latestArrival(store) : null,
        }));
        const table = new EventTable({ roomy: flags.follow });
        const print = (batch: EventRow[]) => {
          if (g.json) printJsonLines(batch);
          else process.stdout.write(table.lines(batch));
        };
        if (rows.length > 0 || g.json || flags.follow) print(rows);
        else process.stdout.write('(no events match)\n');
        // An empty store has no latest arrival (null): then everything that arrives is new.
        if (flags.follow) await followEvents(source.db, filter, { after, intervalMs: intervalSeconds * 1000, signal: stop.signal, onEvents: print });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });

  withFilters(events.command('summary'))
    .description('how many events match the filters: per verdict, per day (or hour, for three days or less), the config versions deployed in the span, and the teams, reasons and versions they come from')
    .option('--server <url>', 'ask this kt server instead of reading the file (token in KT_TOKEN; your team limits apply); env KT_SERVER')
    .action(async (flags: FilterFlags & { server?: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      const filter = filterOf(flags);
      const source = eventsSource(cmd, flags.server);
      let summary: EventsSummary;
      if ('server' in source) {
        summary = await callApi<EventsSummary>(source.server, 'GET', `/api/events/summary?${filterQueryString(filter, { limit: false })}`);
      } else {
        const store = await openForReading(source.db);
        summary = await closing(store, () => summarizeEvents(store, filter));
      }
      process.stdout.write(g.json ? JSON.stringify(summary) + '\n' : eventsSummaryText(summary, filter));
    });

  withFilters(events.command('export'))
    .description('write every event matching the filters (no limit) to a CSV, NDJSON or Parquet file')
    .requiredOption('--format <format>', `one of ${exportFormats.join(', ')} (json = one event per line)`)
    .requiredOption('--out <file>', 'the file to write')
    .option('--force', 'overwrite --out if it exists', false)
    .action(async (flags: FilterFlags & { format: string; out: string; force: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      const filter = filterOf(flags);
      const format = z.enum(exportFormats).safeParse(flags.format);
      if (!format.success) throw badInput(`--format ${JSON.stringify(flags.format)} must be one of ${exportFormats.join(', ')}.`, { format: flags.format });
      // CSV written to blocked.parquet would not open as Parquet: the name, when it says a format, must agree.
      const named = exportFormatNamedBy(flags.out);
      if (named && named !== format.data) {
        throw badInput(`--format ${format.data} does not agree with --out ${JSON.stringify(flags.out)}, a ${named} file name: give --format ${named}, or another name.`, { format: format.data, out: flags.out });
      }
      const out = resolve(flags.out);
      if (!existsSync(dirname(out))) throw badInput(`--out ${JSON.stringify(flags.out)}: the directory ${dirname(out)} does not exist.`, { out: flags.out });
      const store = await openForReading(g.db, { allowedDirectories: [dirname(out)] });
      const result = await closing(store, () => exportEvents(store, filter, format.data, out, { force: flags.force }));
      if (g.json) process.stdout.write(JSON.stringify({ rows: result.rows, out: result.path, format: format.data }) + '\n');
      else process.stdout.write(`Exported ${result.rows} event${result.rows === 1 ? '' : 's'} to ${result.path} (${format.data}).\n`);
    });
}

/**
 * Where tail and summary read: the store file, or a running kt server, which answers as the
 * token's user (their team limits apply): for a reviewer who has no copy of the file. Flags beat
 * the environment: --server, then --db, then KT_SERVER when KT_DB is not set, then the file.
 */
function eventsSource(cmd: Command, serverFlag: string | undefined): { server: ApiTarget } | { db: string } {
  // --db has a default (KT_DB or ./kt.duckdb): whether it was typed is told by its source.
  const dbGiven = cmd.getOptionValueSourceWithGlobals('db') === 'cli';
  const { db } = globalOptions(cmd);
  if (serverFlag !== undefined) {
    if (dbGiven) throw badInput('Give --db (read the store file) or --server (ask a kt server), not both.', { db, server: serverFlag });
    return { server: apiTarget(serverFlag) };
  }
  if (!dbGiven && !process.env.KT_DB && process.env.KT_SERVER) return { server: apiTarget(undefined) };
  return { db };
}

/** Runs fn and always closes the store after it. */
async function closing<T>(store: Store, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    store.close();
  }
}
