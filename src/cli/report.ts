import type { Command } from 'commander';
import { isReportName, reportNames, type ReportName } from '../reports/definition.js';
import { reportFormatOf } from '../reports/format.js';
import { globalOptions } from './context.js';
import { badInput } from '../errors.js';
import { checkFlags, flagName } from './flags.js';

type Flags = Record<string, string | undefined>;

/** commander's camelCase flags as the snake_case options the reports take; --out and --format are the command's own. */
function reportOptions(flags: Flags): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(flags)) {
    if (value === undefined || key === 'out' || key === 'format') continue;
    out[key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value;
  }
  return out;
}

/** The report's refusal of flags meant for another report, named as flags: `--quarter` does not apply to false-positives. */
function refuseForeignFlags(name: ReportName, { foreign, takes }: { foreign: string[]; takes: string[] }): void {
  if (foreign.length === 0) return;
  const flags = foreign.map(flagName);
  const verb = flags.length > 1 ? 'do' : 'does';
  throw badInput(`${flags.join(', ')} ${verb} not apply to the ${name} report; it takes ${takes.map(flagName).join(', ')}.`, { report: name, unknown: flags, known: takes.map(flagName) });
}

/** kt report NAME --out FILE.html|FILE.pdf|FILE.csv [options] */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description(`write a report as HTML or PDF, or its data as CSV: ${reportNames.join(', ')}`)
    .argument('<name>', `the report: ${reportNames.join(' | ')}`)
    .requiredOption('--out <file>', 'where to write it; .html, .pdf (needs Chromium) or .csv (the data behind it, one table)')
    .option('--format <format>', 'html, pdf or csv, when the file name does not say')
    .option('--since <when>', 'from this time: a duration back from now (7d) or RFC 3339')
    .option('--until <when>', 'up to (not including) this time')
    .option('--team <team>', 'only this team')
    .option('--config-id <id>', 'only this configuration pack (required for tuning)')
    .option('--policy <policy>', 'tuning: the policy compared')
    .option('--reason-code <code>', 'tuning: only this reason code')
    .option('--before <version>', 'tuning: the version before the change')
    .option('--after <version>', 'tuning: the version after the change')
    .option('--by <dimensions>', 'false-positives: also split by team,provider,model; volume: team|policy|reason_code')
    .option('--min-resolved <n>', 'false-positives: leave out clusters with fewer resolved')
    .option('--cause <cause>', 'false-positives: count only false positives of this cause')
    .option('--terms <n>', 'false-positives: separating terms per cluster (default 5)')
    .option('--top <n>', 'false-positives: clusters shown (default 20)')
    .option('--quarter <quarter>', 'volume: a calendar quarter such as 2026Q3 (default: the quarter of the newest event)')
    .option('--bucket <size>', 'volume: day or week')
    .option('--window <duration>', 'volume: period before and after each deploy (default 7d)')
    .option('--min-teams <n>', 'volume: teams rising together that flag a deploy (default 2, at least 1)')
    .option('--alpha <p>', 'tuning, volume: significance level, 0 to 1 (default 0.05)')
    .addHelpText('after', '\nExamples:\n  kt report false-positives --since 30d --out fp.pdf\n  kt report tuning --config-id cfg_support_prod --policy human-oversight --before 2.2.0 --after 2.3.0 --out tuning.html\n  kt report volume --quarter 2026Q3 --out q3.pdf')
    .action(async (name: string, flags: Flags, cmd: Command) => {
      const g = globalOptions(cmd);
      const out = flags.out!;
      const format = reportFormatOf(out, flags.format);
      const params = reportOptions(flags);
      // For a PDF, Chromium starts first and comes up while the store, the chart
      // library and the report's queries load and run: those are imported only now.
      const printer = format === 'pdf' ? new (await import('../render/printer.js')).Printer({ maxPages: 1 }) : undefined;
      printer?.warm();
      let rendered;
      try {
        const [{ writeReport, reportOptionSchemas, foreignReportOptions }, { withStore }] = await Promise.all([import('../reports/render.js'), import('../store/database.js')]);
        if (isReportName(name)) {
          refuseForeignFlags(name, foreignReportOptions(name, params));
          checkFlags(reportOptionSchemas[name], params);
        }
        rendered = await withStore(g.db, { existing: true }, (store) =>
          writeReport(store, { name, params, viewer: 'everyone' }, out, format, printer));
      } finally {
        await printer?.close();
      }
      if (g.json) process.stdout.write(JSON.stringify({ report: rendered.name, format, out, generated_at: rendered.generated_at }) + '\n');
      else process.stderr.write(`Wrote ${rendered.title} (${format}) to ${out}\n`);
    });
}
